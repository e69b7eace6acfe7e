#!/usr/bin/env node
require('../dist/electron/cli.js');

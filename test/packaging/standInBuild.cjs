// Runs electron-builder's real `--dir` packaging for Linux on a staged app folder, with a stand-in
// for the Electron distribution (no download) and no native rebuild, so the test can inspect the real
// resources/app.asar and app.asar.unpacked. Run as a child process: node standInBuild.cjs <json>.
const { build, Platform } = require('electron-builder');
const path = require('node:path');

const { root, appDir, outDir, electronDist, electronVersion } = JSON.parse(process.argv[2]);
build({
  projectDir: root,
  targets: Platform.LINUX.createTarget('dir'),
  config: {
    extends: path.join(root, 'electron-builder.yml'),
    directories: { app: appDir, output: outDir, buildResources: path.join(root, 'build') },
    electronDist,
    electronVersion,
    npmRebuild: false,
    // Fuses are flipped inside the real Electron binary; the stand-in has none to flip.
    electronFuses: null,
  },
}).then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });

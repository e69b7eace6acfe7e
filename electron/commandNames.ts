// The contract's command names, for main and the preload. In the built bundles this module is replaced
// by a generated literal list (scripts/bundles.mjs), so neither bundle carries zod or the schemas; from
// source (type-checking, tests) it is the contract's own list.
export { COMMAND_NAMES } from '../shared/contract';

// The console's configuration: what it reads (flags, environment, the deployment's env files),
// in which order, and how secrets stay masked. See config/load.ts for the precedence rules.
export { loadConfig, PROJECTION_BACKENDS } from './config/load.js';
export type { ConsoleConfig, ConfigFinding, LoadConfigOptions, ProjectionBackend } from './config/load.js';
export { configFlags, configFlagValues } from './config/flags.js';
export type { ConfigFlagName } from './config/flags.js';
export { Secret } from './config/setting.js';
export type { Setting, ValueSource } from './config/setting.js';
export { describeConfig } from './config/describe.js';
export type { EffectiveConfig } from './config/describe.js';

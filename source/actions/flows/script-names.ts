// The built-in `run` scripts by name, apart from run-script.ts so the `run` command's help can
// list them without loading the action machinery behind them.
export const BUILTIN_SCRIPTS = ['release-check', 'doctor', 'status', 'reproject'] as const;

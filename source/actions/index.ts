// Public API of the action runner for the TUI and the headless commands.
export { flows, startAction, buildFlow, type FlowDescriptor, type FlowContext, type FlowArgs } from './catalog.js';
export { runAction, type RunOptions, type RunOutcome } from './runner.js';
export { reduceActionRun, TAIL_LINES, type ActionRun, type StepRun, type RunLine } from './run-state.js';
export { readRecentAudit, type AuditEntry } from './audit.js';
export { findPendingRecovery, recover, recoveryAction, type PendingRecovery, type RecoveryMode } from './flows/restore-recovery.js';
export type { Action, ActionEvent, ActionListener, ConfirmRequest, Step, StepContext } from './types.js';

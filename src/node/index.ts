/**
 * `import { RLM } from 'rlm-studio'`: the app's engine without the page (Node ≥ 20.19). See README "Library".
 */
export { RLM, type RLMOptions, type CompletionInput, type CompletionResult, type RunStream, type Budgets } from './rlm';
export { RLMSession } from './session';
export type { ContextInput, NamedContext } from './context';
export type { ProviderOptions } from './providers';
export type { Usage } from './turn';
export { defaultTransport, SANDBOX_BOUNDARY } from './sandbox-host';
export type { RunEvent, StopReason, RunStatus, UsageTotals } from '../core/events';
export type { EngineSettings } from '../core/settings';
export type { SandboxTransport, TransportFactory } from '../sandbox/api';
export { toJsonl as trajectoryToJsonl } from '../core/export';
export { officialJsonl } from './trace';

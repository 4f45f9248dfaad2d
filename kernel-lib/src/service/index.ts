/** The local SageMaker-compatible service: what the CLI and (later) the SDK's local session use. */
export { startService, serviceHost, type RunningService, type ServiceOptions } from './server.js';
export { resolveHome, homePaths } from './home.js';
export { readCredentials, loadOrCreateCredentials, type LocalCredentials } from './credentials.js';
export { findRunningService, readState, type ServiceState } from './instance.js';
export { AwsError } from './errors.js';

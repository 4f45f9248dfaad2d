/** The local SageMaker-compatible service: what the CLI and (later) the SDK's local session use. */
export { startService, type RunningService, type ServiceOptions } from './server.js';
// What a client needs to find this service's home lives below both, in home/.
export { resolveHome, homePaths } from '../home/paths.js';
export { readCredentials, loadOrCreateCredentials, type LocalCredentials } from '../home/credentials.js';
export { findRunningService, readState, serviceHost, type ServiceState } from '../home/instance.js';
export { AwsError } from './errors.js';

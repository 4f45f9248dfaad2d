export * from './errors';
export * from './operations';
export { jupyterServiceClient, notifyingClient, requestService, servicePath } from './request';

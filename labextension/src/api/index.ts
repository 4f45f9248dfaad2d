export * from './errors';
export * from './operations';
export { jupyterServiceClient, requestService, servicePath } from './request';

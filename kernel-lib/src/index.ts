/**
 * Sluice: define, run and watch SageMaker pipelines from Jupyter, in TypeScript.
 * This is what a notebook imports: `import { Pipeline, ProcessingStep } from "sluice"`.
 */
export { version } from './version.js';
export * from './sdk/index.js';
export * from './session/index.js';
export * from './notebook/index.js';
export * from './projects/index.js';

/**
 * Sluice: define, run and watch SageMaker pipelines from Jupyter, in TypeScript.
 * This is what a notebook imports: `import { version } from "sluice"`.
 */
export { version } from "./version.js";
export * from "./sdk/index.js";

/** Projects: a seed repository made from a template, with the model package group its pipeline registers in. */
export { createProject, describeProject, listProjectTemplates } from './create.js';
export type { CreateProjectOptions, Project, ProjectTemplateSummary } from './create.js';
export { settingsFileName } from './repository.js';
export type { ProjectSettings } from './repository.js';

/** Project names, checked before anything is made, so a refusal leaves nothing behind. */

/** SageMaker's ProjectName: 1–32 alphanumerics and hyphens, starting with an alphanumeric. */
export const projectNamePattern = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/;

/** Why the name is refused, or undefined when it is fine. */
export function projectNameProblem(name: string): string | undefined {
  // Named first and on their own: these are the names that would write outside the workspace.
  if (name.includes('/') || name.includes('\\') || name.includes('..')) {
    return `Project name '${name}' would escape the workspace: it may not contain '/', '\\' or '..'`;
  }
  if (!projectNamePattern.test(name)) {
    return `Project name '${name}' is invalid: use 1 to 32 letters, digits and hyphens, starting and ending with a letter or digit`;
  }
  return undefined;
}

/** The seed repository's folder name, as SageMaker names the CodeCommit repository's suffix. */
export const repositoryFolderName = (projectName: string): string => `${projectName}-modelbuild`;

/** Pipeline and model package group share this name, as in the seed's buildspec. */
export const projectResourceName = (projectName: string, projectId: string): string => `${projectName}-${projectId}`;

// @ts-check
// The folder JupyterLab serves. A new one starts with the notebooks a user opens first.
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';

export const starterNotebooks = join(repoRoot, 'notebooks');

/**
 * Creates the workspace if it does not exist yet, with copies of the starter notebooks and the files
 * they use (step code in folders next to them). An existing workspace is left exactly as it is.
 * @param {string} workspace
 * @returns {string[]} the notebooks and folders added
 */
export function prepareWorkspace(workspace) {
  if (existsSync(workspace)) return [];
  mkdirSync(workspace, { recursive: true });
  const added = readdirSync(starterNotebooks).filter((name) => !name.startsWith('.'));
  for (const name of added) cpSync(join(starterNotebooks, name), join(workspace, name), { recursive: true });
  return added;
}

// @ts-check
// A set-up step is skipped when the fingerprint of its inputs matches the one stored when it last succeeded.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot, stateDir } from './paths.mjs';

/** @param {string} path @param {import('node:crypto').Hash} hash */
function addPath(path, hash) {
  if (!existsSync(path)) {
    hash.update(`missing:${relative(repoRoot, path)}\n`);
    return;
  }
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) addPath(join(path, entry), hash);
    return;
  }
  hash.update(`file:${relative(repoRoot, path)}\n`);
  hash.update(readFileSync(path));
}

/**
 * @param {string[]} paths  files and folders whose content the step depends on
 * @param {string[]} [facts] other inputs, e.g. a tool's version
 */
export function fingerprint(paths, facts = []) {
  const hash = createHash('sha256');
  for (const fact of facts) hash.update(`fact:${fact}\n`);
  for (const path of paths) addPath(path, hash);
  return hash.digest('hex');
}

/** @param {string} step */
export function storedFingerprint(step) {
  try {
    return readFileSync(join(stateDir, `${step}.fingerprint`), 'utf8');
  } catch {
    return undefined;
  }
}

/** @param {string} step @param {string} value */
export function storeFingerprint(step, value) {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, `${step}.fingerprint`), value);
}

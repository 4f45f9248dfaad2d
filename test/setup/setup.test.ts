import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, venvPython } from '../../scripts/lib/paths.mjs';

function runSetup(env: NodeJS.ProcessEnv = process.env) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'setup.mjs')], { cwd: repoRoot, env, encoding: 'utf8' });
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

const madePaths: string[] = [];
afterAll(() => {
  for (const bin of madePaths) rmSync(bin, { recursive: true, force: true });
});

/** A PATH holding node and, optionally, a stand-in python3 that reports `pythonVersion`. */
function pathWith(pythonVersion?: string): string {
  const bin = mkdtempSync(join(tmpdir(), 'sluice-path-'));
  madePaths.push(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  if (pythonVersion !== undefined) {
    writeFileSync(join(bin, 'python3'), `#!/bin/sh\necho ${pythonVersion}\n`);
    chmodSync(join(bin, 'python3'), 0o755);
  }
  return bin;
}

describe('npm run setup', () => {
  it('on a second run skips every step without reinstalling anything', () => {
    const npmMarker = join(repoRoot, 'node_modules', '.package-lock.json');
    const before = { npm: statSync(npmMarker).mtimeMs, venv: statSync(venvPython).mtimeMs };

    const second = runSetup();

    expect(second.status).toBe(0);
    const stepLines = second.stdout.split('\n').filter((line) => /^\[\d+\/\d+\]/.test(line));
    expect(stepLines.length).toBeGreaterThanOrEqual(7);
    for (const line of stepLines) expect(line).toMatch(/: up to date$/);
    expect(second.stdout).not.toContain('working…');
    expect(statSync(npmMarker).mtimeMs).toBe(before.npm);
    expect(statSync(venvPython).mtimeMs).toBe(before.venv);
    console.log(`second set-up run took ${second.seconds.toFixed(1)} s`);
  });

  it('names a missing python3 and how to install it', () => {
    const env = { PATH: pathWith(), HOME: process.env.HOME };
    const result = runSetup(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('python3 ≥ 3.10 not found');
    expect(result.stderr).toContain('How to fix: install Python 3.10 or newer');
  });

  it('names a python3 that is too old', () => {
    const env = { PATH: pathWith('3.8.10'), HOME: process.env.HOME };
    const result = runSetup(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('python3 ≥ 3.10 not found (only python3 3.8.10)');
  });
});

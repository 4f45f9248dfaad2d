// After `npm run setup`, the CLI is a command of the repository: `npx sluice …` and `npm exec sluice …`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const { version } = JSON.parse(readFileSync(join(repoRoot, 'kernel-lib', 'package.json'), 'utf8')) as { version: string };

describe('the sluice command', () => {
  it.each([
    ['npx sluice version', npx, ['--no-install', 'sluice', 'version']],
    ['npm exec sluice version', npm, ['exec', '--no', '--', 'sluice', 'version']],
  ])('%s prints the installed version', (_title, command, args) => {
    const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8' });
    expect(result.stderr).not.toContain('Permission denied');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });
});

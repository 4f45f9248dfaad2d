import { spawnSync } from 'node:child_process';
import { jupyterEnv, tslabKernelLauncher, venvBin } from '../../scripts/lib/paths.mjs';

function jupyter(...args: string[]): { stdout: string; all: string } {
  const result = spawnSync(`${venvBin}/jupyter`, args, { encoding: 'utf8', env: jupyterEnv() });
  expect(result.status).toBe(0);
  // `labextension list` writes to stderr and colours "enabled OK" even without a terminal.
  return { stdout: result.stdout, all: `${result.stdout}\n${result.stderr}`.replace(/\u001b\[[0-9;]*m/g, '') };
}

describe("the venv's JupyterLab", () => {
  it('lists sluice-labextension as enabled and OK', () => {
    const listing = jupyter('labextension', 'list').all;
    expect(listing).toMatch(/sluice-labextension v\d+\.\d+\.\d+ enabled OK/);
    expect(listing).not.toMatch(/sluice-labextension.*(disabled|X)/);
  });

  it('has the tslab kernel "TypeScript (Sluice)" registered', () => {
    const specs = JSON.parse(jupyter('kernelspec', 'list', '--json').stdout) as {
      kernelspecs: Record<string, { spec: { display_name: string; language: string; argv: string[] } }>;
    };
    const tslab = specs.kernelspecs.tslab;
    expect(tslab.spec.display_name).toBe('TypeScript (Sluice)');
    expect(tslab.spec.language).toBe('typescript');
    // This Node.js runs the project's tslab through the launcher that makes a kernel which cannot bind its ports exit.
    expect(tslab.spec.argv).toEqual([process.execPath, tslabKernelLauncher, 'kernel', '--config-path', '{connection_file}']);
  });
});

// What planLaunch gives a sandboxed job: bwrap's arguments for a sandbox built for it, and the shape of one built
// ahead (warm-sandbox.ts), which must be the same sandbox: the same mounts, with the slot where the job's folder goes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { JOB_HELD_FDS, planLaunch } from '../../kernel-lib/src/engine/jobs/launch.js';
import { sandboxSupport } from '../../kernel-lib/src/engine/jobs/sandbox.js';
import { HELD_FDS, SLOT } from '../../kernel-lib/src/engine/jobs/warm-sandbox.js';
import { makeTestWorkspace } from '../harness/workspace.js';

const home = makeTestWorkspace('launch-plan');
const whenSandboxed = sandboxSupport().available ? it : it.skip;

/** bwrap's arguments as pairs of an option and what follows it, up to `--`. */
function options(args: readonly string[]): string[] {
  return args.slice(0, args.indexOf('--') + 1);
}

describe('the plan of a sandboxed job', () => {
  const jobDir = join(home, 'jobs', 'plan-job', 'ml');
  const environments = join(home, 'envs');
  const shared = join(home, 'shared');
  const missing = join(home, 'not-there');
  mkdirSync(jobDir, { recursive: true });
  mkdirSync(environments, { recursive: true });
  mkdirSync(shared, { recursive: true });

  const plan = (memoryBytes?: number) =>
    planLaunch({
      jobDir,
      executable: process.execPath,
      args: ['-e', '0'],
      env: { A: '1' },
      workingDir: '/opt/ml/processing',
      limits: memoryBytes === undefined ? undefined : { memoryBytes, instanceType: 'ml.m5.large', networkIsolation: false },
      policy: { hide: [home, missing], readOnly: [environments, missing], writable: [shared, missing] },
      interpreters: [process.execPath],
    });

  whenSandboxed('the shape of a sandbox built ahead is the sandbox built for the job, with the slot for its folder', () => {
    for (const launch of [plan(), plan(2 ** 30)]) {
      expect(launch.argv[0]).toBe('bwrap');
      const own = options(launch.argv.slice(1));
      const shape = launch.handOver?.shape;
      expect(shape).toBeDefined();
      const held = launch.memory === undefined ? undefined : ([JOB_HELD_FDS, HELD_FDS] as const);
      // The job's folder, its working directory (the shell cds there) and the fds bwrap waits and reports on differ.
      const expected = own.map((arg, i) => {
        if (arg === jobDir) return SLOT;
        if (own[i - 1] === '--chdir') return '/';
        if (held !== undefined && own[i - 1] === '--block-fd') return String(held[1].blockFd);
        if (held !== undefined && own[i - 1] === '--info-fd') return String(held[1].infoFd);
        return arg;
      });
      expect(shape?.args).toEqual(expected);
      expect(shape?.cgroup).toBe(launch.memory !== undefined);
      // What the host has is mounted; what it has not is left out of both.
      expect(own.join(' ')).toContain(`--bind ${shared} ${shared}`);
      expect(own.join(' ')).toContain(`--ro-bind ${environments} ${environments}`);
      expect(own).not.toContain(missing);
      expect(launch.handOver?.workingDir).toBe('/opt/ml/processing');
    }
  });
});

// Sandboxes built ahead of their jobs (warm-sandbox.ts): a job takes the one waiting for its shape, its folder
// becomes /opt/ml, and its shell is handed the environment, working directory and program exactly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeWaitingSandboxes } from '../../kernel-lib/src/engine/jobs/warm-sandbox.js';
import { MemoryLimit, memoryLimitSupport } from '../../kernel-lib/src/engine/jobs/memory-limit.js';
import { sandboxSupport } from '../../kernel-lib/src/engine/jobs/sandbox.js';
import { runNodeJob } from '../harness/host-job.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';

const home = makeTestWorkspace('warm-sandbox');
const jobsDir = join(home, 'jobs');
const whenSandboxed = sandboxSupport().available ? it : it.skip;
const runtimes = { python: 'python3', node: process.execPath, sandbox: { hide: [home], readOnly: [] } };
/** Slots of sandboxes waiting for jobs (`.warm-<pid>-<n>`); `.old` ones are emptied job folders kept for the next slots. */
const waitingSlots = () => readdirSync(jobsDir).filter((name) => name.startsWith('.warm-') && !name.endsWith('.old'));
const keptFolders = () => readdirSync(jobsDir).filter((name) => name.startsWith('.warm-') && name.endsWith('.old'));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** The pid of the bwrap waiting on a slot (its command line names the slot). */
const waitingPid = (slot: string) =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .find((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(join(jobsDir, slot));
      } catch {
        return false;
      }
    });

// Writes what the job sees into its /opt/ml: its environment, working directory, stdin, fds and folder.
const report = `import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
let stdin = 'open';
try { stdin = String(readFileSync(0).length); } catch (error) { stdin = error.code; }
writeFileSync('/opt/ml/seen.json', JSON.stringify({
  env: process.env, cwd: process.cwd(), argv: process.argv.slice(2), stdin,
  fds: readdirSync('/proc/self/fd').filter((fd) => Number(fd) > 2).map((fd) => { try { return readlinkSync('/proc/self/fd/' + fd); } catch { return ''; } }),
  ml: readdirSync('/opt/ml').sort(),
}));`;
const seen = (ml: string) =>
  JSON.parse(readFileSync(join(ml, 'seen.json'), 'utf8')) as {
    env: Record<string, string>;
    cwd: string;
    argv: string[];
    stdin: string;
    fds: string[];
    ml: string[];
  };

describe('a sandbox built ahead of its job', () => {
  afterAll(() => closeWaitingSandboxes(jobsDir));

  // First in this file: a process sweeps once, when it first builds a sandbox.
  whenSandboxed("the slots and cgroups a service that died left behind are removed; a live service's are kept", async () => {
    const dead = 99_999_999; // above any pid_max
    expect(alive(dead)).toBe(false);
    mkdirSync(join(jobsDir, `.warm-${dead}-1`, 'data'), { recursive: true });
    mkdirSync(join(jobsDir, `.warm-${process.ppid}-1`), { recursive: true });
    const stale = MemoryLimit.create(`sandbox-warm-${dead}-1`);
    const cgroupParent = /under (.+)$/.exec(memoryLimitSupport().how)?.[1];
    if (stale !== undefined) expect(existsSync(join(cgroupParent ?? '', `sluice-sandbox-warm-${dead}-1`))).toBe(true);
    const job = await runNodeJob(jobsDir, 'after-a-dead-service', 'console.log("ran")', runtimes);
    expect(job.result.outcome).toBe('completed');
    expect(existsSync(join(jobsDir, `.warm-${dead}-1`))).toBe(false);
    expect(existsSync(join(jobsDir, `.warm-${process.ppid}-1`))).toBe(true);
    rmSync(join(jobsDir, `.warm-${process.ppid}-1`), { recursive: true });
    if (stale !== undefined) expect(existsSync(join(cgroupParent ?? '', `sluice-sandbox-warm-${dead}-1`))).toBe(false);
  });

  whenSandboxed(
    'the next job of the same shape takes the one left waiting: its own folder at /opt/ml, its environment, arguments and working directory exactly',
    async () => {
      const first = await runNodeJob(jobsDir, 'first', report, runtimes);
      expect(first.result.outcome).toBe('completed');
      // One waits for the next job, with an empty /opt/ml of its own.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const [slot] = waitingSlots();
      expect(waitingSlots()).toHaveLength(1);
      expect(readdirSync(join(jobsDir, slot ?? ''))).toEqual([]);

      // The second job's inputs are in its folder before it starts; the shell gets words a shell would expand.
      mkdirSync(join(jobsDir, 'second', 'ml', 'processing', 'input'), { recursive: true });
      writeFileSync(join(jobsDir, 'second', 'ml', 'processing', 'input', 'data.csv'), '1,2\n');
      const tricky = `it's "$(touch /tmp/owned)" $HOME \`id\`\nsecond line \\ end`;
      const second = await runNodeJob(jobsDir, 'second', report, runtimes, {
        env: { TRICKY: tricky, SM_CHANNEL_TRAIN: '/opt/ml/processing/input' },
        command: ['node', '/opt/ml/code/job.mjs', tricky, '--flag=*', ''],
        workingDir: '/opt/ml/processing',
      });
      expect(second.result.outcome).toBe('completed');
      // The slot became the job's folder: nothing of it is left beside the jobs.
      expect(existsSync(join(jobsDir, slot ?? ''))).toBe(false);
      const view = seen(second.ml);
      expect(view.ml).toEqual(['code', 'processing']);
      expect(readFileSync(join(second.ml, 'processing', 'input', 'data.csv'), 'utf8')).toBe('1,2\n');
      expect(view.argv).toEqual([tricky, '--flag=*', '']);
      expect(view.cwd).toBe('/opt/ml/processing');
      // Exactly the job's environment: no PWD or OLDPWD from the shell, nothing of the service's.
      expect(Object.keys(view.env).sort()).toEqual(['HOME', 'LANG', 'PATH', 'SM_CHANNEL_TRAIN', 'TRICKY']);
      expect(view.env.TRICKY).toBe(tricky);
      // stdin is /dev/null, and the socket the shell said it was ready on is closed (Node's own fds are no sockets).
      expect(view.stdin).toBe('0');
      expect(view.fds.filter((fd) => fd.startsWith('socket:'))).toEqual([]);
      expect(second.log).not.toMatch(/could not be used/);
    },
  );

  whenSandboxed('a process whose only work is its jobs lives until they end, even while the sandbox a job took is still starting', () => {
    // Jobs that end at once: the sandbox left waiting for the next is taken before its shell runs. A script with no
    // server of its own (a bench, the engine driven directly) must not exit then, with a job unfinished.
    const script = join(home, 'quick-jobs.mjs');
    writeFileSync(
      script,
      `import { mkdirSync } from 'node:fs';
      import { join } from 'node:path';
      import { runHostJob } from ${JSON.stringify(join(repoRoot, 'kernel-lib', 'dist', 'engine', 'jobs', 'host-process.js'))};
      import { JobLog } from ${JSON.stringify(join(repoRoot, 'kernel-lib', 'dist', 'engine', 'jobs', 'job-log.js'))};
      const [jobs, count] = process.argv.slice(2);
      const runtimes = { python: 'python3', node: process.execPath, sandbox: { hide: [${JSON.stringify(home)}], readOnly: [] } };
      let completed = 0;
      for (let i = 0; i < Number(count); i++) {
        const jobDir = join(jobs, 'quick-' + i, 'ml');
        mkdirSync(jobDir, { recursive: true });
        const log = new JobLog(join(jobs, 'quick-' + i, 'log'));
        const result = await runHostJob({ jobDir, command: ['/bin/true'], env: {}, log, runtimes, signal: new AbortController().signal });
        if (result.outcome === 'completed') completed += 1;
      }
      console.log(completed + ' of ' + count + ' jobs completed');`,
    );
    const run = spawnSync(process.execPath, [script, join(home, 'quick-jobs'), '40'], { encoding: 'utf8', timeout: 60_000 });
    // Node exits 13 when its event loop empties with the script still awaiting.
    expect({ status: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() }).toEqual({ status: 0, stdout: '40 of 40 jobs completed', stderr: '' });
  });

  whenSandboxed('a job whose environment a shell cannot export (a name with a dash) still gets it, in a sandbox of its own', async () => {
    const { result, ml } = await runNodeJob(jobsDir, 'dashed', report, runtimes, { env: { 'MY-VAR': 'x y' } });
    expect(result.outcome).toBe('completed');
    expect(seen(ml).env['MY-VAR']).toBe('x y');
  });

  whenSandboxed('a failing program and a missing working directory fail the job with their exit code', async () => {
    const failing = await runNodeJob(jobsDir, 'failing', 'process.exit(3)', runtimes);
    expect(failing.result).toMatchObject({ outcome: 'failed', exitCode: 3 });
    const missing = await runNodeJob(jobsDir, 'missing', report, runtimes, { workingDir: '/no/such/folder' });
    expect(missing.result.outcome).toBe('failed');
    expect(missing.log).toMatch(/can't cd|No such file/);
  });

  (sandboxSupport().available && memoryLimitSupport().available ? it : it.skip)(
    'jobs with memory limits started together each run in a cgroup of their own, with their own limit',
    async () => {
      const limits = (mib: number) => ({ limits: { networkIsolation: false, memoryBytes: mib * 1024 * 1024, instanceType: 'ml.test' } });
      // The job's memory cgroup and the limit the host's cgroup files give it (v2's single line, or v1's memory controller).
      const cgroupOf = `import { readFileSync, writeFileSync } from 'node:fs';
        const line = readFileSync('/proc/self/cgroup', 'utf8').split('\\n').find((l) => l.startsWith('0::') || /:memory:/.test(l));
        const path = line.split(':').slice(2).join(':');
        const limit = line.startsWith('0::') ? '/sys/fs/cgroup' + path + '/memory.max' : '/sys/fs/cgroup/memory' + path + '/memory.limit_in_bytes';
        writeFileSync('/opt/ml/cgroup.json', JSON.stringify({ path, limit: readFileSync(limit, 'utf8').trim() }));`;
      const jobs = await Promise.all([
        runNodeJob(jobsDir, 'limited-a', cgroupOf, runtimes, limits(200)),
        runNodeJob(jobsDir, 'limited-b', cgroupOf, runtimes, limits(300)),
        runNodeJob(jobsDir, 'limited-c', cgroupOf, runtimes, limits(400)),
      ]);
      for (const job of jobs) expect(job.result.outcome).toBe('completed');
      const groups = jobs.map((job) => JSON.parse(readFileSync(join(job.ml, 'cgroup.json'), 'utf8')) as { path: string; limit: string });
      for (const group of groups) expect(group.path).toMatch(/sluice-sandbox-/);
      expect(new Set(groups.map((group) => group.path)).size).toBe(3);
      expect(groups.map((group) => Number(group.limit) / 1024 / 1024)).toEqual([200, 300, 400]);
    },
  );

  whenSandboxed('jobs in a row, each in the folder the one before set aside, see their own files only', async () => {
    // Each job's emptied folder becomes a later slot (a rename, not a new folder): nothing of any job may be in it.
    const names = ['row-1', 'row-2', 'row-3', 'row-4'];
    for (const [index, name] of names.entries()) {
      mkdirSync(join(jobsDir, name, 'ml', 'processing', `only-${name}`), { recursive: true });
      writeFileSync(join(jobsDir, name, 'ml', 'processing', `only-${name}`, 'data.csv'), `${index}\n`);
      const job = await runNodeJob(
        jobsDir,
        name,
        `${report}\nwriteFileSync('/opt/ml/processing/tree.json', JSON.stringify(readdirSync('/opt/ml/processing')));`,
        runtimes,
      );
      expect(job.result.outcome).toBe('completed');
      expect(job.log).not.toMatch(/could not be used/);
      expect(seen(job.ml).ml).toEqual(['code', 'processing']);
      expect(JSON.parse(readFileSync(join(job.ml, 'processing', 'tree.json'), 'utf8'))).toEqual([`only-${name}`]);
    }
    // Kept folders are empty, and fewer than the jobs that set them aside.
    for (const kept of keptFolders()) expect(readdirSync(join(jobsDir, kept))).toEqual([]);
    expect(keptFolders().length).toBeLessThan(names.length);
  });

  whenSandboxed('closing the service ends the sandboxes left waiting and removes their folders', async () => {
    await runNodeJob(jobsDir, 'before-close', report, runtimes);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [slot] = waitingSlots();
    const pid = Number(waitingPid(slot ?? ''));
    expect(alive(pid)).toBe(true);
    closeWaitingSandboxes(jobsDir);
    // Nothing of the service's is left beside the jobs: no slot, no folder kept for one.
    expect(readdirSync(jobsDir).filter((name) => name.startsWith('.warm-'))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(pid)).toBe(false);
  });
});

// A user's own session against a service of the test's: `sluice service start`, then `eval "$(sluice service env)"`
// and nothing of this machine's AWS set-up; Python scripts run with exactly that environment.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace, testEnvsDir } from '../harness/workspace.js';
import { cli, parseEnv } from '../service/cli-harness.js';
import { temporaryHome } from '../service/service-harness.js';

export interface ServiceUser {
  readonly home: string;
  /** What `service env` printed. */
  variables(): Record<string, string>;
  /** A user's whole environment: PATH, a HOME of its own, no AWS files, and what `service env` printed. */
  env(): Record<string, string>;
  /** Runs a script with the test venv's Python and only the variables a user would have. */
  runPython(script: string, args: string[]): Promise<{ code: number | null; output: string }>;
  /**
   * Runs test/sagemaker-sdk/`script` with `args` and the path of a JSON file it writes last; expects it to end
   * cleanly and returns what it wrote.
   */
  outcomeOf<T>(script: string, args: string[]): Promise<T>;
}

/** Starts the service before the suite's tests (the framework environments this test run shares) and stops it after. */
export function serviceUser(): ServiceUser {
  const { home, remove } = temporaryHome();
  let variables: Record<string, string> | undefined;

  beforeAll(() => {
    const started = spawnSync(process.execPath, [cli, 'service', 'start', '--home', home], {
      encoding: 'utf8',
      env: { ...process.env, SLUICE_ENVS_DIR: testEnvsDir },
    });
    if (started.status !== 0) throw new Error(`service start failed: ${started.stderr}`);
    variables = parseEnv(spawnSync(process.execPath, [cli, 'service', 'env', '--home', home], { encoding: 'utf8' }).stdout);
  });

  afterAll(() => {
    spawnSync(process.execPath, [cli, 'service', 'stop', '--home', home]);
    remove();
  });

  const printed = (): Record<string, string> => {
    if (variables === undefined) throw new Error('the service has not started');
    return variables;
  };
  // The SDK writes temporary files that it leaves behind (a function's generated requirements.txt): in the home.
  const tmp = join(home, 'tmp');
  const env = (): Record<string, string> => ({
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    TMPDIR: tmp,
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    ...printed(),
  });
  // Its output is stdout and stderr together: the SDK prints its errors (in boxes, by rich) to stdout.
  const runPython = (script: string, args: string[]): Promise<{ code: number | null; output: string }> => {
    mkdirSync(tmp, { recursive: true });
    const child = spawn(testVenvPython, [script, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => (output += chunk.toString());
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
  };
  return {
    home,
    variables: printed,
    env,
    runPython,
    async outcomeOf<T>(script: string, args: string[]): Promise<T> {
      const output = join(makeTestWorkspace(script.replace(/\W+/g, '-')), 'outcome.json');
      const run = await runPython(join(repoRoot, 'test', 'sagemaker-sdk', script), [...args, output]);
      // The end of its output says what went wrong.
      if (run.code !== 0 || /Traceback/.test(run.output)) throw new Error(`${script} exited with ${run.code}:\n${run.output.slice(-4000)}`);
      return JSON.parse(readFileSync(output, 'utf8')) as T;
    },
  };
}

// Jupyter chooses a kernel's ports before the kernel binds them, and any process can take one meanwhile. tslab
// then ran on deaf, and a notebook job waited for its kernel until its startup timeout (CI: the notebook step test
// timed out). Here a kernel loses its shell port to another process, for real, and the port stays taken: the
// project's tslab kernel exits saying which address it could not bind, and both a notebook job's runner and
// JupyterLab start it again on new ports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jupyterDataDir, repoRoot, tslabKernelName, venvPython } from '../../scripts/lib/paths.mjs';
import { waitFor } from '../../scripts/lib/processes.mjs';
import { startTestJupyterLab, type TestJupyterLab } from '../harness/jupyter.js';

const runner = join(repoRoot, 'kernel-lib', 'containers', 'notebook-job', 'run_notebook.py');
let folder: string;

// Started as the kernel: for its first THIEF_TIMES starts, another process takes the kernel's shell port (from the
// connection file) and keeps it for two minutes, as a connection handed that port would; after those, it is the
// kernel itself. Each port taken is written to THIEF_COUNT.ports, each holder's pid to THIEF_COUNT.holders.
const thief = `import json, os, socket, subprocess, sys, time
count_file = os.environ["THIEF_COUNT"]
count = int(open(count_file).read()) if os.path.exists(count_file) else 0
open(count_file, "w").write(str(count + 1))
connection, kernel = sys.argv[1], sys.argv[2:]
if count >= int(os.environ["THIEF_TIMES"]):
    os.execv(kernel[0], kernel)
port = json.load(open(connection))["shell_port"]
holder = socket.socket()
holder.bind(("127.0.0.1", port))
holder.listen()
open(count_file + ".ports", "a").write(f"{port}\\n")
if os.fork() == 0:
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    open(count_file + ".holders", "a").write(f"{os.getpid()}\\n")
    time.sleep(120)
    os._exit(0)
holder.close()
sys.exit(subprocess.call(kernel))
`;

/** The lines of a file the thief appends to (none if it has not written it). */
const linesOf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const holders: string[] = [];

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'kernel-start-'));
  writeFileSync(join(folder, 'thief.py'), thief);
  // The project's tslab kernel, as set-up registered it, started by the thief.
  const tslab = JSON.parse(readFileSync(join(jupyterDataDir, 'kernels', tslabKernelName, 'kernel.json'), 'utf8')) as { argv: string[] };
  const spec = join(folder, 'jupyter', 'kernels', 'tslab-thief');
  mkdirSync(spec, { recursive: true });
  writeFileSync(
    join(spec, 'kernel.json'),
    JSON.stringify({
      argv: [venvPython, join(folder, 'thief.py'), '{connection_file}', ...tslab.argv],
      display_name: 'tslab, its port taken',
      language: 'typescript',
    }),
  );
});

afterAll(() => {
  for (const pid of holders.flatMap(linesOf)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone already
    }
  }
  rmSync(folder, { recursive: true, force: true });
});

/** Runs a two-cell tslab notebook as a notebook job's runner does, with the kernel's port taken `times` times. */
function runNotebookJob(name: string, times: number) {
  const job = join(folder, name);
  for (const dir of ['input', 'config', 'output/data']) mkdirSync(join(job, dir), { recursive: true });
  const cells = ['const answer = 6 * 7;', 'console.log(`answer=${answer}`);'].map((source) => ({ cell_type: 'code', metadata: {}, outputs: [], source }));
  const notebook = { cells, metadata: { kernelspec: { name: 'tslab-thief', language: 'typescript', display_name: 'tslab' } }, nbformat: 4, nbformat_minor: 5 };
  writeFileSync(join(job, 'input', 'answer.ipynb'), JSON.stringify(notebook));
  writeFileSync(join(job, 'config', 'hyperparameters.json'), '{}');
  holders.push(join(job, 'starts.holders'));
  const started = Date.now();
  const run = spawnSync(venvPython, [runner], {
    encoding: 'utf8',
    timeout: 170_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      JUPYTER_PATH: join(folder, 'jupyter'),
      THIEF_COUNT: join(job, 'starts'),
      THIEF_TIMES: String(times),
      SM_EXECUTION_INPUT_PATH: join(job, 'input'),
      SM_INPUT_NOTEBOOK_NAME: 'answer.ipynb',
      SM_KERNEL_NAME: 'tslab-thief',
      SM_INPUT_CONFIG_DIR: join(job, 'config'),
      SM_OUTPUT_DIR: join(job, 'output'),
      SM_OUTPUT_DATA_DIR: join(job, 'output', 'data'),
    },
  });
  const executed = JSON.parse(readFileSync(join(job, 'output', 'data', 'answer.ipynb'), 'utf8')) as { cells: { outputs: { text?: string[] | string }[] }[] };
  const printed = executed.cells.flatMap((cell) => cell.outputs).map((output) => [output.text ?? ''].flat().join(''));
  const failure = (() => {
    try {
      return readFileSync(join(job, 'output', 'failure'), 'utf8');
    } catch {
      return undefined;
    }
  })();
  return { run, printed, failure, starts: Number(readFileSync(join(job, 'starts'), 'utf8')), seconds: (Date.now() - started) / 1000 };
}

describe('a kernel that loses a port before binding it', () => {
  it('exits naming the address, and the notebook job starts it again on new ports and runs the notebook', () => {
    const { run, printed, failure, starts, seconds } = runNotebookJob('once', 1);
    expect({ status: run.status, failure, printed, starts }).toEqual({ status: 0, failure: undefined, printed: ['answer=42\n'], starts: 2 });
    const [taken] = linesOf(join(folder, 'once', 'starts.ports'));
    expect(run.stderr).toContain(`tslab kernel: cannot bind tcp://127.0.0.1:${taken} (EADDRINUSE): exiting`);
    expect(run.stdout).toContain('the tslab-thief kernel did not start (Kernel died before replying to kernel_info): starting it again');
    // Not the minute a kernel that never answers would cost.
    expect(seconds).toBeLessThan(45);
  });

  it('fails the job with the reason after three starts that all lost a port', () => {
    const { run, printed, failure, starts } = runNotebookJob('always', 3);
    expect({ status: run.status, printed, starts }).toEqual({ status: 1, printed: [], starts: 3 });
    expect(failure).toBe('RuntimeError: Kernel died before replying to kernel_info');
    expect(run.stderr.match(/tslab kernel: cannot bind/g)).toHaveLength(3);
  });
});

/** A connection file's shell port (undefined until Jupyter has written it). */
function shellPort(file: string): string | undefined {
  try {
    return String((JSON.parse(readFileSync(file, 'utf8')) as { shell_port: number }).shell_port);
  } catch {
    return undefined;
  }
}

// Asks the kernel behind a connection file for its kernel_info, as a notebook's client would, and prints its implementation.
const probe = `import sys
from jupyter_client import BlockingKernelClient
client = BlockingKernelClient(connection_file=sys.argv[1])
client.load_connection_file()
client.start_channels()
print(client.kernel_info(reply=True, timeout=60)["content"]["implementation"])
`;

describe('JupyterLab with a tslab kernel that loses a port before binding it', () => {
  let lab: TestJupyterLab | undefined;
  afterAll(async () => {
    await lab?.stop();
  });

  it('starts the kernel again on new ports, where it answers', async () => {
    const state = join(folder, 'lab');
    const runtime = join(state, 'runtime');
    mkdirSync(runtime, { recursive: true });
    holders.push(join(state, 'starts.holders'));
    lab = await startTestJupyterLab('kernel-start', {
      JUPYTER_PATH: join(folder, 'jupyter'),
      JUPYTER_RUNTIME_DIR: runtime,
      THIEF_COUNT: join(state, 'starts'),
      THIEF_TIMES: '1',
    });
    const response = await fetch(`${lab.baseUrl}api/kernels`, {
      method: 'POST',
      headers: { Authorization: `token ${lab.token}` },
      body: JSON.stringify({ name: 'tslab-thief' }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const connection = join(runtime, `kernel-${id}.json`);

    // Jupyter's restarter sees the kernel exit and starts it again, with a connection file of new ports.
    const restarted = await waitFor(() => {
      const [taken] = linesOf(join(state, 'starts.ports'));
      const now = shellPort(connection);
      return taken !== undefined && now !== undefined && now !== taken;
    }, 90000);
    const log = readFileSync(lab.logFile, 'utf8');
    expect({ restarted, log: log.match(/KernelRestarter: restarting kernel \(1\/\d+\), \w+ random ports/)?.[0] }).toEqual({
      restarted: true,
      log: 'KernelRestarter: restarting kernel (1/5), new random ports',
    });
    expect(log).toMatch(/tslab kernel: cannot bind tcp:\/\/127\.0\.0\.1:\d+ \(EADDRINUSE\): exiting/);

    const answered = spawnSync(venvPython, ['-c', probe, connection], { encoding: 'utf8', timeout: 120_000 });
    expect({ status: answered.status, implementation: answered.stdout.trim(), error: answered.stderr.trim().split('\n').pop() }).toEqual({
      status: 0,
      implementation: 'tslab',
      error: '',
    });
  });
});

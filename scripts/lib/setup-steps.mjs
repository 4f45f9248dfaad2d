// @ts-check
// The set-up steps, in order. Each says what it does, skips itself when its inputs are unchanged
// since it last succeeded, and fails with what is missing and how to fix it.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fingerprint, storeFingerprint, storedFingerprint } from './fingerprint.mjs';
import { SetupError, checkNode, findPython } from './prerequisites.mjs';
import {
  jupyterDataDir,
  jupyterEnv,
  labextensionBuild,
  labextensionName,
  repoRoot,
  tslabBinary,
  tslabKernelDisplayName,
  tslabKernelLauncher,
  tslabKernelName,
  testVenvDir,
  venvDir,
} from './paths.mjs';
import { runCommand } from './run-command.mjs';
import { bubblewrapStep } from './sandbox-tool.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const at = (/** @type {string} */ path) => join(repoRoot, path);

/**
 * @typedef {object} SetupStep
 * @property {string} id
 * @property {string} title
 * @property {() => string} fingerprint   inputs of the step; unchanged inputs and present outputs mean skip
 * @property {() => boolean} outputsPresent
 * @property {() => Promise<void>} run
 */

/**
 * @param {{ forTests?: boolean }} [options] forTests adds what only the tests use
 * @returns {SetupStep[]}
 */
export function setupSteps(options = {}) {
  const python = findPython();
  const testSteps = options.forTests
    ? // The SageMaker Python SDK and moto, kept out of the product's own environment.
      [venvStep('python-test-venv', python, testVenvDir, 'test/requirements.txt', ['sagemaker', 'moto'])]
    : [];
  return [
    {
      id: 'npm-packages',
      title: 'npm packages (from package-lock.json)',
      fingerprint: () => fingerprint([at('package-lock.json')], [process.version]),
      outputsPresent: () => existsSync(at('node_modules/.package-lock.json')) && existsSync(tslabBinary),
      run: () =>
        runCommand(npm, ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot }).catch((error) => {
          throw new SetupError(`installing npm packages failed: ${error.message}`, 'check that the npm registry is reachable, then run the command again');
        }),
    },
    venvStep('python-venv', python, venvDir, 'requirements.txt', ['jupyterlab', 'nbclient', 'jupyter_server_proxy']),
    buildStep(
      'kernel-lib',
      'sluice kernel library (kernel-lib)',
      ['kernel-lib/src', 'kernel-lib/package.json', 'kernel-lib/tsconfig.json'],
      'kernel-lib/dist/index.js',
      sluiceCommand,
    ),
    buildStep(
      'labextension',
      'JupyterLab extension (labextension)',
      [
        'labextension/src',
        'labextension/style',
        'labextension/package.json',
        'labextension/tsconfig.json',
        'labextension/install.json',
        'scripts/build-labextension.mjs',
      ],
      'labextension/dist/labextension/package.json',
    ),
    {
      id: 'labextension-install',
      title: `${labextensionName} installed into the venv's JupyterLab`,
      fingerprint: () => labextensionBuild,
      outputsPresent: () => linkTarget(join(jupyterDataDir, 'labextensions', labextensionName)) === labextensionBuild,
      run: async () => {
        // A link, not a copy: a rebuilt extension is live after a browser reload.
        const link = join(jupyterDataDir, 'labextensions', labextensionName);
        mkdirSync(dirname(link), { recursive: true });
        rmSync(link, { recursive: true, force: true });
        symlinkSync(labextensionBuild, link, 'dir');
      },
    },
    // Written by hand rather than by `tslab install`, so it starts the project's own tslab, through the launcher
    // that makes a kernel which cannot bind its ports exit (Jupyter then starts it again) rather than hang.
    fileStep(
      'tslab-kernel',
      `tslab kernel "${tslabKernelDisplayName}" registered in the venv`,
      join(jupyterDataDir, 'kernels', tslabKernelName, 'kernel.json'),
      {
        argv: [process.execPath, tslabKernelLauncher, 'kernel', '--config-path', '{connection_file}'],
        display_name: tslabKernelDisplayName,
        language: 'typescript',
      },
    ),
    // The panel reaches the local service through Jupyter's authenticated proxy at <base_url>sluice/: the
    // first request starts `sluice service proxy`, which signs for the browser and starts the service if needed.
    // The venv's main config file, not jupyter_server_config.d/: Jupyter reads only jpserver_extensions there.
    fileStep(
      'jupyter-server-proxy',
      'jupyter-server-proxy serves the Sluice service at <base_url>sluice/; kernels restart on new ports',
      join(venvDir, 'etc', 'jupyter', 'jupyter_server_config.json'),
      {
        // A kernel that exits before it answers (one of its ports was taken before it bound it) is started again on
        // new ports: with the ports cached, jupyter_client starts it on the same ones, and it fails the same way.
        KernelManager: { cache_ports: false },
        ServerProxy: {
          servers: {
            sluice: {
              // A unix socket in a folder of its own (0700), never a TCP port: the proxy signs for whoever reaches it.
              // jupyter-server-proxy makes that folder and never removes it; the proxy does, at exit (--own-folder).
              command: [process.execPath, at('kernel-lib/dist/cli/main.js'), 'service', 'proxy', '--socket', '{unix_socket}', '--own-folder'],
              unix_socket: true,
              // The browser's Host (Jupyter's own name) means nothing behind the socket; the proxy accepts only this one.
              request_headers_override: { Host: 'localhost' },
              // Node's cold start plus, on first use, starting the service itself.
              timeout: 30,
              absolute_url: false,
              launcher_entry: { enabled: false },
              new_browser_tab: false,
            },
          },
        },
      },
    ),
    // No news feed or update check: they call out to the internet, and ask the user about it first.
    fileStep('jupyterlab-settings', 'JupyterLab settings (no news or update checks)', join(jupyterDataDir, 'lab', 'settings', 'overrides.json'), {
      '@jupyterlab/apputils-extension:notification': { fetchNews: 'false', checkForUpdates: false },
    }),
    bubblewrapStep(),
    ...testSteps,
  ];
}

/**
 * A Python virtual environment made from a pinned requirements file.
 * @param {string} id
 * @param {{ command: string, version: string }} python
 * @param {string} dir  where the environment lives
 * @param {string} requirements  the requirements file, relative to the repository
 * @param {string[]} modules  what must import for the environment to count as installed
 * @returns {SetupStep}
 */
function venvStep(id, python, dir, requirements, modules) {
  const venvPython = join(dir, 'bin', 'python');
  return {
    id,
    title: `Python environment ${relative(repoRoot, dir)} (${python.command} ${python.version}, ${requirements})`,
    fingerprint: () => fingerprint([at(requirements)], [python.version]),
    outputsPresent: () => spawnSync(venvPython, ['-c', `import ${modules.join(', ')}`]).status === 0,
    run: async () => {
      if (spawnSync(venvPython, ['-c', 'pass']).status !== 0) {
        rmSync(dir, { recursive: true, force: true });
        await runCommand(python.command, ['-m', 'venv', dir]);
      }
      // uv installs in seconds what pip takes minutes for (warm caches both). The product's venv gets uv from pip
      // first (its pinned version, from requirements.txt); later environments use that uv.
      const uv = join(venvDir, 'bin', 'uv');
      const failed = (/** @type {Error} */ error) => {
        throw new SetupError(`installing Python packages failed: ${error.message}`, 'check that PyPI is reachable, then run the command again');
      };
      if (!existsSync(uv)) {
        const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', pinnedUv()];
        await runCommand(join(venvDir, 'bin', 'python'), pip, { filter: pipProgress }).catch(failed);
      }
      const install = ['pip', 'install', '--python', venvPython, '-r', at(requirements)];
      await runCommand(uv, install, { filter: pipProgress, env: { ...process.env, UV_PYTHON_DOWNLOADS: 'never' } }).catch(failed);
    },
  };
}

/** `uv==X` as requirements.txt pins it: one place for the version. */
function pinnedUv() {
  const pin = readFileSync(at('requirements.txt'), 'utf8').match(/^uv==[^\s#]+/m);
  if (pin === null) throw new SetupError('requirements.txt does not pin uv (uv==VERSION)', 'add the line back');
  return pin[0];
}

/**
 * @param {string} workspace @param {string} title @param {string[]} inputs @param {string} output
 * @param {{ present: () => boolean, link: () => Promise<void> }} [linked]  a command the build makes, linked after it
 * @returns {SetupStep}
 */
function buildStep(workspace, title, inputs, output, linked) {
  return {
    id: `build-${workspace}`,
    title: `build ${title}`,
    // The lock file is an input too: a changed dependency can change the build.
    fingerprint: () => fingerprint([...inputs, 'tsconfig.base.json', 'package-lock.json'].map(at)),
    outputsPresent: () => existsSync(at(output)) && (linked === undefined || linked.present()),
    run: async () => {
      await runCommand(npm, ['run', 'build', '--workspace', workspace], { cwd: repoRoot, env: jupyterEnv() }).catch((error) => {
        throw new SetupError(`building ${workspace} failed: ${error.message}`, `fix the errors above, then run \`npm run setup\` again`);
      });
      if (linked !== undefined) await linked.link();
    },
  };
}

/**
 * `npx sluice`: npm links a workspace's bin only when its file exists, and `npm ci` runs before the build made
 * dist/cli/main.js, so the link (and the file's executable bit) is made again once the build is done.
 * @type {{ present: () => boolean, link: () => Promise<void> }}
 */
const sluiceCommand = {
  present: () => {
    try {
      accessSync(at('node_modules/.bin/sluice'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  // --ignore-scripts: only the bin links are made, nothing is run.
  link: () =>
    runCommand(npm, ['rebuild', 'sluice', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: repoRoot }).catch((error) => {
      throw new SetupError(`linking the sluice command failed: ${error.message}`, 'run `npm run setup` again');
    }),
};

/**
 * One short line per package pip or uv fetches, and its errors; not its download and resolver chatter.
 * @param {string} line
 */
function pipProgress(line) {
  const collecting = line.match(/^Collecting (\S+)/);
  if (collecting) return `fetching ${collecting[1]}`;
  const installed = line.match(/^Successfully installed (.*)/);
  if (installed) return `installed ${installed[1].split(' ').length} Python packages`;
  // uv: its summary lines stay (Resolved …, Installed …); its per-package ` + name==version` lines go.
  if (/^\s*[-+~] \S+==/.test(line)) return undefined;
  return /^\s*(Downloading|Using cached|Looking in|Requirement already|Installing collected|Obtaining|Preparing|Building|Created wheel|Stored in|Attempting|Found existing|Uninstalling|\s)/.test(
    line,
  )
    ? undefined
    : line;
}

/**
 * A step that writes one JSON file; it is done when the file holds exactly that content.
 * @param {string} id @param {string} title @param {string} path @param {unknown} content
 * @returns {SetupStep}
 */
function fileStep(id, title, path, content) {
  const text = `${JSON.stringify(content, null, 2)}\n`;
  return {
    id,
    title,
    fingerprint: () => text,
    outputsPresent: () => readText(path) === text,
    run: async () => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    },
  };
}

/** @param {string} path */
function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** @param {string} path */
function linkTarget(path) {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param {{ log?: (line: string) => void, forTests?: boolean }} [options]
 * @returns {Promise<void>}
 */
export async function runSetup(options = {}) {
  const log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  const started = Date.now();
  log(`Sluice set-up: checking prerequisites (Node.js ${checkNode()})`);
  const steps = setupSteps({ forTests: options.forTests });
  for (const [index, step] of steps.entries()) {
    const prefix = `[${index + 1}/${steps.length}] ${step.title}`;
    const wanted = step.fingerprint();
    if (storedFingerprint(step.id) === wanted && step.outputsPresent()) {
      log(`${prefix}: up to date`);
      continue;
    }
    log(`${prefix}: working…`);
    const stepStarted = Date.now();
    await step.run();
    // Fingerprint again: a step (npm ci) may itself have changed its inputs' content.
    storeFingerprint(step.id, step.fingerprint());
    log(`${prefix}: done in ${seconds(stepStarted)}`);
  }
  log(`Sluice set-up complete in ${seconds(started)}`);
}

/** @param {number} since */
function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

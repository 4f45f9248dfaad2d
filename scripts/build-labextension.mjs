// Builds the prebuilt (federated) JupyterLab extension with JupyterLab's own builder, called from Node
// so the build needs no Python. Run from the labextension folder (its `npm run build`).
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const extensionDir = resolve(process.argv[2] ?? '.');
const require = createRequire(join(extensionDir, 'package.json'));
const builderCli = join(dirname(require.resolve('@jupyter/builder/package.json')), 'lib', 'build-labextension.js');
const corePackageFile = require.resolve('@jupyterlab/core-meta/core.package.json');

const result = spawnSync(process.execPath, [builderCli, '--core-package-file', corePackageFile, extensionDir], {
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error(`JupyterLab's builder failed (exit ${result.status ?? result.signal}) for ${extensionDir}`);
  process.exit(1);
}
// install.json tells `jupyter labextension list` how the extension was installed.
const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
copyFileSync(join(extensionDir, 'install.json'), join(extensionDir, manifest.jupyterlab.outputDir, 'install.json'));

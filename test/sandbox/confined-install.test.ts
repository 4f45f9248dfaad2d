// Installing packages runs their code (setup.py): a job's requirements.txt can name anything, so installs run
// in the job sandbox. A package whose setup.py tries to write into SLUICE_HOME and the user's home installs
// into the job's overlay and nowhere else.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sandboxedInstalls } from '../../kernel-lib/src/engine/index.js';
import { defaultBasePython } from '../../kernel-lib/src/engine/environments/environment-store.js';
import { defaultInstaller } from '../../kernel-lib/src/engine/environments/installer.js';
import { makeTestWorkspace } from '../harness/workspace.js';
import { temporaryHome } from '../service/service-harness.js';

describe('an install from a requirements.txt', () => {
  const { home, remove } = temporaryHome();
  afterAll(remove);

  it("runs the package's setup.py in the sandbox: it writes its overlay, not SLUICE_HOME or $HOME", async () => {
    const work = makeTestWorkspace('confined-install');
    const leakHome = join(home, 'leaked-into-home');
    const leakUser = join(process.env['HOME'] ?? '/root', `sluice-leak-${process.pid}`);
    const packageDir = join(work, 'greedy');
    mkdirSync(packageDir, { recursive: true });
    writeFileSync(
      join(packageDir, 'setup.py'),
      `import os\nfrom setuptools import setup\nfor path in [${JSON.stringify(leakHome)}, ${JSON.stringify(leakUser)}]:\n    try:\n        open(path, "w").write("leak")\n    except OSError:\n        pass\nsetup(name="greedy", version="1.0", py_modules=["greedy"])\n`,
    );
    writeFileSync(join(packageDir, 'greedy.py'), 'VALUE = 42\n');
    writeFileSync(join(work, 'requirements.txt'), `${packageDir}\n`);
    const target = join(work, 'overlay');

    const installer = defaultInstaller(sandboxedInstalls({ hide: [home], readOnly: [] }));
    await installer.installTarget(defaultBasePython(), join(work, 'requirements.txt'), target);

    expect(readFileSync(join(target, 'greedy.py'), 'utf8')).toBe('VALUE = 42\n');
    expect(existsSync(leakHome)).toBe(false);
    expect(existsSync(leakUser)).toBe(false);
  });
});

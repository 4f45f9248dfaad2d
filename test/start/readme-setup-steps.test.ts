import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { setupSteps } from '../../scripts/lib/setup-steps.mjs';

describe("README's set-up steps", () => {
  it('lists as many steps as `npm run setup` counts in its [n/N] lines, and says N', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## What you see after `npm start`'), readme.indexOf('Then JupyterLab starts'));
    const listed = section.split('\n').filter((line) => /^\d+\. /.test(line));
    const steps = setupSteps();
    expect(listed).toHaveLength(steps.length);
    expect(section).toContain(`\`[1/${steps.length}]\` to \`[${steps.length}/${steps.length}]\``);
    // The tests' own environment is the one step `npm test` adds.
    expect(setupSteps({ forTests: true })).toHaveLength(steps.length + 1);
  });
});

// JupyterLab loads the extension's styles through style/index.js (package.json's styleModule); style/index.css is the
// list for tools that read `style`. Every stylesheet in style/ must be in both, or a view shows up unstyled.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';

const style = join(repoRoot, 'labextension', 'style');

describe('the labextension’s stylesheets', () => {
  const sheets = readdirSync(style).filter((file) => file.endsWith('.css') && file !== 'index.css');

  it('are all imported by style/index.js, which JupyterLab loads', () => {
    const imported = [...readFileSync(join(style, 'index.js'), 'utf8').matchAll(/^import '\.\/([^']+\.css)';$/gm)].map((match) => match[1]);
    expect(imported.sort()).toEqual(sheets.sort());
  });

  it('are all listed in style/index.css', () => {
    const listed = [...readFileSync(join(style, 'index.css'), 'utf8').matchAll(/^@import url\('([^'~]+\.css)'\);$/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(sheets.sort());
  });
});

// `sluice doctor` on this host: one line per guarantee, yes or no, with what to do for each no.
import { runCli } from '../../kernel-lib/src/cli/run.js';
import { sandboxSupport } from '../../kernel-lib/src/engine/jobs/sandbox.js';

describe('sluice doctor', () => {
  it('reports the sandbox, private /opt/ml, network isolation, memory limits, disk cap and SLUICE_HOME', () => {
    const lines: string[] = [];
    const code = runCli(['doctor', '--home', '/nonexistent/sluice-home'], (line) => lines.push(line));
    const names = lines.filter((line) => /^(yes|no )/.test(line)).map((line) => line.slice(5).split(/ {2,}/)[0]);
    expect(names).toEqual(['sandbox', 'private /opt/ml', 'network isolation', 'memory limits', 'disk cap', 'private SLUICE_HOME']);
    expect(code).toBe(sandboxSupport().available ? 0 : 1);
    expect(lines.join('\n')).toMatch(/\/nonexistent\/sluice-home does not exist yet: it will be created 0700/);
    // Every "no" says what to do.
    lines.forEach((line, index) => {
      if (line.startsWith('no ')) expect(lines[index + 1]).toMatch(/^ +→ /);
    });
  });
});

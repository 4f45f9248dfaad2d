// A job's log as the panel and `logs` read it back: every output line once, in order, with its stream, whether a
// chunk holds part of a line or thousands of them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JobLog, readJobLog } from '../../kernel-lib/src/engine/jobs/job-log.js';
import { runNodeJob } from '../harness/host-job.js';
import { makeTestWorkspace } from '../harness/workspace.js';

const home = makeTestWorkspace('job-log');

describe("a job's log", () => {
  it('keeps every line of every chunk in order: partial lines wait for their end, \\r\\n ends a line, notes stay apart', () => {
    const log = new JobLog(join(home, 'chunks', 'log'));
    log.note('sandboxed');
    log.write('stdout', 'first li');
    log.write('stdout', Buffer.from('ne\r\nsecond\nthi'));
    log.write('stderr', 'warning: a\nwarning: b\n');
    const many = Array.from({ length: 3000 }, (_, i) => `[${i}] train-rmse:${(1 / (i + 1)).toFixed(4)}`);
    log.write('stdout', `rd\n${many.join('\n')}\nno end`);
    log.flush();
    log.note('exited with code 0');

    const read = readJobLog(log.file);
    // In the order the lines were completed: stderr's came whole before stdout's "third" ended.
    expect(read.map((line) => `${line.stream} ${line.text}`)).toEqual([
      'sluice sandboxed',
      'stdout first line',
      'stdout second',
      'stderr warning: a',
      'stderr warning: b',
      'stdout third',
      ...many.map((line) => `stdout ${line}`),
      'stdout no end',
      'sluice exited with code 0',
    ]);
    // Each line carries the time it was written.
    for (const line of read) expect(Number.isNaN(Date.parse(line.time))).toBe(false);
    // What the job printed, for metrics; not the notes.
    expect(log.lines).toEqual(['first line', 'second', 'warning: a', 'warning: b', 'third', ...many, 'no end']);
  });

  it("a long-lived process's log keeps only its latest lines in memory, and all of them in the file", () => {
    const log = new JobLog(join(home, 'server', 'log'), 10);
    for (let chunk = 0; chunk < 5; chunk++) log.write('stdout', Array.from({ length: 7 }, (_, i) => `line ${chunk * 7 + i}\n`).join(''));
    expect(log.lines.length).toBeLessThanOrEqual(20);
    expect(log.lines.at(-1)).toBe('line 34');
    expect(readFileSync(log.file, 'utf8').trim().split('\n')).toHaveLength(35);
  });

  it('a job that prints 5,000 lines at once has all of them in its log, in order', async () => {
    const job = await runNodeJob(
      join(home, 'jobs'),
      'chatty',
      "for (let i = 0; i < 5000; i++) console.log(`[${i}] validation-rmse:0.5`); console.error('done');",
      { python: 'python3', node: process.execPath, sandbox: { hide: [home], readOnly: [] } },
    );
    expect(job.result.outcome).toBe('completed');
    const printed = readJobLog(join(home, 'jobs', 'chatty', 'log')).filter((line) => line.stream === 'stdout');
    expect(printed.map((line) => line.text)).toEqual(Array.from({ length: 5000 }, (_, i) => `[${i}] validation-rmse:0.5`));
    expect(job.log).toContain('\tstderr\tdone\n');
  });
});

import { jest } from '@jest/globals';
import {
  ExecutionFailedError,
  Pipeline,
  ProcessingStep,
  Session,
  setDisplayBackend,
  type DisplayBackend,
  type LocalSession,
} from '../../kernel-lib/src/index.js';
import { LiveOutput } from '../../kernel-lib/src/notebook/display.js';
import { sluice } from '../service/cli-harness.js';
import { temporaryHome } from '../service/service-harness.js';

function recordingBackend(): { backend: DisplayBackend; sent: string[] } {
  const sent: string[] = [];
  const sink = { html: (s: string) => sent.push(s), svg: (s: string) => sent.push(s), text: (s: string) => sent.push(s) };
  return { backend: { display: sink, newDisplay: () => sink }, sent };
}

describe('one output updated in place', () => {
  afterEach(() => setDisplayBackend(undefined));

  it('drops updates closer together than the interval, and always sends the final picture', () => {
    const { backend, sent } = recordingBackend();
    setDisplayBackend(backend);
    const live = LiveOutput.open({ text: 'first', html: 'first' }, 10000);
    for (const n of [1, 2, 3]) live?.update({ text: `update ${n}`, html: `update ${n}` });
    expect(sent).toEqual(['first']);
    live?.finish({ text: 'final', html: 'final' });
    expect(sent).toEqual(['first', 'final']);
  });

  it('is not opened outside a kernel, where tslab answers "Not ready"', () => {
    expect(LiveOutput.open({ text: 'first', html: 'first' })).toBeUndefined();
  });
});

describe('execution.wait() outside a notebook', () => {
  const { home, remove } = temporaryHome();
  let session: LocalSession;
  beforeAll(() => {
    session = Session.local({ home });
  });
  afterAll(() => {
    sluice('service', 'stop', '--home', home);
    remove();
  });

  it('prints a line per step change, then the failed step, its reason and the end of its log', async () => {
    const step = new ProcessingStep({
      name: 'Check',
      imageUri: 'node',
      roleArn: session.roleArn,
      instanceType: 'local',
      instanceCount: 1,
      entrypoint: ['node', '-e', 'console.log("looking at the input"); console.log("no rows found"); process.exit(3)'],
    });
    const pipeline = new Pipeline({ name: 'FailsOnPurpose', steps: [step] });
    await pipeline.upsert({ session });
    const execution = await pipeline.start({ session });
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    let failure: unknown;
    try {
      failure = await execution.wait({ delayMs: 50 }).catch((error: unknown) => error);
    } finally {
      write.mockRestore();
    }
    expect(failure).toBeInstanceOf(ExecutionFailedError);
    const text = printed.join('');
    expect(text).toMatch(/^\d\d:\d\d:\d\d ✗ Check Failed: /m);
    expect(text).toMatch(/Execution execution-\d+ \([a-z0-9]{12}\) of FailsOnPurpose: Failed after/);
    expect(text).toContain('Step Check failed: ');
    expect(text).toContain('  | looking at the input\n  | no rows found');
  });
});

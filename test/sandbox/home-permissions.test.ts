// SLUICE_HOME holds the service's keys and database: it is private to its owner from the first start, an
// existing one left open to others is tightened, and one that belongs to another user is refused.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService } from '../../kernel-lib/src/service/server.js';

const parent = mkdtempSync(join(tmpdir(), 'sluice-homes-'));
const mode = (path: string) => statSync(path).mode & 0o777;
const asRoot = process.getuid?.() === 0 ? it : it.skip;

afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('SLUICE_HOME permissions', () => {
  it('creates a new home 0700 and its keys and database 0600', async () => {
    const home = join(parent, 'new', 'home');
    const service = await startService({ home, port: 0, log: () => undefined });
    await service.close();
    expect(mode(home)).toBe(0o700);
    expect(mode(join(home, 'credentials.json'))).toBe(0o600);
    expect(mode(join(home, 'sluice.db'))).toBe(0o600);
  });

  it('tightens an existing home that others can write to 0700, and its files, and says so', async () => {
    const home = join(parent, 'open');
    mkdirSync(home);
    chmodSync(home, 0o777);
    writeFileSync(join(home, 'images.json'), '[]');
    chmodSync(join(home, 'images.json'), 0o666);
    const messages: string[] = [];
    const service = await startService({ home, port: 0, log: (message) => messages.push(message) });
    await service.close();
    expect(mode(home)).toBe(0o700);
    expect(mode(join(home, 'images.json'))).toBe(0o600);
    expect(messages).toEqual([
      `sluice service: SLUICE_HOME was open to other users: ${home} was 777: now 0700`,
      `sluice service: SLUICE_HOME was open to other users: ${join(home, 'images.json')} was 666: now 600`,
    ]);
  });

  asRoot('refuses a home that belongs to another user', async () => {
    const home = join(parent, 'theirs');
    mkdirSync(home, { mode: 0o700 });
    chownSync(home, 65534, 65534);
    await expect(startService({ home, port: 0, log: () => undefined })).rejects.toThrow(`SLUICE_HOME ${home} belongs to user 65534, not to you (0)`);
  });
});

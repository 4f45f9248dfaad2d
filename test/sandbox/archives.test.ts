// Archives the engine unpacks (model.tar.gz, sourcedir.tar.gz) cannot write outside their folder, cannot
// plant setuid files or owners, and cannot exhaust the disk; each refusal names the entry.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ArchiveError, unpackArchive } from '../../kernel-lib/src/engine/runners/archive.js';
import { makeTestWorkspace } from '../harness/workspace.js';

const root = makeTestWorkspace('archives');

/** Builds a tar.gz with Python's tarfile, which writes whatever names, links and modes it is given. */
function archive(
  name: string,
  entries: {
    name: string;
    type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char';
    data?: string;
    zeros?: number;
    target?: string;
    mode?: number;
    uid?: number;
  }[],
): string {
  const file = join(root, `${name}.tar.gz`);
  const script = `
import io, json, sys, tarfile
entries = json.loads(sys.argv[2])
with tarfile.open(sys.argv[1], 'w:gz') as tar:
    for e in entries:
        info = tarfile.TarInfo(e['name'])
        info.mode = e.get('mode', 0o644)
        info.uid = e.get('uid', 0)
        kind = e.get('type', 'file')
        if kind == 'dir':
            info.type = tarfile.DIRTYPE; tar.addfile(info)
        elif kind == 'symlink':
            info.type = tarfile.SYMTYPE; info.linkname = e['target']; tar.addfile(info)
        elif kind == 'char':
            info.type = tarfile.CHRTYPE; info.devmajor = 1; info.devminor = 3; tar.addfile(info)
        elif kind == 'hardlink':
            info.type = tarfile.LNKTYPE; info.linkname = e['target']; tar.addfile(info)
        else:
            data = b'\\0' * e['zeros'] if 'zeros' in e else e.get('data', '').encode()
            info.size = len(data); tar.addfile(info, io.BytesIO(data))
`;
  const made = spawnSync('python3', ['-c', script, file, JSON.stringify(entries)], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  return file;
}

const unpack = (file: string, name: string, maxBytes = 10 * 1024 * 1024) => {
  const folder = join(root, 'out', name);
  mkdirSync(folder, { recursive: true });
  return { folder, done: unpackArchive(file, folder, { maxBytes, maxEntries: 1000 }) };
};

describe('unpacking an archive', () => {
  it('unpacks files, folders and links that stay inside, without setuid bits', async () => {
    const file = archive('good', [
      { name: './', type: 'dir' },
      { name: './model/weights.json', data: '{"w":1}' },
      { name: './model/latest', type: 'symlink', target: 'weights.json' },
      { name: './model/copy.json', type: 'hardlink', target: './model/weights.json' },
      { name: './bin/tool', data: '#!/bin/sh\n', mode: 0o4755, uid: 4321 },
      { name: `./deep/${'long-folder-name/'.repeat(8)}file.txt`, data: 'deep' },
    ]);
    const { folder, done } = unpack(file, 'good');
    await done;
    expect(readFileSync(join(folder, 'model', 'weights.json'), 'utf8')).toBe('{"w":1}');
    expect(readlinkSync(join(folder, 'model', 'latest'))).toBe('weights.json');
    expect(readFileSync(join(folder, 'model', 'copy.json'), 'utf8')).toBe('{"w":1}');
    const tool = statSync(join(folder, 'bin', 'tool'));
    expect(tool.mode & 0o7000).toBe(0);
    expect(tool.uid).toBe(process.getuid?.() ?? tool.uid);
    expect(readFileSync(join(folder, 'deep', 'long-folder-name/'.repeat(8), 'file.txt'), 'utf8')).toBe('deep');
  });

  it.each([
    ['path traversal', [{ name: '../escaped.txt', data: 'x' }], /entry "..\/escaped.txt" leaves the folder/],
    ['a deeper traversal', [{ name: 'a/../../escaped.txt', data: 'x' }], /entry "a\/..\/..\/escaped.txt" leaves the folder/],
    ['an absolute path', [{ name: `${root}/absolute.txt`, data: 'x' }], /is an absolute path/],
    [
      'a symlink out, then a file through it',
      [
        { name: 'link', type: 'symlink' as const, target: root },
        { name: 'link/through.txt', data: 'x' },
      ],
      /entry "link" is a symlink to an absolute path/,
    ],
    ['a relative symlink out', [{ name: 'sub/up', type: 'symlink' as const, target: '../../..' }], /entry "sub\/up": its symlink target/],
    ['a hard link out', [{ name: 'hard', type: 'hardlink' as const, target: '../../escaped.txt' }], /entry "hard": its hard link target/],
    // A name past 100 characters travels in a pax header: the name checked is the one written.
    [
      'a long name that leaves the folder',
      [{ name: `${'a'.repeat(120)}/../../escaped.txt`, data: 'x' }],
      /entry "a{120}\/..\/..\/escaped.txt" leaves the folder/,
    ],
    ['a device file', [{ name: 'null', type: 'char' as const }], /entry "null" is of a kind this unpacker refuses/],
  ])('refuses %s, naming the entry, and writes nothing outside', async (name, entries, message) => {
    const file = archive(name.replace(/\W+/g, '-'), entries);
    const { done } = unpack(file, name.replace(/\W+/g, '-'));
    await expect(done).rejects.toThrow(ArchiveError);
    await expect(done).rejects.toThrow(message);
    for (const outside of ['escaped.txt', 'absolute.txt', 'through.txt']) {
      expect(existsSync(join(root, outside))).toBe(false);
      expect(existsSync(join(root, 'out', outside))).toBe(false);
    }
  });

  it('refuses what is not a whole tar: other bytes, a damaged header, an archive cut mid-block', async () => {
    const garbage = join(root, 'garbage.tar.gz');
    writeFileSync(garbage, 'not a tar.gz');
    await expect(unpack(garbage, 'garbage').done).rejects.toThrow(/it is not a tar or tar\.gz archive/);
    const zipped = join(root, 'zipped-text.tar.gz');
    writeFileSync(zipped, gzipSync(Buffer.alloc(2048, 'x')));
    await expect(unpack(zipped, 'zipped-text').done).rejects.toThrow(/it is not a tar or tar\.gz archive/);

    const whole = gunzipSync(
      readFileSync(
        archive('two', [
          { name: 'a.txt', data: 'a' },
          { name: 'b.txt', data: 'b' },
        ]),
      ),
    );
    // The second header starts after the first's header and data blocks; one byte of its name changed.
    const damaged = Buffer.from(whole);
    damaged[1024] = (damaged[1024] ?? 0) ^ 0x01;
    writeFileSync(join(root, 'damaged.tar'), damaged);
    await expect(unpack(join(root, 'damaged.tar'), 'damaged').done).rejects.toThrow(/damaged after 1 entries/);
    writeFileSync(join(root, 'cut.tar'), whole.subarray(0, 1024 + 100));
    await expect(unpack(join(root, 'cut.tar'), 'cut').done).rejects.toThrow(/ends in the middle of a block/);
    // The same archive, whole, unpacks.
    writeFileSync(join(root, 'whole.tar'), whole);
    const { folder, done } = unpack(join(root, 'whole.tar'), 'whole');
    await done;
    expect(readFileSync(join(folder, 'b.txt'), 'utf8')).toBe('b');
  });

  it('refuses a bomb: an archive that expands past the cap', async () => {
    const file = archive('bomb', [{ name: 'zeros.bin', zeros: 20 * 1024 * 1024 }]);
    expect(statSync(file).size).toBeLessThan(100 * 1024);
    const { folder, done } = unpack(file, 'bomb', 1024 * 1024);
    await expect(done).rejects.toThrow(/expands to more than 1 MiB/);
    expect(existsSync(join(folder, 'zeros.bin')) ? lstatSync(join(folder, 'zeros.bin')).size : 0).toBeLessThanOrEqual(1024 * 1024);
  });
});

/**
 * Unpacks a tar or tar.gz archive (model.tar.gz, sourcedir.tar.gz) into a folder, refusing what could reach
 * outside it: absolute names, `..`, links whose target leaves the folder, device files; and bombs (more bytes
 * or entries than a cap). Read and written in one pass by this module, so what is checked is what is written:
 * regular files, folders and links only, with permission bits masked to 0777 (never setuid) and owned by
 * whoever runs the service, as `tar --no-same-owner --no-same-permissions` would.
 */
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rm, symlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { createGunzip } from 'node:zlib';

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
}

export interface ArchiveLimits {
  /** Bytes the archive may expand to. */
  readonly maxBytes: number;
  readonly maxEntries: number;
}

const GIB = 1024 ** 3;
export const defaultArchiveLimits: ArchiveLimits = { maxBytes: Number(process.env.SLUICE_MAX_UNPACK_GB ?? 20) * GIB, maxEntries: 200_000 };

const BLOCK = 512;

interface Header {
  name: string;
  linkname: string;
  size: number;
  mode: number;
  type: string;
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function octal(block: Buffer, start: number, length: number): number {
  // GNU's base-256 form for sizes past 8 GiB: the high bit set, the rest big-endian.
  if ((block[start] ?? 0) & 0x80) return block.subarray(start + 1, start + length).reduce((value, byte) => value * 256 + byte, (block[start] ?? 0) & 0x7f);
  const digits = text(block, start, length).trim();
  return digits === '' ? 0 : parseInt(digits, 8);
}

/** Whether a header block's checksum field matches its bytes (summed with the field as spaces; unsigned, or signed as old tars did). */
function checksumMatches(block: Buffer): boolean {
  const stored = octal(block, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let index = 0; index < BLOCK; index += 1) {
    const byte = index >= 148 && index < 156 ? 0x20 : (block[index] ?? 0);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

function parseHeader(block: Buffer): Header {
  const prefix = text(block, 257, 5) === 'ustar' ? text(block, 345, 155) : '';
  const name = text(block, 0, 100);
  return {
    name: prefix ? `${prefix}/${name}` : name,
    linkname: text(block, 157, 100),
    size: octal(block, 124, 12),
    mode: octal(block, 100, 8),
    type: String.fromCharCode(block[156] ?? 0),
  };
}

/** pax extended headers: `<length> <key>=<value>\n` records. */
function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = Number(data.subarray(offset, space).toString());
    if (space === -1 || !Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

/** The entry's path inside the folder, or an error naming it. */
function insidePath(name: string, what = 'entry'): string {
  if (name.startsWith('/')) throw new ArchiveError(`${what} ${JSON.stringify(name)} is an absolute path`);
  const normal = posix.normalize(name);
  if (name.split('/').includes('..') || normal.startsWith('../') || normal === '..')
    throw new ArchiveError(`${what} ${JSON.stringify(name)} leaves the folder (..)`);
  return normal === '.' || normal === './' ? '' : normal.replace(/\/$/, '');
}

/** Reads the archive's bytes (gunzipped when they are gzip), refusing more than `maxBytes`. */
async function* decompressed(file: string, maxBytes: number): AsyncGenerator<Buffer> {
  const head = await open(file, 'r');
  const magic = Buffer.alloc(2);
  await head.read(magic, 0, 2, 0);
  await head.close();
  const raw = createReadStream(file);
  const stream = magic[0] === 0x1f && magic[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw new ArchiveError(`it expands to more than ${Math.round(maxBytes / 1024 ** 2)} MiB (a decompression bomb?)`);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`it is not a readable tar or tar.gz: ${error instanceof Error ? error.message : error}`);
  } finally {
    raw.destroy();
  }
}

/** Unpacks `file` into `folder`; on a refusal nothing is left outside the folder and the error names the entry. */
export async function unpackArchive(file: string, folder: string, limits: ArchiveLimits = defaultArchiveLimits): Promise<void> {
  await mkdir(folder, { recursive: true });
  let pending: Buffer = Buffer.alloc(0);
  let header: Header | undefined;
  let remaining = 0;
  let padding = 0;
  let entries = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  let meta: Buffer[] | undefined;
  let output: FileHandle | undefined;
  let ended = false;

  const begin = async (entry: Header) => {
    if (++entries > limits.maxEntries) throw new ArchiveError(`it has more than ${limits.maxEntries} entries`);
    const name = pax.path ?? longName ?? entry.name;
    const linkname = pax.linkpath ?? longLink ?? entry.linkname;
    if (pax.size !== undefined) entry.size = Number(pax.size);
    pax = {};
    longName = longLink = undefined;
    const relative = insidePath(name);
    const target = join(folder, relative);
    const mode = entry.mode & 0o777;
    if (entry.type === '5') {
      await mkdir(target, { recursive: true, mode: mode | 0o700 });
    } else if (entry.type === '0' || entry.type === '\0' || entry.type === '7') {
      await mkdir(dirname(target), { recursive: true });
      await rm(target, { force: true });
      output = await open(target, 'wx', mode | 0o600);
    } else if (entry.type === '2') {
      if (linkname.startsWith('/')) throw new ArchiveError(`entry ${JSON.stringify(name)} is a symlink to an absolute path (${linkname})`);
      insidePath(posix.join(posix.dirname(relative), linkname), `entry ${JSON.stringify(name)}: its symlink target`);
      await mkdir(dirname(target), { recursive: true });
      await rm(target, { force: true, recursive: true });
      await symlink(linkname, target);
    } else if (entry.type === '1') {
      const source = join(folder, insidePath(linkname, `entry ${JSON.stringify(name)}: its hard link target`));
      await mkdir(dirname(target), { recursive: true });
      await copyFile(source, target);
    } else {
      throw new ArchiveError(
        `entry ${JSON.stringify(name)} is of a kind this unpacker refuses (type ${JSON.stringify(entry.type)}: devices, fifos, sparse files)`,
      );
    }
  };

  const finishEntry = async () => {
    if (meta !== undefined && header !== undefined) {
      const data = Buffer.concat(meta);
      if (header.type === 'x') pax = parsePax(data);
      else if (header.type === 'g') {
        if ('path' in parsePax(data) || 'linkpath' in parsePax(data)) throw new ArchiveError('a global pax header sets paths for every entry: refused');
      } else if (header.type === 'L') longName = text(data, 0, data.length);
      else if (header.type === 'K') longLink = text(data, 0, data.length);
    }
    meta = undefined;
    await output?.close();
    output = undefined;
    header = undefined;
  };

  try {
    for await (const chunk of decompressed(file, limits.maxBytes)) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (!ended) {
        if (header !== undefined && remaining > 0) {
          const piece = pending.subarray(0, Math.min(remaining, pending.length));
          if (piece.length === 0) break;
          if (meta !== undefined) meta.push(Buffer.from(piece));
          else if (output !== undefined) await output.write(piece);
          remaining -= piece.length;
          pending = pending.subarray(piece.length);
          if (remaining > 0) break;
        }
        if (padding > 0) {
          const skip = Math.min(padding, pending.length);
          padding -= skip;
          pending = pending.subarray(skip);
          if (padding > 0) break;
        }
        if (header !== undefined) await finishEntry();
        if (pending.length < BLOCK) break;
        const block = pending.subarray(0, BLOCK);
        pending = pending.subarray(BLOCK);
        if (block.every((byte) => byte === 0)) {
          ended = true;
          break;
        }
        if (!checksumMatches(block)) {
          throw new ArchiveError(
            entries === 0 ? 'it is not a tar or tar.gz archive' : `it is damaged after ${entries} entries (a header's checksum does not match)`,
          );
        }
        header = parseHeader(block);
        if (['x', 'g', 'L', 'K'].includes(header.type)) meta = [];
        else await begin(header);
        const size = header.type === '5' || header.type === '2' || header.type === '1' ? 0 : header.size;
        remaining = size;
        padding = (BLOCK - (size % BLOCK)) % BLOCK;
        if (size === 0) await finishEntry();
      }
    }
    if (header !== undefined && remaining > 0) throw new ArchiveError(`entry ${JSON.stringify(header.name)} is cut short`);
    if (!ended && pending.length > 0)
      throw new ArchiveError(entries === 0 ? 'it is not a tar or tar.gz archive' : 'it ends in the middle of a block (cut short)');
  } finally {
    await output?.close();
  }
}

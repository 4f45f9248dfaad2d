/**
 * Multipart uploads: each upload is a folder `<home>/s3-uploads/<id>/` with `upload.json` and one file per
 * part; Complete concatenates the parts into a staging file and renames it into place, so the object
 * appears whole or not at all. The ETag is S3's: the MD5 of the parts' MD5s, then `-<parts>`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { header, requireQuery, smallBody, type BucketCall, type ObjectCall } from './call.js';
import { invalidArgument, noSuchUpload, S3Error } from './errors.js';
import type { ObjectMeta } from './files.js';
import { encoderFor, localOwnerId, sendXml } from './listing.js';
import { copySource, metaFromRequest } from './objects.js';
import { planPayload, receiveBody } from './payload.js';
import { children, childText, parseXml } from './xml.js';

/** S3's floor for every part but the last. */
export const minPartBytes = 5 * 1024 * 1024;
const maxParts = 10_000;

interface Upload {
  readonly bucket: string;
  readonly key: string;
  readonly initiated: string;
  readonly meta: Omit<ObjectMeta, 'etag'>;
}

interface Part {
  readonly number: number;
  readonly etag: string;
  readonly size: number;
  readonly lastModified: string;
  readonly checksum?: { readonly algorithm: string; readonly value: string };
}

function uploadFolder(call: BucketCall, uploadId: string): string {
  if (!/^[0-9a-f]{32}$/.test(uploadId)) throw noSuchUpload(uploadId.slice(0, 100));
  return join(call.files.uploadsRoot, uploadId);
}

async function readUpload(call: ObjectCall, uploadId: string): Promise<{ folder: string; upload: Upload }> {
  const folder = uploadFolder(call, uploadId);
  let upload: Upload;
  try {
    upload = JSON.parse(await readFile(join(folder, 'upload.json'), 'utf8')) as Upload;
  } catch {
    throw noSuchUpload(uploadId);
  }
  if (upload.bucket !== call.bucket || upload.key !== call.key) throw noSuchUpload(uploadId);
  return { folder, upload };
}

export async function createUpload(call: ObjectCall): Promise<void> {
  await call.files.requireBucket(call.bucket);
  if (call.key.endsWith('/'))
    throw invalidArgument('A key ending in "/" is a folder in the local store; it cannot be uploaded in parts', 'key', call.key.slice(0, 100));
  const uploadId = randomBytes(16).toString('hex');
  const folder = join(call.files.uploadsRoot, uploadId);
  await mkdir(folder, { recursive: true });
  const upload: Upload = { bucket: call.bucket, key: call.key, initiated: new Date().toISOString(), meta: metaFromRequest(call.request) };
  await writeFile(join(folder, 'upload.json'), JSON.stringify(upload));
  const algorithm = header(call.request, 'x-amz-checksum-algorithm');
  sendXml(
    call.response,
    200,
    'InitiateMultipartUploadResult',
    { Bucket: call.bucket, Key: call.key, UploadId: uploadId },
    algorithm === undefined ? {} : { 'x-amz-checksum-algorithm': algorithm },
  );
}

function partNumberOf(text: string): number {
  const number = Number(text);
  if (!/^\d{1,5}$/.test(text) || number < 1 || number > maxParts)
    throw invalidArgument(`Part number must be an integer between 1 and ${maxParts}, inclusive`, 'partNumber', text.slice(0, 20));
  return number;
}

export async function uploadPart(call: ObjectCall): Promise<void> {
  const number = partNumberOf(requireQuery(call, 'partNumber'));
  const { folder } = await readUpload(call, requireQuery(call, 'uploadId'));
  const plan = planPayload(call.request, call.auth);
  const staged = await call.files.stagingFile();
  try {
    const received = await receiveBody(call.request, plan, call.auth, staged);
    const part: Part = {
      number,
      etag: `"${received.md5}"`,
      size: received.size,
      lastModified: new Date().toISOString(),
      ...(received.checksum === undefined ? {} : { checksum: received.checksum }),
    };
    // The part's record is written first: a part file without one is not counted.
    await writeFile(join(folder, `part-${number}.json`), JSON.stringify(part));
    await rename(staged, join(folder, `part-${number}`));
    const out: Record<string, string | number> = { ETag: part.etag, 'Content-Length': 0 };
    if (received.checksum !== undefined) out[`x-amz-checksum-${received.checksum.algorithm}`] = received.checksum.value;
    call.response.writeHead(200, out);
    call.response.end();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw noSuchUpload(call.address.query.get('uploadId') ?? '');
    throw error;
  } finally {
    await rm(staged, { force: true });
  }
}

/** UploadPartCopy: a part taken from an existing object, whole or `x-amz-copy-source-range: bytes=a-b`. */
export async function uploadPartCopy(call: ObjectCall, sourceText: string): Promise<void> {
  const number = partNumberOf(requireQuery(call, 'partNumber'));
  const { folder } = await readUpload(call, requireQuery(call, 'uploadId'));
  const from = copySource(sourceText);
  call.files.checkBucketName(from.bucket);
  const source = await call.files.get(from.bucket, from.key);
  const rangeText = header(call.request, 'x-amz-copy-source-range');
  let start = 0;
  let end = source.size - 1;
  if (rangeText !== undefined) {
    const match = /^bytes=(\d+)-(\d+)$/.exec(rangeText.trim());
    if (match === null || Number(match[1]) > Number(match[2]) || Number(match[2]) >= source.size) {
      throw new S3Error(
        'InvalidRange',
        'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy, within the object',
        416,
        { ActualObjectSize: String(source.size) },
      );
    }
    [start, end] = [Number(match[1]), Number(match[2])];
  }
  const staged = await call.files.stagingFile();
  try {
    const md5 = createHash('md5');
    const out = createWriteStream(staged, { flags: 'wx', mode: 0o600 });
    if (end >= start) {
      for await (const chunk of createReadStream(source.path, { start, end, highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
        md5.update(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
      }
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const part: Part = { number, etag: `"${md5.digest('hex')}"`, size: Math.max(0, end - start + 1), lastModified: new Date().toISOString() };
    await writeFile(join(folder, `part-${number}.json`), JSON.stringify(part));
    await rename(staged, join(folder, `part-${number}`));
    sendXml(call.response, 200, 'CopyPartResult', { LastModified: part.lastModified, ETag: part.etag });
  } finally {
    await rm(staged, { force: true });
  }
}

async function partsOf(folder: string): Promise<Part[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const parts: Part[] = [];
  for (const name of names) {
    if (!/^part-\d+\.json$/.test(name)) continue;
    const part = JSON.parse(await readFile(join(folder, name), 'utf8')) as Part;
    const size = await stat(join(folder, `part-${part.number}`))
      .then((stats) => stats.size)
      .catch(() => undefined);
    if (size === part.size) parts.push(part);
  }
  return parts.sort((a, b) => a.number - b.number);
}

export async function completeUpload(call: ObjectCall): Promise<void> {
  const uploadId = requireQuery(call, 'uploadId');
  const { folder, upload } = await readUpload(call, uploadId);
  const document = parseXml(await smallBody(call), 'CompleteMultipartUpload');
  const listed = children(document, 'Part');
  if (listed.length === 0) throw new S3Error('MalformedXML', 'You must specify at least one part', 400);
  const stored = new Map((await partsOf(folder)).map((part) => [part.number, part]));
  const requested = listed.map((item) => ({
    number: partNumberOf(childText(item, 'PartNumber') ?? ''),
    etag: (childText(item, 'ETag') ?? '').replace(/"/g, ''),
  }));
  if (requested.some((item, index) => index > 0 && item.number <= requested[index - 1]!.number)) {
    throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.', 400, {
      UploadId: uploadId,
    });
  }
  const chosen: Part[] = [];
  for (const { number, etag } of requested) {
    const part = stored.get(number);
    if (part === undefined || part.etag.replace(/"/g, '') !== etag) {
      throw new S3Error(
        'InvalidPart',
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        400,
        { UploadId: uploadId, PartNumber: String(number), ETag: etag.slice(0, 100) },
      );
    }
    chosen.push(part);
  }
  for (const part of chosen.slice(0, -1)) {
    if (part.size < minPartBytes)
      throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, {
        PartNumber: String(part.number),
        ProposedSize: String(part.size),
        MinSizeAllowed: String(minPartBytes),
      });
  }
  const staged = await call.files.stagingFile();
  try {
    const out = createWriteStream(staged, { flags: 'wx', mode: 0o600 });
    const md5s = createHash('md5');
    for (const part of chosen) {
      md5s.update(Buffer.from(part.etag.replace(/"/g, ''), 'hex'));
      for await (const chunk of createReadStream(join(folder, `part-${part.number}`), { highWaterMark: 1024 * 1024 })) {
        if (!out.write(chunk)) await once(out, 'drain');
      }
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const etag = `"${md5s.digest('hex')}-${chosen.length}"`;
    await call.files.requireBucket(call.bucket);
    const object = await call.files.commit(call.bucket, call.key, staged, { ...upload.meta, etag, parts: chosen.length }, call.path);
    await rm(folder, { recursive: true, force: true });
    sendXml(call.response, 200, 'CompleteMultipartUploadResult', {
      Location: `/${call.bucket}/${call.key}`,
      Bucket: call.bucket,
      Key: call.key,
      ETag: object.etag,
    });
  } finally {
    await rm(staged, { force: true });
  }
}

export async function abortUpload(call: ObjectCall): Promise<void> {
  const { folder } = await readUpload(call, requireQuery(call, 'uploadId'));
  await rm(folder, { recursive: true, force: true });
  call.response.writeHead(204);
  call.response.end();
}

export async function listParts(call: ObjectCall): Promise<void> {
  const uploadId = requireQuery(call, 'uploadId');
  const { folder, upload } = await readUpload(call, uploadId);
  const marker = Number(call.address.query.get('part-number-marker') ?? '0') || 0;
  const maxText = call.address.query.get('max-parts');
  const max = Math.min(maxText === null ? 1000 : Number(maxText) || 0, 1000);
  const parts = (await partsOf(folder)).filter((part) => part.number > marker);
  const page = parts.slice(0, max);
  sendXml(
    call.response,
    200,
    'ListPartsResult',
    {
      Bucket: call.bucket,
      Key: call.key,
      UploadId: uploadId,
      Initiator: { ID: localOwnerId, DisplayName: 'sluice' },
      Owner: { ID: localOwnerId, DisplayName: 'sluice' },
      StorageClass: 'STANDARD',
      PartNumberMarker: marker,
      NextPartNumberMarker: page.at(-1)?.number ?? marker,
      MaxParts: max,
      IsTruncated: parts.length > page.length,
      Part: page.map((part) => ({ PartNumber: part.number, LastModified: part.lastModified, ETag: part.etag, Size: part.size })),
    },
    { 'x-amz-abort-date': upload.initiated },
  );
}

export async function listUploads(call: BucketCall): Promise<void> {
  await call.files.requireBucket(call.bucket);
  const prefix = call.address.query.get('prefix') ?? '';
  const encode = encoderFor(call.address.query.get('encoding-type'));
  const ids = await readdir(call.files.uploadsRoot).catch(() => [] as string[]);
  const uploads: { id: string; upload: Upload }[] = [];
  for (const id of ids) {
    try {
      const upload = JSON.parse(await readFile(join(call.files.uploadsRoot, id, 'upload.json'), 'utf8')) as Upload;
      if (upload.bucket === call.bucket && upload.key.startsWith(prefix)) uploads.push({ id, upload });
    } catch {
      // an upload being aborted
    }
  }
  uploads.sort((a, b) => Buffer.compare(Buffer.from(a.upload.key), Buffer.from(b.upload.key)) || (a.upload.initiated < b.upload.initiated ? -1 : 1));
  const page = uploads.slice(0, 1000);
  sendXml(call.response, 200, 'ListMultipartUploadsResult', {
    Bucket: call.bucket,
    KeyMarker: '',
    UploadIdMarker: '',
    Prefix: encode(prefix),
    MaxUploads: 1000,
    IsTruncated: uploads.length > page.length,
    Upload: page.map(({ id, upload }) => ({
      Key: encode(upload.key),
      UploadId: id,
      Initiator: { ID: localOwnerId, DisplayName: 'sluice' },
      Owner: { ID: localOwnerId, DisplayName: 'sluice' },
      StorageClass: 'STANDARD',
      Initiated: upload.initiated,
    })),
  });
}

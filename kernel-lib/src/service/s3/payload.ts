/**
 * An S3 request body, streamed to a file while every promise about it is checked: its SHA-256 (when
 * `x-amz-content-sha256` is a hash), `aws-chunked` chunk and trailer signatures, Content-MD5, the
 * x-amz-checksum-* header or trailer, and the length. The file is a staging file: the caller renames it into
 * place only when this resolves, so a refused or interrupted body never becomes an object.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { chunkSignature, emptySha256, headerValue, type Authenticated, trailerSignature } from '../signature.js';
import { isChecksumAlgorithm, startChecksum, type ChecksumAlgorithm, type RunningChecksum } from './checksums.js';
import { badDigest, entityTooLarge, incompleteBody, invalidArgument, invalidRequest, S3Error } from './errors.js';

/** S3's limit for one PutObject or UploadPart. */
export const maxSinglePutBytes = 5 * 1024 ** 3;

export type PayloadMode = 'plain' | 'chunked-signed' | 'chunked-signed-trailer' | 'chunked-unsigned-trailer';

export interface PayloadPlan {
  readonly mode: PayloadMode;
  /** The SHA-256 the body must have, when the client declared one. */
  readonly sha256?: string;
  /** The length of the object (the decoded length for aws-chunked), when declared. */
  readonly length?: number;
  readonly contentMd5?: string;
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly expected?: string; readonly inTrailer: boolean };
}

export interface ReceivedBody {
  readonly size: number;
  /** Hex MD5 of the object: its ETag when it is uploaded whole. */
  readonly md5: string;
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly value: string };
}

/** Reads what the headers promise about the body; refuses what S3 would refuse before reading it. */
export function planPayload(request: IncomingMessage, auth: Authenticated): PayloadPlan {
  const headers = request.headers;
  const declared = auth.presigned ? 'UNSIGNED-PAYLOAD' : (headerValue(headers, 'x-amz-content-sha256') ?? 'UNSIGNED-PAYLOAD');
  let mode: PayloadMode;
  let sha256: string | undefined;
  if (/^[0-9a-f]{64}$/.test(declared)) [mode, sha256] = ['plain', declared];
  else if (declared === 'UNSIGNED-PAYLOAD') mode = 'plain';
  else if (declared === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD') mode = 'chunked-signed';
  else if (declared === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER') mode = 'chunked-signed-trailer';
  else if (declared === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') mode = 'chunked-unsigned-trailer';
  else
    throw invalidArgument(
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-… value or a SHA-256 in hex',
      'x-amz-content-sha256',
      declared.slice(0, 100),
    );

  const lengthHeader = mode === 'plain' ? headerValue(headers, 'content-length') : headerValue(headers, 'x-amz-decoded-content-length');
  if (mode !== 'plain' && lengthHeader === undefined)
    throw new S3Error('MissingContentLength', 'You must provide the x-amz-decoded-content-length header for an aws-chunked body.', 411);
  const length = lengthHeader === undefined ? undefined : Number(lengthHeader);
  if (length !== undefined && (!Number.isSafeInteger(length) || length < 0))
    throw invalidArgument('The content length is not a number', 'Content-Length', lengthHeader);
  if (length !== undefined && length > maxSinglePutBytes) throw entityTooLarge(maxSinglePutBytes);

  const contentMd5 = headerValue(headers, 'content-md5');
  if (contentMd5 !== undefined && !/^[A-Za-z0-9+/]{22}==$/.test(contentMd5))
    throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400);

  let checksum: PayloadPlan['checksum'];
  const trailer = headerValue(headers, 'x-amz-trailer')?.trim().toLowerCase();
  if (trailer !== undefined && trailer !== '') {
    const algorithm = /^x-amz-checksum-([a-z0-9]+)$/.exec(trailer)?.[1] ?? '';
    if (!isChecksumAlgorithm(algorithm)) throw invalidRequest(`The trailer ${trailer} is not a checksum this service knows`);
    if (mode === 'plain' || mode === 'chunked-signed') throw invalidRequest('x-amz-trailer needs a STREAMING-…-TRAILER payload');
    checksum = { algorithm, inTrailer: true };
  } else {
    for (const name of ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const) {
      const value = headerValue(headers, `x-amz-checksum-${name}`);
      if (value !== undefined) {
        if (checksum !== undefined) throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
        checksum = { algorithm: name, expected: value, inTrailer: false };
      }
    }
  }
  return {
    mode,
    ...(sha256 === undefined ? {} : { sha256 }),
    ...(length === undefined ? {} : { length }),
    ...(contentMd5 === undefined ? {} : { contentMd5 }),
    ...(checksum === undefined ? {} : { checksum }),
  };
}

/** Streams the body into `file` (created, never overwritten) and checks it; throws S3Error on any mismatch. */
export async function receiveBody(
  request: IncomingMessage,
  plan: PayloadPlan,
  auth: Authenticated,
  file: string,
  limit = maxSinglePutBytes,
): Promise<ReceivedBody> {
  const meter = new Meter(limit, plan.checksum === undefined ? undefined : startChecksum(plan.checksum.algorithm), plan.sha256 !== undefined);
  const decoder = plan.mode === 'plain' ? undefined : new ChunkDecoder(plan.mode, auth);
  const sink = createWriteStream(file, { flags: 'wx', mode: 0o600, highWaterMark: 1024 * 1024 });
  try {
    if (decoder === undefined) await pipeline(request, meter, sink);
    else await pipeline(request, decoder, meter, sink);
  } catch (error) {
    if (error instanceof S3Error) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error instanceof Error && error.message === 'aborted')) {
      throw incompleteBody('The request body ended before it was complete.');
    }
    throw error;
  }
  if (plan.length !== undefined && meter.size !== plan.length) {
    throw incompleteBody(`You did not provide the number of bytes specified by the Content-Length HTTP header (${plan.length}; received ${meter.size}).`);
  }
  if (plan.sha256 !== undefined && meter.sha256() !== plan.sha256) {
    throw new S3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400);
  }
  const md5 = meter.md5.digest();
  if (plan.contentMd5 !== undefined && md5.toString('base64') !== plan.contentMd5) throw badDigest('Content-MD5');
  let checksum: ReceivedBody['checksum'];
  if (plan.checksum !== undefined) {
    const expected = plan.checksum.inTrailer ? decoder?.trailers.get(`x-amz-checksum-${plan.checksum.algorithm}`) : plan.checksum.expected;
    if (expected === undefined) throw invalidRequest(`The trailer x-amz-checksum-${plan.checksum.algorithm} was announced but not sent`);
    const actual = meter.checksum?.digest();
    if (actual !== undefined && actual !== expected) throw badDigest(`x-amz-checksum-${plan.checksum.algorithm}`);
    checksum = { algorithm: plan.checksum.algorithm, value: expected };
  }
  return { size: meter.size, md5: md5.toString('hex'), ...(checksum === undefined ? {} : { checksum }) };
}

/** Counts, hashes and caps what passes through. */
class Meter extends Transform {
  size = 0;
  readonly md5 = createHash('md5');
  /** Only when the client declared a hash: SHA-256 costs as much as the copy itself. */
  private readonly sha: ReturnType<typeof createHash> | undefined;

  constructor(
    private readonly limit: number,
    readonly checksum: RunningChecksum | undefined,
    withSha256: boolean,
  ) {
    super({ highWaterMark: 1024 * 1024 });
    this.sha = withSha256 ? createHash('sha256') : undefined;
  }

  sha256(): string | undefined {
    return this.sha?.digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      done(entityTooLarge(this.limit));
      return;
    }
    this.md5.update(chunk);
    this.sha?.update(chunk);
    this.checksum?.update(chunk);
    done(null, chunk);
  }
}

/** A size line is `<hex>[;chunk-signature=<64 hex>]`; S3 caps lines, so a client cannot make us buffer. */
const maxLineBytes = 4096;

/**
 * Decodes `aws-chunked`: `<hex size>[;chunk-signature=…]\r\n<data>\r\n` … `0…\r\n`, then trailing headers
 * (`x-amz-checksum-…:…`, with `x-amz-trailer-signature` when signed) and an empty line. Each chunk's
 * signature chains from the previous one, starting with the request's.
 */
class ChunkDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  private state: 'size' | 'data' | 'data-end' | 'final-end' | 'trailer' | 'done' = 'size';
  private line = Buffer.alloc(0);
  private remaining = 0;
  private expectedSignature = '';
  private previous: string;
  private chunkHash = createHash('sha256');
  private readonly signed: boolean;
  private readonly withTrailer: boolean;
  private trailerText = '';

  constructor(
    mode: Exclude<PayloadMode, 'plain'>,
    private readonly auth: Authenticated,
  ) {
    super();
    this.signed = mode !== 'chunked-unsigned-trailer';
    this.withTrailer = mode !== 'chunked-signed';
    this.previous = auth.signature;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.consume(chunk);
      done();
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
    }
  }

  override _flush(done: TransformCallback): void {
    done(this.state === 'done' ? null : incompleteBody('The aws-chunked body ended before its final chunk.'));
  }

  private consume(input: Buffer): void {
    let at = 0;
    while (at < input.length) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, input.length - at);
        const piece = input.subarray(at, at + take);
        if (this.signed) this.chunkHash.update(piece);
        this.push(piece);
        this.remaining -= take;
        at += take;
        if (this.remaining === 0) {
          this.state = 'data-end';
          this.checkChunk();
        }
        continue;
      }
      if (this.state === 'done') throw incompleteBody('Data after the final aws-chunked chunk.');
      // Every other state reads a line.
      const end = input.indexOf(0x0a, at);
      const part = input.subarray(at, end < 0 ? input.length : end + 1);
      this.line = this.line.length === 0 ? Buffer.from(part) : Buffer.concat([this.line, part]);
      at += part.length;
      if (this.line.length > maxLineBytes) throw incompleteBody('An aws-chunked header line is too long.');
      if (end < 0) continue;
      const text = this.line.toString('latin1');
      this.line = Buffer.alloc(0);
      if (!text.endsWith('\r\n')) throw incompleteBody('An aws-chunked line does not end in CRLF.');
      this.onLine(text.slice(0, -2));
    }
  }

  private onLine(text: string): void {
    switch (this.state) {
      case 'data-end':
        if (text !== '') throw incompleteBody('An aws-chunked chunk is longer than its declared size.');
        this.state = 'size';
        return;
      case 'size': {
        const match = /^([0-9a-fA-F]{1,16})(?:;chunk-signature=([0-9a-f]{64}))?$/.exec(text);
        if (match === null) throw incompleteBody('An aws-chunked size line is malformed.');
        if (this.signed && match[2] === undefined) throw new S3Error('SignatureDoesNotMatch', 'An aws-chunked chunk has no chunk-signature.', 403);
        this.expectedSignature = match[2] ?? '';
        this.remaining = parseInt(match[1]!, 16);
        if (!Number.isSafeInteger(this.remaining)) throw incompleteBody('An aws-chunked chunk size is too large.');
        if (this.remaining > 0) {
          this.state = 'data';
          return;
        }
        this.checkChunk();
        this.state = this.withTrailer ? 'trailer' : 'final-end';
        return;
      }
      case 'final-end':
        if (text !== '') throw incompleteBody('Data after the final aws-chunked chunk.');
        this.state = 'done';
        return;
      case 'trailer':
        this.onTrailerLine(text);
        return;
      default:
        throw incompleteBody('Unexpected data in the aws-chunked body.');
    }
  }

  private onTrailerLine(text: string): void {
    if (text === '') {
      if (this.signed && !this.trailers.has('x-amz-trailer-signature'))
        throw new S3Error('SignatureDoesNotMatch', 'The aws-chunked trailer has no x-amz-trailer-signature.', 403);
      this.state = 'done';
      return;
    }
    const colon = text.indexOf(':');
    if (colon <= 0) throw incompleteBody('An aws-chunked trailer line is malformed.');
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim();
    if (this.trailers.size > 8) throw incompleteBody('Too many aws-chunked trailers.');
    if (name === 'x-amz-trailer-signature') {
      if (this.signed && trailerSignature(this.auth, this.previous, this.trailerText) !== value) {
        throw new S3Error('SignatureDoesNotMatch', 'The aws-chunked trailer signature does not match.', 403);
      }
    } else {
      this.trailerText += `${name}:${value}\n`;
    }
    this.trailers.set(name, value);
  }

  private checkChunk(): void {
    if (!this.signed) return;
    const hash = this.remaining === 0 && this.state !== 'data-end' ? emptySha256 : this.chunkHash.digest('hex');
    const expected = chunkSignature(this.auth, this.previous, hash);
    if (expected !== this.expectedSignature) throw new S3Error('SignatureDoesNotMatch', 'An aws-chunked chunk signature does not match.', 403);
    this.previous = expected;
    this.chunkHash = createHash('sha256');
  }
}

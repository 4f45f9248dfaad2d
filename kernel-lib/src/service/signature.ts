/**
 * SigV4, checked in two steps so that no body is read for a stranger: `authenticate` reads only the
 * request line and headers (the key id, its session token, the date, the credential scope and which headers
 * were signed), then the caller checks the signature over the payload hash it trusts: the body's own hash
 * for the JSON API, `x-amz-content-sha256` for S3 (whose real hash is then checked while the body streams).
 * Presigned URLs (query-string auth) are read the same way.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AwsError, invalidSignature, unrecognizedClient } from './errors.js';
import type { KeyRing, SigningKey } from './keyring.js';

/** AWS tolerates this much clock skew between client and service. */
const maxSkewMs = 15 * 60 * 1000;
/** A presigned URL lives at most a week, as on AWS. */
const maxPresignSeconds = 7 * 24 * 3600;
const authorizationPattern =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]{64})$/;
const credentialPattern = /^([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request$/;
export const emptySha256 = createHash('sha256').update('').digest('hex');

/** Why a request was not accepted; each surface (JSON API, S3, STS) names it in its own error shape. */
export type AuthFailureReason =
  | 'missing' // no Authorization header and no presigned query
  | 'malformed' // not an AWS4-HMAC-SHA256 signature
  | 'unknownKey'
  | 'endedKey' // a job's session key after the job ended
  | 'badToken' // session key without (or with a wrong) X-Amz-Security-Token
  | 'badDate'
  | 'skewed' // signed too long ago or in the future
  | 'presignExpired'
  | 'badScope' // region or service of the credential scope
  | 'unsignedHeader' // a header that must be signed was not
  | 'hashMismatch' // the body does not match its declared SHA-256
  | 'mismatch'; // the signature itself

export class SignatureFailure extends Error {
  override readonly name = 'SignatureFailure';
  constructor(
    readonly reason: AuthFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** What a surface requires of a signature. */
export interface AuthRules {
  /** The signing names the credential scope may carry, e.g. `s3` or `sagemaker`. */
  readonly services: readonly string[];
  /** Headers that must be among the signed ones (`host` and `x-amz-date` always are, except in a presigned URL's date). */
  readonly signedHeaders: readonly string[];
  /** Whether query-string auth (a presigned URL) is accepted. */
  readonly presigned?: boolean;
}

export interface RequestHead {
  readonly method: string;
  /** The raw request target: path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** A request whose key, date and scope passed; its signature is checked by `checkSignature`. */
export interface Authenticated {
  readonly key: SigningKey;
  readonly accessKeyId: string;
  readonly amzDate: string;
  readonly scope: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly presigned: boolean;
  /** The day's signing key, for chunk and trailer signatures. */
  readonly signingKey: Buffer;
}

/** The service named by the credential scope of a request, or undefined when it carries none; it routes STS. */
export function scopeService(head: RequestHead): string | undefined {
  const authorization = headerValue(head.headers, 'authorization');
  if (authorization !== undefined) return /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/([^/,\s]+)\//.exec(authorization)?.[1];
  const credential = queryOf(head.url).get('X-Amz-Credential');
  return credential === null ? undefined : credentialPattern.exec(credential)?.[4];
}

/** Everything that can be checked before the body: throws SignatureFailure. */
export function authenticate(head: RequestHead, keys: KeyRing, rules: AuthRules, now = Date.now()): Authenticated {
  const authorization = headerValue(head.headers, 'authorization');
  const query = queryOf(head.url);
  let accessKeyId: string, scopeDate: string, region: string, service: string, signedHeaderList: string, signature: string, amzDate: string | undefined;
  let presigned = false;
  if (authorization !== undefined) {
    const match = authorizationPattern.exec(authorization.trim());
    if (match === null) throw new SignatureFailure('malformed', 'The Authorization header is not an AWS4-HMAC-SHA256 signature');
    [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = match as unknown as [string, string, string, string, string, string, string];
    amzDate = headerValue(head.headers, 'x-amz-date');
  } else if (rules.presigned === true && query.has('X-Amz-Signature')) {
    presigned = true;
    if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') throw new SignatureFailure('malformed', 'X-Amz-Algorithm must be AWS4-HMAC-SHA256');
    const credential = credentialPattern.exec(query.get('X-Amz-Credential') ?? '');
    if (credential === null) throw new SignatureFailure('malformed', 'X-Amz-Credential is not <key>/<date>/<region>/<service>/aws4_request');
    [, accessKeyId, scopeDate, region, service] = credential as unknown as [string, string, string, string, string];
    signedHeaderList = query.get('X-Amz-SignedHeaders') ?? '';
    signature = query.get('X-Amz-Signature') ?? '';
    if (!/^[a-z0-9;._-]+$/.test(signedHeaderList) || !/^[0-9a-f]{64}$/.test(signature))
      throw new SignatureFailure('malformed', 'X-Amz-SignedHeaders or X-Amz-Signature is malformed');
    amzDate = query.get('X-Amz-Date') ?? undefined;
  } else {
    throw new SignatureFailure('missing', 'The request is not signed: no Authorization header');
  }

  // The key first: an unknown caller learns nothing else, and nothing of its body is read.
  const found = keys.lookup(accessKeyId);
  if (found === undefined) throw new SignatureFailure('unknownKey', 'The AWS access key Id you provided does not exist in our records.');
  if ('ended' in found) throw new SignatureFailure('endedKey', `The security token included in the request is expired: ${found.ended}`);
  const key = found.key;
  if (key.sessionToken !== undefined) {
    const token = presigned ? (query.get('X-Amz-Security-Token') ?? undefined) : headerValue(head.headers, 'x-amz-security-token');
    if (token === undefined || !sameText(token, key.sessionToken))
      throw new SignatureFailure('badToken', 'The security token included in the request is invalid.');
  }

  const signingDate = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (signingDate === undefined) throw new SignatureFailure('badDate', 'The request has no valid X-Amz-Date');
  if (presigned) {
    const expires = Number(query.get('X-Amz-Expires') ?? 'NaN');
    if (!Number.isInteger(expires) || expires < 1 || expires > maxPresignSeconds)
      throw new SignatureFailure('malformed', `X-Amz-Expires must be a number of seconds from 1 to ${maxPresignSeconds}`);
    if (signingDate.getTime() - now > maxSkewMs) throw new SignatureFailure('skewed', 'The presigned URL is dated in the future');
    if (now > signingDate.getTime() + expires * 1000) throw new SignatureFailure('presignExpired', 'Request has expired');
  } else if (Math.abs(now - signingDate.getTime()) > maxSkewMs) {
    throw new SignatureFailure('skewed', `Signature expired: ${amzDate} is more than 15 minutes away from the service's time`);
  }
  if (!amzDate!.startsWith(scopeDate)) throw new SignatureFailure('badScope', 'The credential scope date does not match X-Amz-Date');
  if (region !== keys.region) throw new SignatureFailure('badScope', `The credential scope's region is '${region}'; this service signs for '${keys.region}'`);
  if (!rules.services.includes(service))
    throw new SignatureFailure('badScope', `The credential scope's service is '${service}'; this request is for '${rules.services[0]}'`);

  const signedHeaders = signedHeaderList.split(';');
  const required = presigned ? ['host'] : ['host', 'x-amz-date', ...rules.signedHeaders];
  for (const name of required) {
    if (!signedHeaders.includes(name)) throw new SignatureFailure('unsignedHeader', `The header ${name} must be signed (SignedHeaders: ${signedHeaderList})`);
  }
  if ([...signedHeaders].sort().join(';') !== signedHeaderList) throw new SignatureFailure('malformed', 'SignedHeaders must be sorted');
  for (const name of signedHeaders) {
    if (headerValue(head.headers, name) === undefined) throw new SignatureFailure('malformed', `The signed header ${name} is missing from the request`);
  }
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  const signingKey = deriveSigningKey(key.secretAccessKey, scopeDate, region, service);
  return { key, accessKeyId, amzDate: amzDate!, scope, region, service, signedHeaders, signature, presigned, signingKey };
}

/**
 * Checks the signature over the canonical request, given the payload hash the request claims (or, for the
 * JSON API, the body's real hash; several when a presigned URL may have been signed either way). Other
 * services canonicalize the path twice-encoded; S3 once, and SDKs sign the path exactly as they send it, so
 * S3 tries the path as sent, then decoded and encoded again (for clients that encode differently).
 */
export function checkSignature(auth: Authenticated, head: RequestHead, payloadHash: string | readonly string[]): void {
  const [rawPath = '/', rawQuery = ''] = splitUrl(head.url);
  const paths = auth.service === 's3' ? [...new Set([rawPath, canonicalPath(rawPath, true)])] : [canonicalPath(rawPath, false)];
  const query = canonicalQuery(rawQuery, auth.presigned);
  const headers = auth.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(headerValue(head.headers, name) ?? '')}\n`).join('');
  for (const path of paths) {
    for (const hash of typeof payloadHash === 'string' ? [payloadHash] : payloadHash) {
      const canonical = [head.method, path, query, headers, auth.signedHeaders.join(';'), hash].join('\n');
      const stringToSign = ['AWS4-HMAC-SHA256', auth.amzDate, auth.scope, sha256Hex(canonical)].join('\n');
      if (sameText(hmac(auth.signingKey, stringToSign).toString('hex'), auth.signature)) return;
    }
  }
  throw new SignatureFailure('mismatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
}

/** The signature of one `aws-chunked` chunk, chained from the previous one (the seed is the request's). */
export function chunkSignature(auth: Authenticated, previous: string, chunkSha256: string): string {
  return hmac(auth.signingKey, ['AWS4-HMAC-SHA256-PAYLOAD', auth.amzDate, auth.scope, previous, emptySha256, chunkSha256].join('\n')).toString('hex');
}

/** The signature of an `aws-chunked` body's trailing headers. */
export function trailerSignature(auth: Authenticated, previous: string, canonicalTrailers: string): string {
  return hmac(auth.signingKey, ['AWS4-HMAC-SHA256-TRAILER', auth.amzDate, auth.scope, previous, sha256Hex(canonicalTrailers)].join('\n')).toString('hex');
}

/** The JSON API's and InvokeEndpoint's errors for a failure (S3 and STS have their own shapes). */
export function jsonAuthError(failure: SignatureFailure): AwsError {
  switch (failure.reason) {
    case 'missing':
    case 'malformed':
    case 'unknownKey':
    case 'badToken':
      return unrecognizedClient(failure.reason === 'unknownKey' ? 'The security token included in the request is invalid.' : failure.message);
    case 'endedKey':
      return new AwsError('ExpiredTokenException', failure.message, 403);
    default:
      return invalidSignature(failure.message);
  }
}

/** The JSON API's rules: the target must be signed, so it cannot be swapped after signing. */
export const jsonApiRules: AuthRules = { services: ['sagemaker'], signedHeaders: ['x-amz-target'] };
/** InvokeEndpoint: clients sign SageMaker Runtime as `sagemaker`. */
export const runtimeRules: AuthRules = { services: ['sagemaker'], signedHeaders: [] };

/**
 * The whole check for a request whose body was read (after `authenticate` passed): the payload hash is the
 * body's, and a declared `x-amz-content-sha256` must be that same hash (no UNSIGNED-PAYLOAD here).
 */
export function verifyBody(auth: Authenticated, head: RequestHead, body: Buffer): void {
  const hash = sha256Hex(body);
  const declared = headerValue(head.headers, 'x-amz-content-sha256');
  if (declared !== undefined && declared !== hash) throw new SignatureFailure('hashMismatch', 'The x-amz-content-sha256 header does not match the body');
  checkSignature(auth, head, hash);
}

function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}\n${date}\n${region}\n${service}`;
  let key = signingKeys.get(cacheKey);
  if (key === undefined) {
    key = hmac(hmac(hmac(hmac(Buffer.from(`AWS4${secret}`), date), region), service), 'aws4_request');
    if (signingKeys.size > 256) signingKeys.clear();
    signingKeys.set(cacheKey, key);
  }
  return key;
}
// The day's key per secret, region and service: InvokeEndpoint's and S3's rates make it worth keeping.
const signingKeys = new Map<string, Buffer>();

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function sameText(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

function splitUrl(url: string): [string, string] {
  const at = url.indexOf('?');
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)];
}

function queryOf(url: string): URLSearchParams {
  return new URLSearchParams(splitUrl(url)[1]);
}

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters. */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** S3: each segment of the decoded path encoded once, no normalization. Others: normalized, then encoded twice. */
function canonicalPath(rawPath: string, s3: boolean): string {
  if (s3)
    return rawPath
      .split('/')
      .map((segment) => escapeUri(decodeSafe(segment)))
      .join('/');
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const path = `/${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`;
  return path
    .split('/')
    .map((segment) => escapeUri(segment))
    .join('/');
}

function canonicalQuery(rawQuery: string, presigned: boolean): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const name = decodeSafe(at < 0 ? part : part.slice(0, at));
    const value = at < 0 ? '' : decodeSafe(part.slice(at + 1));
    if (presigned && name === 'X-Amz-Signature') continue;
    pairs.push([escapeUri(name), escapeUri(value)]);
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** `20260126T024016Z` → Date. */
function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

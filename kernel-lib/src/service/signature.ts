import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { NodeSha256 } from '../crypto/node-sha256.js';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsError, invalidSignature, unrecognizedClient } from './errors.js';
import type { KeyRing, SigningKey } from './keyring.js';

/** AWS tolerates this much clock skew between client and service. */
const maxSkewMs = 15 * 60 * 1000;
const authorizationPattern =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]{64})$/;

export interface SignedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Checks a request's SigV4 signature by signing a copy of it again with the local secret (the AWS SDK's own
 * signer) and comparing; throws the 403 error AWS would send.
 */
export async function verifySignature(request: SignedRequest, keys: KeyRing, now = Date.now()): Promise<SigningKey> {
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined) throw unrecognizedClient('The request is not signed: no Authorization header');
  const match = authorizationPattern.exec(authorization.trim());
  if (match === null) throw unrecognizedClient('The Authorization header is not an AWS4-HMAC-SHA256 signature');
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = match as unknown as [string, string, string, string, string, string, string];
  const found = keys.lookup(accessKeyId);
  if (found === undefined) throw unrecognizedClient('The security token included in the request is invalid.');
  if ('ended' in found) throw new AwsError('ExpiredTokenException', `The security token included in the request is expired: ${found.ended}`, 403);
  const credentials = found.key;
  if (credentials.sessionToken !== undefined) {
    const token = headerValue(request.headers, 'x-amz-security-token');
    if (token === undefined || !sameText(token, credentials.sessionToken)) throw unrecognizedClient('The security token included in the request is invalid.');
  }

  const amzDate = headerValue(request.headers, 'x-amz-date');
  const signingDate = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (signingDate === undefined) throw invalidSignature('The request has no valid X-Amz-Date header');
  if (Math.abs(now - signingDate.getTime()) > maxSkewMs) {
    throw invalidSignature(`Signature expired: ${amzDate} is more than 15 minutes away from the service's time`);
  }
  if (!amzDate!.startsWith(scopeDate)) throw invalidSignature('The credential scope date does not match X-Amz-Date');

  // The signer trusts a signed x-amz-content-sha256 header as the body's hash, so check it against the body.
  const declaredHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (declaredHash !== undefined && declaredHash !== 'UNSIGNED-PAYLOAD' && declaredHash !== createHash('sha256').update(request.body).digest('hex')) {
    throw invalidSignature('The x-amz-content-sha256 header does not match the body');
  }

  const signedHeaders = signedHeaderList.split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value === undefined) throw invalidSignature(`The signed header ${name} is missing from the request`);
    headers[name] = value;
  }
  const [path = '/', query = ''] = request.path.split('?', 2);
  const signer = signerFor(credentials, region, service);
  const signed = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: 'localhost', path: decodeURIComponentSafe(path), query: parseQuery(query), headers, body: request.body },
    { signingDate, signingRegion: region, signingService: service, signableHeaders: new Set(signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})$/.exec(signed.headers['authorization'] ?? '')?.[1] ?? '';
  const expectedHeaders = /SignedHeaders=([^,]+),/.exec(signed.headers['authorization'] ?? '')?.[1] ?? '';
  if (expectedHeaders !== signedHeaderList || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw invalidSignature(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return credentials;
}

function sameText(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

// One signer per key, region and service: it caches the day's signing key, which InvokeEndpoint's rate makes worth keeping.
const signers = new Map<string, SignatureV4>();

function signerFor(credentials: SigningKey, region: string, service: string): SignatureV4 {
  const key = `${credentials.accessKeyId}\n${credentials.secretAccessKey}\n${region}\n${service}`;
  let signer = signers.get(key);
  if (signer === undefined) {
    if (signers.size > 64) signers.clear();
    // applyChecksum: false, or the signer adds a header that boto3 never signed.
    signer = new SignatureV4({ credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey }, region, service, sha256: NodeSha256, applyChecksum: false });
    signers.set(key, signer);
  }
  return signer;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** `20260126T024016Z` → Date. */
function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function parseQuery(query: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const existing = result[key];
    result[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return result;
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * STS on the service's endpoint, in STS's query protocol (`Action=…&Version=2011-06-15`, form-encoded POST
 * or GET query; XML answers): GetCallerIdentity, AssumeRole and GetSessionToken. Credentials it hands out
 * come from the key ring, so they work against every surface of the service and expire on their own. Only
 * the home's key may ask for new ones: a job's key must not outlive its job through a fresh session.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { elementXml, type XmlObject } from '../s3/xml.js';
import type { KeyRing, SigningKey } from '../keyring.js';
import { authenticate, headerValue, scopeService, SignatureFailure, verifyBody, type AuthRules } from '../signature.js';
import { readBody } from '../wire.js';

const stsNamespace = 'https://sts.amazonaws.com/doc/2011-06-15/';
const stsRules: AuthRules = { services: ['sts'], signedHeaders: [] };
const maxBodyBytes = 64 * 1024;

class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** An STS request: to `/`, signed for `sts` or carrying an `Action` (so unsigned ones get STS's error shape). */
export function isStsRequest(request: IncomingMessage): boolean {
  const url = request.url ?? '/';
  if (url.split('?')[0] !== '/') return false;
  if (scopeService({ method: request.method ?? 'GET', url, headers: request.headers }) === 'sts') return true;
  const query = new URLSearchParams(url.split('?')[1] ?? '');
  if (query.has('Action')) return true;
  return request.method === 'POST' && (headerValue(request.headers, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded');
}

export interface StsSurface {
  readonly keys: KeyRing;
  readonly account: string;
  /** Called once the request's key passed. */
  readonly trust: () => void;
}

export async function handleSts(request: IncomingMessage, response: ServerResponse, surface: StsSurface): Promise<void> {
  const requestId = randomBytes(16).toString('hex');
  try {
    const head = { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers };
    let key: SigningKey;
    let body: Buffer;
    try {
      const auth = authenticate(head, surface.keys, stsRules);
      surface.trust();
      body = await readBody(request, maxBodyBytes).catch(() => {
        throw new StsError('ValidationError', `The request body is larger than ${maxBodyBytes} bytes`, 400);
      });
      verifyBody(auth, head, body);
      key = auth.key;
    } catch (error) {
      throw error instanceof SignatureFailure ? stsAuthError(error) : error;
    }
    const params = new URLSearchParams((request.url ?? '/').split('?')[1] ?? '');
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params.set(name, value);
    const action = params.get('Action') ?? '';
    const result = answer(action, params, key, surface);
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n${elementXml(`${action}Response`, { '@_xmlns': stsNamespace, [`${action}Result`]: result, ResponseMetadata: { RequestId: requestId } })}`;
    response.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId });
    response.end(text);
  } catch (error) {
    const failure = error instanceof StsError ? error : new StsError('InternalFailure', 'The request processing has failed because of an unknown error', 500);
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n${elementXml('ErrorResponse', { '@_xmlns': stsNamespace, Error: { Type: failure.status < 500 ? 'Sender' : 'Receiver', Code: failure.code, Message: failure.message }, RequestId: requestId })}`;
    const headers: Record<string, string | number> = { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId };
    if (!request.complete) headers['Connection'] = 'close';
    response.writeHead(failure.status, headers);
    response.end(text);
  }
}

function stsAuthError(failure: SignatureFailure): StsError {
  switch (failure.reason) {
    case 'missing':
      return new StsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    case 'malformed':
    case 'badScope':
      return new StsError('IncompleteSignature', failure.message, 400);
    case 'unknownKey':
    case 'badToken':
      return new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    case 'endedKey':
      return new StsError('ExpiredToken', failure.message, 400);
    default:
      return new StsError('SignatureDoesNotMatch', failure.message, 403);
  }
}

/** Who a key is, in IAM's words: the home's user, a role session from AssumeRole, or a job's role session. */
function identityOf(key: SigningKey, account: string): { Arn: string; UserId: string } {
  if (key.owner === 'home') return { Arn: `arn:aws:iam::${account}:user/sluice`, UserId: `AIDA${key.accessKeyId.slice(-16)}` };
  const assumed = /^role\/([^/]+)\/(.+)$/.exec(key.owner);
  if (assumed !== null) return { Arn: `arn:aws:sts::${account}:assumed-role/${assumed[1]}/${assumed[2]}`, UserId: `AROASLUICE:${assumed[2]}` };
  if (key.owner === 'session-token') return { Arn: `arn:aws:iam::${account}:user/sluice`, UserId: `AIDASLUICE` };
  const session = key.owner.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return { Arn: `arn:aws:sts::${account}:assumed-role/SluiceLocal/${session}`, UserId: `AROASLUICE:${session}` };
}

function duration(params: URLSearchParams, fallback: number, max: number): number {
  const text = params.get('DurationSeconds');
  if (text === null) return fallback;
  const seconds = Number(text);
  if (!/^\d+$/.test(text) || seconds < 900 || seconds > max)
    throw new StsError(
      'ValidationError',
      `1 validation error detected: Value '${text.slice(0, 20)}' at 'durationSeconds' failed to satisfy constraint: Member must be between 900 and ${max}`,
      400,
    );
  return seconds;
}

function answer(action: string, params: URLSearchParams, key: SigningKey, surface: StsSurface): XmlObject {
  switch (action) {
    case 'GetCallerIdentity':
      return { ...identityOf(key, surface.account), Account: surface.account };
    case 'AssumeRole': {
      if (key.owner !== 'home')
        throw new StsError(
          'AccessDenied',
          'Only the home credentials may assume a role here: session credentials must not outlive what they were issued to',
          403,
        );
      const roleArn = params.get('RoleArn') ?? '';
      const sessionName = params.get('RoleSessionName') ?? '';
      const role = /^arn:aws:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(roleArn);
      if (role === null)
        throw new StsError('ValidationError', `Value '${roleArn.slice(0, 200)}' at 'roleArn' failed to satisfy constraint: it must be an IAM role ARN`, 400);
      if (!/^[\w+=,.@-]{2,64}$/.test(sessionName))
        throw new StsError(
          'ValidationError',
          `Value '${sessionName.slice(0, 100)}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*, 2 to 64 characters`,
          400,
        );
      const seconds = duration(params, 3600, 43200);
      const issued = surface.keys.issue(`role/${role[1]}/${sessionName}`, seconds * 1000);
      return {
        Credentials: credentials(issued),
        AssumedRoleUser: { AssumedRoleId: `AROASLUICE:${sessionName}`, Arn: `arn:aws:sts::${surface.account}:assumed-role/${role[1]}/${sessionName}` },
        PackedPolicySize: 0,
      };
    }
    case 'GetSessionToken': {
      if (key.owner !== 'home') throw new StsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403);
      const seconds = duration(params, 43200, 129600);
      return { Credentials: credentials(surface.keys.issue('session-token', seconds * 1000)) };
    }
    default:
      throw new StsError(
        'InvalidAction',
        `Could not find operation ${action.slice(0, 100)} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
        400,
      );
  }
}

function credentials(issued: ReturnType<KeyRing['issue']>): XmlObject {
  return {
    AccessKeyId: issued.accessKeyId,
    SecretAccessKey: issued.secretAccessKey,
    SessionToken: issued.sessionToken,
    Expiration: new Date(issued.expiresAt).toISOString(),
  };
}

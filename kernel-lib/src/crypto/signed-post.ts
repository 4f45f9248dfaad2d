/** Requests to the local service signed with SigV4, for its clients: the extras client, the panel's proxy, tests. */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256.js';

/** Where the local service answers and the credentials its requests are signed with (what `npx sluice service env` prints). */
export interface LocalServiceAddress {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

// node:http with kept-alive connections, not fetch: fetch cost the client about 1 ms of CPU a request (its web
// streams and abort signals), several times what the service spends answering. Idle connections are dropped before
// the service's own 5 s keep-alive ends, and they do not keep a process alive. A process blocked past that cannot
// drop them in time: a request that goes out on one the service closed is sent again (below).
const agentOptions = { keepAlive: true, timeout: 4000 };
const agents = { 'http:': new HttpAgent(agentOptions), 'https:': new HttpsAgent(agentOptions) };

/** One signer per region and key: a signer keeps the day's signing key, which costs four HMACs to derive. */
const signers = new Map<string, SignatureV4>();

function signerFor(address: LocalServiceAddress): SignatureV4 {
  const id = `${address.region}\n${address.credentials.accessKeyId}\n${address.credentials.secretAccessKey}`;
  let signer = signers.get(id);
  if (signer === undefined) {
    if (signers.size >= 16) signers.clear();
    signer = new SignatureV4({ service: 'sagemaker', region: address.region, credentials: address.credentials, sha256: NodeSha256, applyChecksum: false });
    signers.set(id, signer);
  }
  return signer;
}

/**
 * One POST of an AWS JSON 1.1 request to the local service, signed with its credentials. Answers with the status, body text and content type as they came.
 */
export async function signedServicePost(
  address: LocalServiceAddress,
  target: string,
  body: string,
): Promise<{ status: number; text: string; contentType: string | null }> {
  const url = new URL(address.endpoint);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`the service's endpoint must be http: or https:, not ${address.endpoint}`);
  const signed = await signerFor(address).sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body,
  });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = { ...signed.headers, 'content-length': String(Buffer.byteLength(body)) };
  const attempt = (again: boolean): Promise<{ status: number; text: string; contentType: string | null }> =>
    new Promise((resolve, reject) => {
      const outgoing = send(
        url.origin,
        // The second attempt on a connection of its own: the pool's other idle ones may be as stale.
        { method: 'POST', path: '/', agent: again ? agents[url.protocol as 'http:' | 'https:'] : false, headers },
        (answer: IncomingMessage) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.once('error', reject);
          answer.once('end', () =>
            resolve({ status: answer.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), contentType: answer.headers['content-type'] ?? null }),
          );
        },
      );
      outgoing.once('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the service closed while this process was too busy to notice (a kernel compiling a
        // cell): the request never reached it, so it goes once more.
        if (again && outgoing.reusedSocket && error.code === 'ECONNRESET') resolve(attempt(false));
        else reject(error);
      });
      outgoing.end(body);
    });
  return attempt(true);
}

/** Whether a failed {@link signedServicePost} found no service at all (none listening, or it went away mid-request). */
export function isConnectionFailure(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(String(code));
}

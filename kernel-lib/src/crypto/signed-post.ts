/** Requests to the local service signed with SigV4, for its clients: the extras client, the panel's proxy, tests. */
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256.js';

/** Where the local service answers and the credentials its requests are signed with (what `npx sluice service env` prints). */
export interface LocalServiceAddress {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
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
  const signer = new SignatureV4({ service: 'sagemaker', region: address.region, credentials: address.credentials, sha256: NodeSha256, applyChecksum: false });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body,
  });
  const response = await fetch(`${url.origin}/`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
}

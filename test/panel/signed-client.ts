// The panel's ServiceClient, for Node: each call signed as `sluice service proxy` signs the browser's, and
// sent straight to a real service. Models under test then read what the service really answers.
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../kernel-lib/src/crypto/node-sha256.js';
import type { RunningService } from '../../kernel-lib/src/service/server.js';
import { errorFromResponse } from '../../labextension/src/api/errors.js';
import type { InputOf, OperationName, OutputOf, ServiceClient } from '../../labextension/src/api/operations.js';

export function signedClient(service: RunningService): ServiceClient {
  const signer = new SignatureV4({ service: 'sagemaker', region: service.credentials.region, credentials: service.credentials, sha256: NodeSha256, applyChecksum: false });
  const url = new URL(service.endpoint);
  return {
    async call<Name extends OperationName>(operation: Name, input: InputOf<Name>): Promise<OutputOf<Name>> {
      const body = JSON.stringify(input);
      const signed = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': operation },
        body,
      });
      const response = await fetch(`${url.origin}/`, { method: 'POST', headers: signed.headers as Record<string, string>, body });
      const text = await response.text();
      if (!response.ok) throw errorFromResponse(response.status, text);
      return (text === '' ? {} : JSON.parse(text)) as OutputOf<Name>;
    },
  };
}

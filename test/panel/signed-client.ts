// The panel's ServiceClient, for Node: each call signed as `sluice service proxy` signs the browser's, and
// sent straight to a real service. Models under test then read what the service really answers.
import type { RunningService } from '../../kernel-lib/src/service/server.js';
import { signedServicePost } from '../../kernel-lib/src/crypto/signed-post.js';
import { errorFromResponse } from '../../labextension/src/api/errors.js';
import type { InputOf, OperationName, OutputOf, ServiceClient } from '../../labextension/src/api/operations.js';

export function signedClient(service: RunningService): ServiceClient {
  const address = { endpoint: service.endpoint, region: service.credentials.region, credentials: service.credentials };
  return {
    async call<Name extends OperationName>(operation: Name, input: InputOf<Name>): Promise<OutputOf<Name>> {
      const { status, text } = await signedServicePost(address, operation, JSON.stringify(input));
      if (status >= 400) throw errorFromResponse(status, text);
      return (text === '' ? {} : JSON.parse(text)) as OutputOf<Name>;
    },
  };
}

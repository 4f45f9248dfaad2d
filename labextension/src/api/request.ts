/**
 * The panel's one way to the service: a POST to <base_url>sluice/ through Jupyter's authenticated proxy,
 * which adds Jupyter's token and XSRF header; `sluice service proxy` behind it signs the request.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { errorFromResponse, ServiceError, unreachableType } from './errors';
import type { InputOf, OperationName, OutputOf, ServiceClient } from './operations';

export const servicePath = 'sluice/';

export function requestService<Name extends OperationName>(
  operation: Name,
  input: InputOf<Name>,
  settings: ServerConnection.ISettings = ServerConnection.makeSettings(),
): Promise<OutputOf<Name>> {
  return send(operation, input, settings) as Promise<OutputOf<Name>>;
}

async function send(operation: string, input: unknown, settings: ServerConnection.ISettings): Promise<unknown> {
  const url = URLExt.join(settings.baseUrl, servicePath);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(
      url,
      {
        method: 'POST',
        headers: { 'X-Amz-Target': operation, 'Content-Type': 'application/x-amz-json-1.1' },
        body: JSON.stringify(input),
      },
      settings,
    );
  } catch (error) {
    // A NetworkError: JupyterLab itself is gone, so the service is out of reach too.
    throw new ServiceError(unreachableType, `JupyterLab does not answer: ${error instanceof Error ? error.message : String(error)}`, 0);
  }
  const text = await response.text();
  if (!response.ok) throw errorFromResponse(response.status, text);
  return text === '' ? {} : JSON.parse(text);
}

/** The client that models use in JupyterLab. */
export function jupyterServiceClient(settings: ServerConnection.ISettings = ServerConnection.makeSettings()): ServiceClient {
  return { call: (operation, input) => requestService(operation, input, settings) };
}

/** Operations that change what the service holds (start, stop, approve, create…), by the verb they start with. */
const changing = /^[A-Za-z]+\.(Start|Stop|Retry|Update|Create|Delete|Send|Put)/;

/** A client that calls `onChange` after every successful change, so other views (the sidebar) refresh at once. */
export function notifyingClient(client: ServiceClient, onChange: (operation: OperationName) => void): ServiceClient {
  return {
    call: async (operation, input) => {
      const output = await client.call(operation, input);
      if (changing.test(operation)) onChange(operation);
      return output;
    },
  };
}

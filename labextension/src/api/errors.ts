import { serviceUnreachableType } from 'sluice/protocol';

/** What the service (or the way to it) answered instead of a result. */
export class ServiceError extends Error {
  constructor(
    /** The AWS error code (`__type`), e.g. ResourceNotFound, ValidationException; or ServiceUnreachable. */
    readonly type: string,
    message: string,
    /** The HTTP status; 0 when no answer came at all. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  /** True when the service itself did not answer: the panel then says how to get it running. */
  get unreachable(): boolean {
    return this.type === unreachableType;
  }
}

/** The panel's own code when no answer came, and the signing proxy's when it could not reach the service. */
export const unreachableType = serviceUnreachableType;

/** What a form shows for a failed action: the service's code and words, or the error's own message. */
export function errorText(caught: unknown): string {
  if (caught instanceof ServiceError) return `${caught.type}: ${caught.message}`;
  return caught instanceof Error ? caught.message : String(caught);
}

/** What to tell a user who sees no service; shown with the error's own message. */
export const howToReachService =
  'Start JupyterLab with `npm start` in the Sluice repository (it sets up the proxy at <base_url>sluice/). ' +
  'If it is running, see `sluice service status` and $SLUICE_HOME/service.log. The panel keeps retrying.';

/**
 * Turns a response that is not a result into a typed error. AWS JSON errors carry `__type` (sometimes as
 * `namespace#Code`) and `message`; anything else (HTML from Jupyter, a proxy failure) means the service
 * itself was not reached, or Jupyter refused us.
 */
export function errorFromResponse(status: number, text: string): ServiceError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (typeof body === 'object' && body !== null && '__type' in body) {
    const record = body as { __type: unknown; message?: unknown; Message?: unknown };
    const type = String(record.__type).split('#').pop() ?? 'UnknownError';
    return new ServiceError(type, String(record.message ?? record.Message ?? type), status);
  }
  if (status === 403) return new ServiceError('Forbidden', 'JupyterLab refused the request (403): reload the page to sign in again.', status);
  // Jupyter's own error pages are HTML: their text says nothing a user can act on.
  const detail = text === '' || /^\s*</.test(text) ? '' : `: ${text.slice(0, 160)}`;
  return new ServiceError(unreachableType, `JupyterLab's proxy got no answer from the Sluice service (HTTP ${status}${detail}).`, status);
}

/** @jest-environment jsdom */
import { errorFromResponse } from '../../labextension/src/api/errors.js';

describe("the panel's errors from the service", () => {
  it("carry the service's __type (without an AWS namespace) and message", () => {
    const error = errorFromResponse(
      400,
      JSON.stringify({ __type: 'com.amazonaws.sagemaker#ValidationException', message: 'Parameter "Count" is an Integer; "three" is not a whole number' }),
    );
    expect(error).toMatchObject({
      type: 'ValidationException',
      status: 400,
      message: 'Parameter "Count" is an Integer; "three" is not a whole number',
      unreachable: false,
    });
  });

  it("say the service is unreachable when Jupyter's proxy answers with its own HTML page, without the page", () => {
    const error = errorFromResponse(500, '<!DOCTYPE HTML><html><head><title>Jupyter Server</title></head><body>500 : Internal Server Error</body></html>');
    expect(error).toMatchObject({ type: 'ServiceUnreachable', unreachable: true, status: 500 });
    expect(error.message).toBe("JupyterLab's proxy got no answer from the Sluice service (HTTP 500).");
  });

  it("say the service is unreachable, with the proxy's reason, when the signing proxy could not start it", () => {
    const reason = 'The service did not start: bad credentials.json (its log: /h/service.log)';
    const error = errorFromResponse(503, JSON.stringify({ __type: 'ServiceUnreachable', message: reason }));
    expect(error).toMatchObject({ type: 'ServiceUnreachable', unreachable: true, status: 503, message: reason });
  });

  it('do not take a ServiceUnavailable that the service itself answered for an unreachable service', () => {
    expect(errorFromResponse(503, JSON.stringify({ __type: 'ServiceUnavailable', message: 'busy' }))).toMatchObject({ unreachable: false });
  });

  it('tell a user whose Jupyter session ended to sign in again', () => {
    expect(errorFromResponse(403, '<html>403: Forbidden</html>')).toMatchObject({ type: 'Forbidden', unreachable: false });
  });
});

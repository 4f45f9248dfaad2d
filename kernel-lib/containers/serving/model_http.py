"""SageMaker's serving contract over HTTP, shared by the Python model servers here (the built-in XGBoost algorithm's,
the inference toolkit's): GET /ping, POST /invocations on $SAGEMAKER_BIND_TO_PORT, on the loopback."""
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(invoke, name):
    """Answers /ping with 200, and /invocations with invoke(body, content_type, accept) -> (status, content_type,
    payload), the payload bytes or text."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def answer(self, status, content_type, payload):
            data = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/ping":
                self.answer(200, "text/plain", "")
            else:
                self.answer(404, "text/plain", "not found")

        def do_POST(self):
            if self.path != "/invocations":
                self.answer(404, "text/plain", "not found")
                return
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.answer(*invoke(body, self.headers.get("Content-Type"), self.headers.get("Accept")))

    port = int(os.environ.get("SAGEMAKER_BIND_TO_PORT", "8080"))
    print("{} on 127.0.0.1:{}".format(name, port), flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()

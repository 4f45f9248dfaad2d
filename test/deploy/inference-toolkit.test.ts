// kernel-lib/containers/inference-toolkit/serve.py: how a model's Python program is served. One written for the
// SageMaker inference toolkit (model_fn and the handlers it overrides, as the Python SDK's framework models are)
// is served by that contract with its defaults; any other program runs as it is and serves itself.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ping } from '../../kernel-lib/src/engine/serving/model-server.js';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';

const serve = join(repoRoot, 'kernel-lib', 'containers', 'inference-toolkit', 'serve.py');
const stops: (() => void)[] = [];
afterAll(() => stops.forEach((stop) => stop()));

/** Serves `program` (its text) with a model folder holding `model`; resolves with the port once /ping answers. */
async function served(program: string, model: Record<string, string> = {}): Promise<number> {
  const folder = makeTestWorkspace('inference-toolkit');
  mkdirSync(join(folder, 'code'), { recursive: true });
  mkdirSync(join(folder, 'model'), { recursive: true });
  writeFileSync(join(folder, 'code', 'inference.py'), program);
  for (const [name, text] of Object.entries(model)) writeFileSync(join(folder, 'model', name), text);
  const port = await freePort();
  const child = spawn(testVenvPython, [serve, join(folder, 'code', 'inference.py')], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SAGEMAKER_BIND_TO_PORT: String(port), SAGEMAKER_MODEL_DIR: join(folder, 'model') },
    stdio: 'ignore',
  });
  stops.push(() => child.kill('SIGKILL'));
  for (let i = 0; i < 200; i++) {
    if (await ping(port)) return port;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the program never answered /ping');
}

async function invoke(port: number, body: string, contentType: string, accept?: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/invocations`, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType, ...(accept === undefined ? {} : { accept }) },
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

const scaler = `
import json, os

class Scaler:
    def __init__(self, factor):
        self.factor = factor
    def predict(self, rows):
        if self.factor < 0:
            raise ValueError("a negative factor")
        return rows.sum(axis=1) * self.factor

def model_fn(model_dir):
    return Scaler(json.load(open(os.path.join(model_dir, "model.json")))["factor"])
`;

describe('the inference toolkit server', () => {
  it("serves model_fn with the toolkit's default input_fn, predict_fn and output_fn", async () => {
    const port = await served(scaler, { 'model.json': '{"factor": 2}' });

    expect(await invoke(port, '[[1, 2], [3, 4]]', 'application/json', 'application/json')).toEqual({ status: 200, type: 'application/json', text: '[6, 14]' });
    expect(await invoke(port, '1,2\n3,4\n', 'text/csv', 'text/csv')).toEqual({ status: 200, type: 'text/csv', text: '6.0\n14.0' });
    // No Accept: the toolkit's default, JSON.
    expect((await invoke(port, '[[1, 1]]', 'application/json')).text).toBe('[4]');
    const unsupported = await invoke(port, 'x', 'image/png', 'application/json');
    expect(unsupported.status).toBe(415);
    expect(unsupported.text).toContain('Content type image/png is not supported');
  });

  it("answers 500 with the model's own error", async () => {
    const port = await served(scaler, { 'model.json': '{"factor": -1}' });
    expect(await invoke(port, '[[1, 2]]', 'application/json', 'application/json')).toEqual({
      status: 500,
      type: 'text/plain',
      text: 'ValueError: a negative factor',
    });
  });

  it('uses the handlers the program gives: input_fn and output_fn, or transform_fn for all', async () => {
    const own = await served(
      `${scaler}
def input_fn(body, content_type):
    import numpy as np
    return np.array([[float(v) for v in body.decode().split("|")]])

def output_fn(prediction, accept):
    return "scaled=" + str(float(prediction[0])), "text/plain"
`,
      { 'model.json': '{"factor": 3}' },
    );
    expect(await invoke(own, '1|2|3', 'text/x-pipes', 'text/plain')).toEqual({ status: 200, type: 'text/plain', text: 'scaled=18.0' });

    const whole = await served(`
def model_fn(model_dir):
    return "model"

def transform_fn(model, body, content_type, accept):
    return body.decode().upper(), "text/plain"
`);
    expect(await invoke(whole, 'shout', 'text/plain', 'text/plain')).toEqual({ status: 200, type: 'text/plain', text: 'SHOUT' });
  });

  it('runs a program that defines no handlers as it is: it serves itself', async () => {
    const port = await served(`
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def reply(self, text):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(text.encode())
    def do_GET(self):
        self.reply("")
    def do_POST(self):
        self.reply("served by " + __name__)

if __name__ == "__main__":
    HTTPServer(("127.0.0.1", int(os.environ["SAGEMAKER_BIND_TO_PORT"])), Handler).serve_forever()
`);
    expect((await invoke(port, 'x', 'text/plain')).text).toBe('served by __main__');
  });
});

// The inference program of the registered model, under SageMaker's serving contract: the model TrainAbaloneModel
// wrote (model.json, unpacked from model.tar.gz) in /opt/ml/model, GET /ping and POST /invocations on
// $SAGEMAKER_BIND_TO_PORT (8080 in a container). What it answers is in serving.ts.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { AbaloneModel } from './model';
import { inferenceHandler } from './serving';

const modelDir = process.env.SAGEMAKER_MODEL_DIR ?? '/opt/ml/model';
const model = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as AbaloneModel;
const port = Number(process.env.SAGEMAKER_BIND_TO_PORT ?? 8080);
// Only the model server of this machine talks to it (the endpoint's InvokeEndpoint forwards here).
// 127.0.0.1 here; the Node.js image's `serve` sets 0.0.0.0, as SageMaker reaches a container from outside.
const host = process.env.SAGEMAKER_BIND_TO_HOST ?? '127.0.0.1';
createServer(inferenceHandler(model)).listen(port, host, () => console.log(`serving ${join(modelDir, 'model.json')} on ${host}:${port}`));

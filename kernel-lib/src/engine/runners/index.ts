/** The step types this machine runs, each with its runner. */
import { callbackRunner } from './callback.js';
import { conditionRunner, failRunner, modelRunner, registerModelRunner } from './in-process.js';
import { lambdaRunner } from './lambda.js';
import { processingRunner } from './processing.js';
import { trainingRunner } from './training.js';
import { transformRunner } from './transform.js';
import { tuningRunner } from './tuning.js';
import type { StepRunner } from './types.js';

export const runners: Readonly<Record<string, StepRunner>> = {
  Processing: processingRunner,
  Training: trainingRunner,
  Condition: conditionRunner,
  Fail: failRunner,
  Model: modelRunner,
  RegisterModel: registerModelRunner,
  Callback: callbackRunner,
  Lambda: lambdaRunner,
  Tuning: tuningRunner,
  Transform: transformRunner,
};

/** Step types that exist only on Amazon SageMaker. */
export const sageMakerOnly: ReadonlySet<string> = new Set(['EMR', 'QualityCheck', 'ClarifyCheck', 'AutoML']);

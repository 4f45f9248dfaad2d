// Models a test makes are disposed after it, so no poll outlives the test (a live poll keeps jest from exiting).
import type { PolledModel } from '../../labextension/src/model/polled-model.js';

const made: PolledModel[] = [];

/** Registers a model for disposal after the current test; its poll stands by, as tests drive loads themselves. */
export function track<M extends PolledModel>(model: M): M {
  made.push(model);
  model.visible = false;
  return model;
}

afterEach(() => {
  for (const model of made.splice(0)) model.dispose();
});

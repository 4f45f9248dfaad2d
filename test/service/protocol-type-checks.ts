// Compiled by `npm run typecheck` (test/typecheck.test.ts): each @ts-expect-error line must be a type error.
import type { OperationContext } from '../../kernel-lib/src/service/context.js';
import type { RequestBody } from '../../kernel-lib/src/service/input.js';
import { operations } from '../../kernel-lib/src/service/operations/index.js';
import type { OperationHandlers } from '../../kernel-lib/src/service/protocol.js';
import type { LocalExtrasClient } from '../../kernel-lib/src/session/local-extras-client.js';

type Handlers = OperationHandlers<RequestBody, OperationContext>;

// @ts-expect-error: a table without SageMaker.ListPipelines is missing a handler
export const missingHandler: Handlers = (({ 'SageMaker.ListPipelines': _dropped, ...rest }) => rest)(operations);

export const wrongShape: Handlers = {
  ...operations,
  // @ts-expect-error: GetJobLog answers Lines and NextLine, not a bare list
  'SluiceLocal.GetJobLog': () => ({ Lines: 'none' }),
};

export async function extrasCalls(extras: LocalExtrasClient): Promise<void> {
  // @ts-expect-error: the extras client calls only SluiceLocal operations
  await extras.call('ListPipelines', {});
  // @ts-expect-error: GetJobLog needs a JobName
  await extras.call('GetJobLog', { StartFromLine: 0 });
  const log = await extras.call('GetJobLog', { JobName: 'train' });
  // @ts-expect-error: the answer is typed: there is no Log member
  void log.Log;
}

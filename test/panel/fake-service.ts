// A ServiceClient that answers from a table, records each call, and can be told to be unreachable.
import { ServiceError, unreachableType } from '../../labextension/src/api/errors.js';
import type { InputOf, OperationName, OutputOf, ServiceClient } from '../../labextension/src/api/operations.js';

type Handler<Name extends OperationName> = (input: InputOf<Name>) => OutputOf<Name>;

export class FakeService implements ServiceClient {
  readonly calls: { operation: OperationName; input: unknown }[] = [];
  unreachable = false;
  private readonly handlers = new Map<OperationName, (input: unknown) => unknown>();

  on<Name extends OperationName>(operation: Name, handler: Handler<Name>): this {
    this.handlers.set(operation, handler as (input: unknown) => unknown);
    return this;
  }

  async call<Name extends OperationName>(operation: Name, input: InputOf<Name>): Promise<OutputOf<Name>> {
    this.calls.push({ operation, input });
    if (this.unreachable) throw new ServiceError(unreachableType, 'No answer from the Sluice service (HTTP 503).', 503);
    const handler = this.handlers.get(operation);
    if (!handler) throw new ServiceError('UnknownOperationException', `no fake for ${operation}`, 400);
    return handler(input) as OutputOf<Name>;
  }

  count(operation: OperationName): number {
    return this.calls.filter((call) => call.operation === operation).length;
  }
}

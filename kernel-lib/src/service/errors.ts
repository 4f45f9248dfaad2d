/** AWS error shapes: every failure a handler or the transport reports is one of these, sent in one place. */
export class AwsError extends Error {
  constructor(
    /** The `__type` a client maps to its exception class, e.g. `ResourceNotFound`. */
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export const validationError = (message: string): AwsError => new AwsError('ValidationException', message);
export const resourceNotFound = (message: string): AwsError => new AwsError('ResourceNotFound', message);
export const resourceInUse = (message: string): AwsError => new AwsError('ResourceInUse', message);
export const conflict = (message: string): AwsError => new AwsError('ConflictException', message);
export const resourceLimitExceeded = (message: string): AwsError => new AwsError('ResourceLimitExceeded', message);
export const unknownOperation = (target: string): AwsError =>
  new AwsError('UnknownOperationException', target === '' ? 'Missing X-Amz-Target header' : `Unknown operation ${target}`);
export const serializationError = (message: string): AwsError => new AwsError('SerializationException', message);
export const bodyTooLarge = (limit: number): AwsError =>
  new AwsError('RequestEntityTooLargeException', `Request body exceeds the limit of ${limit} bytes`, 413);
export const unrecognizedClient = (message: string): AwsError => new AwsError('UnrecognizedClientException', message, 403);
export const invalidSignature = (message: string): AwsError => new AwsError('InvalidSignatureException', message, 403);
export const internalFailure = (): AwsError => new AwsError('InternalFailure', 'The request processing has failed because of an unknown error', 500);

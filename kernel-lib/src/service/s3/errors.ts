/**
 * S3's errors: a code, a status and a message, sent as `<Error>` XML with the resource and a request id.
 * Every refusal of the S3 surface is one of these; anything else becomes InternalError in one place.
 */
import type { SignatureFailure } from '../signature.js';

export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** Extra members of `<Error>`, e.g. BucketName or UploadId. */
    readonly members: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export const noSuchBucket = (bucket: string): S3Error => new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
export const noSuchKey = (key: string): S3Error => new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
export const noSuchUpload = (uploadId: string): S3Error =>
  new S3Error('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404, {
    UploadId: uploadId,
  });
export const invalidBucketName = (bucket: string): S3Error =>
  new S3Error(
    'InvalidBucketName',
    'The specified bucket is not valid: 3 to 63 characters of a-z, 0-9, "." and "-", starting and ending with a letter or digit',
    400,
    { BucketName: bucket },
  );
export const invalidArgument = (message: string, name?: string, value?: string): S3Error =>
  new S3Error('InvalidArgument', message, 400, name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' });
export const invalidRequest = (message: string): S3Error => new S3Error('InvalidRequest', message, 400);
export const malformedXml = (detail: string): S3Error =>
  new S3Error('MalformedXML', `The XML you provided was not well-formed or did not validate against our published schema: ${detail}`, 400);
export const methodNotAllowed = (method: string, resource: string): S3Error =>
  new S3Error('MethodNotAllowed', `The specified method is not allowed against this resource.`, 405, { Method: method, ResourceType: resource });
export const notImplemented = (what: string): S3Error =>
  new S3Error('NotImplemented', `A header or operation you provided implies functionality that is not implemented: ${what}`, 501);
export const badDigest = (what: string): S3Error => new S3Error('BadDigest', `The ${what} you specified did not match what we received.`, 400);
export const entityTooLarge = (limit: number): S3Error =>
  new S3Error('EntityTooLarge', `Your proposed upload exceeds the maximum allowed object size of ${limit} bytes.`, 400, { MaxSizeAllowed: String(limit) });
export const incompleteBody = (message: string): S3Error => new S3Error('IncompleteBody', message, 400);
export const internalError = (): S3Error => new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);
/** The local store keeps objects as files, so `a` and `a/b` cannot both exist: said plainly, not as a 500. */
export const keyConflict = (key: string, detail: string): S3Error =>
  new S3Error(
    'KeyConflict',
    `The key ${JSON.stringify(key)} cannot be stored here: ${detail}. The local store keeps objects as files, so a key cannot be both an object and a prefix of other keys ("a" and "a/b").`,
    409,
  );

/** S3's names for a failed signature check (see signature.ts for the reasons). */
export function s3AuthError(failure: SignatureFailure): S3Error {
  switch (failure.reason) {
    case 'missing':
      return new S3Error('AccessDenied', 'Access Denied: the request is not signed', 403);
    case 'malformed':
      return new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed: ${failure.message}`, 400);
    case 'unknownKey':
      return new S3Error('InvalidAccessKeyId', failure.message, 403);
    case 'endedKey':
      return new S3Error('ExpiredToken', failure.message, 400);
    case 'badToken':
      return new S3Error('InvalidToken', failure.message, 400);
    case 'badDate':
      return new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', 403);
    case 'skewed':
      return new S3Error('RequestTimeTooSkewed', `The difference between the request time and the server's time is too large. ${failure.message}`, 403);
    case 'presignExpired':
      return new S3Error('AccessDenied', 'Request has expired', 403);
    case 'badScope':
      return new S3Error('AuthorizationHeaderMalformed', failure.message, 400);
    case 'unsignedHeader':
      return new S3Error('AccessDenied', `There were headers present in the request which were not signed: ${failure.message}`, 403);
    case 'hashMismatch':
      return new S3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400);
    case 'mismatch':
      return new S3Error(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        403,
      );
  }
}

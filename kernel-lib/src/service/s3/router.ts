/**
 * The S3 surface of the service: requests without X-Amz-Target (and not STS) land here. Authentication
 * reads only the headers (or a presigned URL's query); each operation then streams its body itself. One
 * table of method and sub-resource decides the operation; every refusal is an S3Error sent as XML here.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostMatch } from '../host-check.js';
import type { KeyRing } from '../keyring.js';
import { authenticate, checkSignature, emptySha256, headerValue, SignatureFailure, type AuthRules } from '../signature.js';
import { addressOf, type S3Address } from './addressing.js';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './buckets.js';
import type { BucketCall, ObjectCall, S3Call } from './call.js';
import { internalError, methodNotAllowed, notImplemented, s3AuthError, S3Error } from './errors.js';
import type { S3Files } from './files.js';
import { listObjectsV1, listObjectsV2 } from './list-objects.js';
import { sendXml } from './listing.js';
import { abortUpload, completeUpload, createUpload, listParts, listUploads, uploadPart, uploadPartCopy } from './multipart.js';
import { copyObject, deleteObject, deleteObjects, getObject, putObject } from './objects.js';
import { xmlDocument } from './xml.js';

/** S3 requests sign `x-amz-content-sha256`, so the body's hash cannot be swapped after signing. */
export const s3Rules: AuthRules = { services: ['s3'], signedHeaders: ['x-amz-content-sha256'], presigned: true };

export interface S3Surface {
  readonly files: S3Files;
  readonly keys: KeyRing;
  readonly log: (message: string) => void;
  /** Called once the request's key and signature passed. */
  readonly trust: () => void;
}

export async function handleS3(request: IncomingMessage, response: ServerResponse, host: HostMatch, surface: S3Surface): Promise<void> {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  response.setHeader('x-amz-request-id', requestId);
  let resource = (request.url ?? '/').split('?')[0]!;
  try {
    const address = addressOf(request.url ?? '/', host);
    resource = address.resource;
    const head = { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers };
    if (address.query.has('AWSAccessKeyId') && address.query.has('Signature')) {
      throw new S3Error(
        'AccessDenied',
        "Signature Version 2 presigned URLs are not accepted here: sign with SigV4 (boto3: Config(signature_version='s3v4'))",
        403,
      );
    }
    let call: S3Call;
    try {
      const auth = authenticate(head, surface.keys, s3Rules);
      // A presigned URL names its payload hash, or was signed with UNSIGNED-PAYLOAD (S3 presigners) or the empty body's hash (plain SigV4 presigners).
      const payloadHash = auth.presigned
        ? [address.query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD', emptySha256]
        : (headerValue(request.headers, 'x-amz-content-sha256') ?? '');
      checkSignature(auth, head, payloadHash);
      surface.trust();
      call = { request, response, address, auth, files: surface.files, region: surface.keys.region };
    } catch (error) {
      throw error instanceof SignatureFailure ? s3AuthError(error) : error;
    }
    await dispatch(call);
  } catch (error) {
    const failure = error instanceof S3Error ? error : internalError();
    if (!(error instanceof S3Error)) surface.log(`sluice service (S3): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    sendS3Error(request, response, failure, resource, requestId);
  }
}

export function sendS3Error(request: IncomingMessage, response: ServerResponse, error: S3Error, resource: string, requestId: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body =
    request.method === 'HEAD'
      ? ''
      : xmlDocument('Error', { Code: error.code, Message: error.message, ...error.members, Resource: resource, RequestId: requestId }, null);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
  };
  // An unread body is not drained for a refused request: the connection closes instead.
  if (!request.complete) headers['Connection'] = 'close';
  response.writeHead(error.status, headers);
  response.end(body);
}

function has(address: S3Address, name: string): boolean {
  return address.query.has(name);
}

async function dispatch(call: S3Call): Promise<void> {
  const { address } = call;
  const method = call.request.method ?? 'GET';
  if (address.bucket === undefined) {
    if (method === 'GET') return listBuckets(call);
    throw methodNotAllowed(method, 'SERVICE');
  }
  const bucketCall: BucketCall = { ...call, bucket: address.bucket };
  call.files.checkBucketName(address.bucket);
  if (address.key === undefined) return bucketOperation(bucketCall, method);
  return objectOperation({ ...bucketCall, key: address.key, path: call.files.objectPath(address.bucket, address.key) }, method);
}

/** Sub-resources this service does not keep; asked for, they are refused rather than mistaken for a listing. */
const unsupportedBucketResources = [
  'acl',
  'policy',
  'cors',
  'lifecycle',
  'website',
  'tagging',
  'logging',
  'notification',
  'replication',
  'encryption',
  'object-lock',
  'accelerate',
  'requestPayment',
  'inventory',
  'analytics',
  'metrics',
  'ownershipControls',
  'publicAccessBlock',
  'intelligent-tiering',
  'versions',
];

async function bucketOperation(call: BucketCall, method: string): Promise<void> {
  const { address } = call;
  switch (method) {
    case 'PUT':
      if ([...address.query.keys()].length > 0) throw notImplemented(`PUT ?${[...address.query.keys()].join('&')} on a bucket`);
      return createBucket(call);
    case 'HEAD':
      return headBucket(call);
    case 'DELETE':
      return deleteBucket(call);
    case 'POST':
      if (has(address, 'delete')) return deleteObjects(call);
      throw methodNotAllowed(method, 'BUCKET');
    case 'GET':
      if (has(address, 'location')) return getBucketLocation(call);
      if (has(address, 'uploads')) return listUploads(call);
      if (has(address, 'versioning')) {
        await call.files.requireBucket(call.bucket);
        return sendXml(call.response, 200, 'VersioningConfiguration', {});
      }
      for (const name of unsupportedBucketResources) if (has(address, name)) throw notImplemented(`GET ?${name} on a bucket`);
      await call.files.requireBucket(call.bucket);
      return address.query.get('list-type') === '2' ? listObjectsV2(call) : listObjectsV1(call);
    default:
      throw methodNotAllowed(method, 'BUCKET');
  }
}

async function objectOperation(call: ObjectCall, method: string): Promise<void> {
  const { address } = call;
  switch (method) {
    case 'PUT': {
      const source = headerValue(call.request.headers, 'x-amz-copy-source');
      if (has(address, 'uploadId')) {
        if (source !== undefined) return uploadPartCopy(call, source);
        return uploadPart(call);
      }
      if (source !== undefined) return copyObject(call, source);
      for (const name of ['acl', 'tagging', 'retention', 'legal-hold']) if (has(address, name)) throw notImplemented(`PUT ?${name} on an object`);
      return putObject(call);
    }
    case 'GET':
      if (has(address, 'uploadId')) return listParts(call);
      for (const name of ['acl', 'tagging', 'attributes', 'torrent', 'retention', 'legal-hold'])
        if (has(address, name)) throw notImplemented(`GET ?${name} on an object`);
      return getObject(call, false);
    case 'HEAD':
      return getObject(call, true);
    case 'DELETE':
      if (has(address, 'uploadId')) return abortUpload(call);
      return deleteObject(call);
    case 'POST':
      if (has(address, 'uploads')) return createUpload(call);
      if (has(address, 'uploadId')) return completeUpload(call);
      throw methodNotAllowed(method, 'OBJECT');
    default:
      throw methodNotAllowed(method, 'OBJECT');
  }
}

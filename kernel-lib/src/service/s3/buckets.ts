/** ListBuckets, CreateBucket, HeadBucket, GetBucketLocation, DeleteBucket: a bucket is a folder of the store. */
import { S3Error } from './errors.js';
import { localOwnerId, sendXml } from './listing.js';
import { smallBody, type BucketCall, type S3Call } from './call.js';
import { childText, parseXml } from './xml.js';

export async function listBuckets(call: S3Call): Promise<void> {
  const buckets = await call.files.buckets();
  sendXml(call.response, 200, 'ListAllMyBucketsResult', {
    Owner: { ID: localOwnerId, DisplayName: 'sluice' },
    Buckets: { Bucket: buckets.map((bucket) => ({ Name: bucket.name, CreationDate: bucket.created.toISOString() })) },
  });
}

export async function createBucket(call: BucketCall): Promise<void> {
  call.files.checkBucketName(call.bucket);
  const body = (await smallBody(call, 64 * 1024)).trim();
  if (body !== '') {
    const location = childText(parseXml(body, 'CreateBucketConfiguration'), 'LocationConstraint') ?? '';
    if (location !== '' && location !== call.region) {
      throw new S3Error('IllegalLocationConstraintException', `The ${location} location constraint is not valid here: this service is in ${call.region}.`, 400);
    }
  }
  if (!(await call.files.createBucket(call.bucket))) {
    throw new S3Error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, {
      BucketName: call.bucket,
    });
  }
  call.response.writeHead(200, { Location: `/${call.bucket}`, 'Content-Length': 0 });
  call.response.end();
}

export async function headBucket(call: BucketCall): Promise<void> {
  await call.files.requireBucket(call.bucket);
  call.response.writeHead(200, { 'x-amz-bucket-region': call.region, 'Content-Length': 0 });
  call.response.end();
}

export async function getBucketLocation(call: BucketCall): Promise<void> {
  await call.files.requireBucket(call.bucket);
  // us-east-1 is the empty constraint, as on AWS.
  sendXml(call.response, 200, 'LocationConstraint', { '#text': call.region === 'us-east-1' ? '' : call.region });
}

export async function deleteBucket(call: BucketCall): Promise<void> {
  await call.files.deleteBucket(call.bucket);
  call.response.writeHead(204);
  call.response.end();
}

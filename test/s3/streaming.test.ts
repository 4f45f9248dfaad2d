// aws-chunked bodies as current SDKs send them over HTTPS (and may over HTTP): signed chunks, signed chunks
// with a checksum trailer, unsigned chunks with a checksum trailer. Each is stored whole, byte for byte.
import { startTestService, type TestService } from '../service/service-harness.js';
import { chunkedPut, s3Request, type ChunkedMode } from './s3-harness.js';

describe('aws-chunked uploads', () => {
  let test: TestService;
  beforeAll(async () => {
    test = await startTestService();
    await s3Request(test.service, { method: 'PUT', path: '/chunked' });
  });
  afterAll(async () => {
    await test?.stop();
  });

  const chunks = ['a'.repeat(65536), 'b'.repeat(65536), 'tail\n'];
  it.each<ChunkedMode>(['signed', 'signed-trailer', 'unsigned-trailer'])('stores a %s body whole', async (mode) => {
    const put = await chunkedPut(test.service, `/chunked/${mode}.txt`, chunks, mode);
    expect(put.status).toBe(200);
    if (mode !== 'signed') expect(put.headers['x-amz-checksum-crc32']).toBeDefined();
    const got = await s3Request(test.service, { path: `/chunked/${mode}.txt` });
    expect(got.text).toBe(chunks.join(''));
    expect(got.headers['content-length']).toBe(String(chunks.join('').length));
  });

  it('returns the stored checksum when asked with x-amz-checksum-mode', async () => {
    const got = await s3Request(test.service, { method: 'HEAD', path: '/chunked/unsigned-trailer.txt', headers: { 'x-amz-checksum-mode': 'ENABLED' } });
    expect(got.headers['x-amz-checksum-crc32']).toMatch(/^[A-Za-z0-9+/]{6}==$/);
  });

  // The standard check string of each CRC, with its published check value.
  it.each([
    ['crc32', 'cbf43926'],
    ['crc32c', 'e3069283'],
    ['crc64nvme', 'ae8b14860a799888'],
  ])('verifies x-amz-checksum-%s', async (algorithm, check) => {
    const value = Buffer.from(check, 'hex').toString('base64');
    const right = await s3Request(test.service, {
      method: 'PUT',
      path: `/chunked/check-${algorithm}`,
      body: '123456789',
      headers: { [`x-amz-checksum-${algorithm}`]: value },
    });
    expect(right.status).toBe(200);
    expect(right.headers[`x-amz-checksum-${algorithm}`]).toBe(value);
    const wrong = await s3Request(test.service, {
      method: 'PUT',
      path: `/chunked/check-${algorithm}`,
      body: '123456780',
      headers: { [`x-amz-checksum-${algorithm}`]: value },
    });
    expect([wrong.status, wrong.code]).toEqual([400, 'BadDigest']);
  });
});

/**
 * The checksums S3 clients send (x-amz-checksum-*): computed while a body streams, compared before the
 * object becomes visible. CRC32 (the SDKs' default) uses zlib's; CRC32C a table; CRC64NVME is accepted and
 * stored but not verified (a JavaScript CRC64 would cost more than the upload).
 */
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const checksumAlgorithms = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof checksumAlgorithms)[number];

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (checksumAlgorithms as readonly string[]).includes(name);
}

export interface RunningChecksum {
  update(data: Buffer): void;
  /** Base64 of the big-endian digest, as in the header; undefined when this algorithm is not verified. */
  digest(): string | undefined;
}

const crc32cTable = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function crcDigest(value: number): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out.toString('base64');
}

export function startChecksum(algorithm: ChecksumAlgorithm): RunningChecksum {
  switch (algorithm) {
    case 'crc32': {
      let value = 0;
      return { update: (data) => void (value = crc32(data, value)), digest: () => crcDigest(value) };
    }
    case 'crc32c': {
      let value = ~0;
      return {
        update: (data) => {
          let c = value;
          for (let i = 0; i < data.length; i++) c = crc32cTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
          value = c;
        },
        digest: () => crcDigest(~value),
      };
    }
    case 'crc64nvme':
      return { update: () => undefined, digest: () => undefined };
    case 'sha1':
    case 'sha256': {
      const hash: Hash = createHash(algorithm);
      return { update: (data) => void hash.update(data), digest: () => hash.digest('base64') };
    }
  }
}

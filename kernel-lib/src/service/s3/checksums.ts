/**
 * The checksums S3 clients send (x-amz-checksum-*): computed while a body streams, compared before the
 * object becomes visible. CRC32 (the SDKs' default) uses zlib's; CRC32C and CRC64NVME tables (CRC64 in two
 * 32-bit halves, so no BigInt per byte).
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

/** CRC-64/NVME, reflected: the table's entries as low and high 32-bit halves. */
const crc64Tables = (() => {
  const low = new Uint32Array(256);
  const high = new Uint32Array(256);
  const poly = 0x9a6c9329ac4bc9b5n; // 0xad93d23594c93659 bit-reversed
  for (let n = 0; n < 256; n++) {
    let c = BigInt(n);
    for (let k = 0; k < 8; k++) c = c & 1n ? poly ^ (c >> 1n) : c >> 1n;
    low[n] = Number(c & 0xffffffffn);
    high[n] = Number(c >> 32n);
  }
  return { low, high };
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
    case 'crc64nvme': {
      let low = 0xffffffff;
      let high = 0xffffffff;
      const { low: tableLow, high: tableHigh } = crc64Tables;
      return {
        update: (data) => {
          let l = low;
          let h = high;
          for (let i = 0; i < data.length; i++) {
            const index = (l ^ data[i]!) & 0xff;
            l = ((l >>> 8) | ((h & 0xff) << 24)) ^ tableLow[index]!;
            h = (h >>> 8) ^ tableHigh[index]!;
          }
          low = l >>> 0;
          high = h >>> 0;
        },
        digest: () => {
          const out = Buffer.alloc(8);
          out.writeUInt32BE(~high >>> 0, 0);
          out.writeUInt32BE(~low >>> 0, 4);
          return out.toString('base64');
        },
      };
    }
    case 'sha1':
    case 'sha256': {
      const hash: Hash = createHash(algorithm);
      return { update: (data) => void hash.update(data), digest: () => hash.digest('base64') };
    }
  }
}

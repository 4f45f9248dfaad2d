import { readFileSync } from 'node:fs';

/** The local addresses on which something listens on `port`, read from /proc/net (no traffic sent). */
export function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [hexAddress, hexPort] = local.split(':');
      // State 0A is LISTEN.
      if (state === '0A' && Number.parseInt(hexPort, 16) === port) found.push(decodeAddress(hexAddress));
    }
  }
  return found;
}

function decodeAddress(hex: string): string {
  if (hex.length === 8) {
    // IPv4, stored little-endian.
    return [6, 4, 2, 0].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)).join('.');
  }
  if (hex === '00000000000000000000000001000000') return '::1';
  if (hex === '0'.repeat(32)) return '::';
  return hex;
}

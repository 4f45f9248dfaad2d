/**
 * DNS rebinding: a web page can point its own name at 127.0.0.1 and reach a loopback port, but its requests
 * still carry its own name in `Host`. So a loopback server answers only requests addressed to the loopback
 * names it serves: 127.0.0.1, localhost and [::1] on its port, and `<bucket>.localhost` for S3's
 * virtual-hosted addressing. The service, the signing proxy and the endpoint servers share this rule.
 */

export type HostMatch = { readonly kind: 'loopback' } | { readonly kind: 'bucket'; readonly bucket: string };

const loopbackNames = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** What S3 allows in a bucket name, so `<bucket>.localhost` cannot smuggle anything else in. */
const bucketLabel = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * What a `Host` header addresses, or undefined when it is not this server's: a missing port means 80, so
 * it matches only a server on port 80. Names are compared case-insensitively, as DNS does.
 */
export function matchHost(host: string | undefined, port: number): HostMatch | undefined {
  if (host === undefined) return undefined;
  const match = /^(\[[^\]]*\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  if (match === null) return undefined;
  const [, name = '', portText] = match;
  if ((portText === undefined ? 80 : Number(portText)) !== port) return undefined;
  if (loopbackNames.has(name)) return { kind: 'loopback' };
  if (name.endsWith('.localhost')) {
    const bucket = name.slice(0, -'.localhost'.length);
    if (bucketLabel.test(bucket)) return { kind: 'bucket', bucket };
  }
  return undefined;
}

/** The message a refused request gets. */
export function foreignHostMessage(host: string | undefined): string {
  return `The Host header ${JSON.stringify(host ?? '')} is not this local service's address (127.0.0.1, localhost or [::1] with its port)`;
}

/**
 * The keys the service accepts: the home's own credentials (what `service env` hands to a user's clients)
 * and short-lived session credentials issued to one job, as a container gets its execution role's. A job's
 * keys are revoked when the job ends, so nothing it left behind can keep acting; they live only in memory,
 * so a restarted service (which restarts its jobs) has issued none.
 */
import { randomBytes } from 'node:crypto';
import type { LocalCredentials } from '../home/credentials.js';

export interface SigningKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Session credentials carry a token that the request must send (X-Amz-Security-Token) and sign. */
  readonly sessionToken?: string;
  /** Who holds the key: `home` or the job's name. */
  readonly owner: string;
}

export interface IssuedKey extends SigningKey {
  readonly sessionToken: string;
  /** When the key stops working even if nobody revokes it (epoch ms). */
  readonly expiresAt: number;
}

/** The answer for a key id: a usable key, one that was revoked or expired, or nothing known. */
export type KeyLookup = { readonly key: SigningKey } | { readonly ended: string } | undefined;

/** Session keys of jobs last at most this long (a job's MaxRuntimeInSeconds is at most 28 days). */
const maxSessionMs = 28 * 24 * 3600 * 1000;
/** Revoked key ids are remembered, so their holder hears "expired" rather than "unknown". */
const rememberedEnded = 10_000;

export class KeyRing {
  private readonly issued = new Map<string, IssuedKey>();
  private readonly ended = new Map<string, string>();

  constructor(
    private readonly home: LocalCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  get region(): string {
    return this.home.region;
  }

  lookup(accessKeyId: string): KeyLookup {
    if (accessKeyId === this.home.accessKeyId) return { key: { ...this.home, owner: 'home' } };
    const issued = this.issued.get(accessKeyId);
    if (issued !== undefined && issued.expiresAt <= this.now()) this.end(accessKeyId, `the credentials of ${issued.owner} expired`);
    const live = this.issued.get(accessKeyId);
    if (live !== undefined) return { key: live };
    const ended = this.ended.get(accessKeyId);
    return ended === undefined ? undefined : { ended };
  }

  /** New session credentials for one job. */
  issue(owner: string, lifetimeMs = maxSessionMs): IssuedKey {
    const key: IssuedKey = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64url'),
      sessionToken: randomBytes(48).toString('base64url'),
      owner,
      expiresAt: this.now() + Math.min(lifetimeMs, maxSessionMs),
    };
    this.issued.set(key.accessKeyId, key);
    return key;
  }

  revoke(accessKeyId: string): void {
    const key = this.issued.get(accessKeyId);
    if (key !== undefined) this.end(accessKeyId, `the credentials of ${key.owner} were revoked when it ended`);
  }

  private end(accessKeyId: string, why: string): void {
    this.issued.delete(accessKeyId);
    if (this.ended.size >= rememberedEnded) this.ended.delete(this.ended.keys().next().value as string);
    this.ended.set(accessKeyId, why);
  }
}

import type { SessionUser } from '../db/sessions';

interface Entry {
  session: SessionUser;
  /** When the database last said this session exists (the server's clock, ms). */
  checkedAt: number;
}

/**
 * Sessions this process verified in the database within the last `recheckMs`, so a burst of
 * requests with one token costs one session lookup, not one each (docs/design.md §6.2, §7.7).
 * A session ended by this process (logout, password change or reset, device removal) is
 * forgotten at once; one ended by another process still works here for at most `recheckMs`.
 * Expiry is checked on every request from the cached `expiresAt`.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  /**
   * Bumped whenever sessions are forgotten: a lookup that started before (and may have read a
   * row deleted since) must not put it back.
   */
  private generation = 0;

  constructor(
    private readonly recheckMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** Taken before reading the database; `remember` needs it. */
  get ticket(): number {
    return this.generation;
  }

  recall(tokenHash: string, now: number): SessionUser | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (now - entry.checkedAt >= this.recheckMs || now < entry.checkedAt) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.session;
  }

  remember(tokenHash: string, session: SessionUser, checkedAt: number, ticket: number): void {
    if (this.recheckMs <= 0 || ticket !== this.generation) return;
    this.entries.delete(tokenHash);
    // Bounded: the oldest entry (Map order is insertion order) makes room.
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(tokenHash, { session, checkedAt });
  }

  /** Forgets the sessions that match (all of them without a filter). */
  forget(match: (tokenHash: string, session: SessionUser) => boolean = () => true): void {
    this.generation++;
    for (const [tokenHash, entry] of this.entries) {
      if (match(tokenHash, entry.session)) this.entries.delete(tokenHash);
    }
  }
}

import type { LicenseForReturn } from '../db/licenses';

interface Entry {
  userId: string;
  license: LicenseForReturn;
}

/**
 * The license as this process's quote read it, kept until the return that names the quote, so
 * that return can skip its own read (docs/design.md §3.2, "Without a lock first"). Only a hint:
 * the return's single statement re-checks everything the entry could have gone stale on (the
 * license still the user's, balance, points held, event sequence, policy) and takes the locked
 * path when one changed, so nothing here can decide an outcome another process changed (§6.2).
 * Bounded; an entry is used once.
 */
export class QuoteReads {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 4096) {}

  remember(quoteId: string, userId: string, license: LicenseForReturn): void {
    this.entries.delete(quoteId);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(quoteId, { userId, license });
  }

  /** The read kept for this quote, when it was this caller's for this license; forgotten. */
  take(quoteId: string, userId: string, licenseId: string): LicenseForReturn | undefined {
    const entry = this.entries.get(quoteId);
    if (!entry) return undefined;
    this.entries.delete(quoteId);
    if (entry.userId !== userId || entry.license.l_id !== licenseId) return undefined;
    return entry.license;
  }
}

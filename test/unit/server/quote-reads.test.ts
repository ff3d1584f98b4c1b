import { describe, expect, it } from 'vitest';
import type { LicenseForReturn } from '../../../server/db/licenses';
import { QuoteReads } from '../../../server/services/quote-reads';

/** Only the fields the cache looks at; the rest of a read is carried as it is. */
const read = (licenseId: string) => ({ l_id: licenseId }) as LicenseForReturn;

describe('QuoteReads', () => {
  it('answers a quote’s read once, to its caller, for its license', () => {
    const reads = new QuoteReads();
    reads.remember('q1', 'u1', read('l1'));
    expect(reads.take('q1', 'u1', 'l1')).toEqual(read('l1'));
    expect(reads.take('q1', 'u1', 'l1')).toBeUndefined();
  });

  it('answers nothing to another user or for another license, and forgets the read', () => {
    const reads = new QuoteReads();
    reads.remember('q1', 'u1', read('l1'));
    expect(reads.take('q1', 'u2', 'l1')).toBeUndefined();
    expect(reads.take('q1', 'u1', 'l1')).toBeUndefined();
    reads.remember('q2', 'u1', read('l1'));
    expect(reads.take('q2', 'u1', 'l2')).toBeUndefined();
    expect(reads.take('q2', 'u1', 'l1')).toBeUndefined();
  });

  it('keeps at most its bound, dropping the oldest', () => {
    const reads = new QuoteReads(2);
    reads.remember('q1', 'u', read('l1'));
    reads.remember('q2', 'u', read('l2'));
    reads.remember('q3', 'u', read('l3'));
    expect(reads.take('q1', 'u', 'l1')).toBeUndefined();
    expect(reads.take('q2', 'u', 'l2')).toEqual(read('l2'));
    expect(reads.take('q3', 'u', 'l3')).toEqual(read('l3'));
  });
});

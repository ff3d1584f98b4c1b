import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { QuoteOption } from '../../../shared/api/returns';
import { QuoteTokens } from '../../../server/services/quote-tokens';

const buyback: QuoteOption = {
  kind: 'buyback',
  privilege: { type: 'points', points: 630 },
  basis: 'buyback_rate',
  ratePct: 70,
};
const upgrade = {
  kind: 'trade_in',
  privilege: { type: 'upgrade', contentId: randomUUID(), version: 2, title: 'Two' },
  basis: 'newest_version',
  ratePct: null,
} as QuoteOption;

describe('QuoteTokens', () => {
  const tokens = new QuoteTokens(randomBytes(32));
  const user = randomUUID();
  const license = randomUUID();
  const expires = Date.parse('2026-11-30T10:00:00.750Z');

  it('signs a uuid that carries its expiry (to the second) and each kind’s offer', () => {
    const { quoteId, expiresAtMs } = tokens.sign(user, license, expires, [buyback, upgrade]);
    expect(z.uuid().safeParse(quoteId).success).toBe(true);
    expect(expiresAtMs).toBe(Date.parse('2026-11-30T10:00:00.000Z'));
    const opened = tokens.open(quoteId, user, license);
    expect(opened?.expiresAtMs).toBe(expiresAtMs);
    expect(opened?.offerOf('buyback')).toEqual({ offered: true, ratePct: 70 });
    expect(opened?.offerOf('trade_in')).toEqual({ offered: true, ratePct: null });
    const only = tokens.sign(user, license, expires, [buyback]).quoteId;
    expect(tokens.open(only, user, license)?.offerOf('trade_in')).toEqual({ offered: false });
    // Upper case is the same uuid.
    expect(tokens.open(quoteId.toUpperCase(), user, license)).toBeDefined();
  });

  it('opens nothing for another caller, another license, another key, or any altered digit', () => {
    const { quoteId } = tokens.sign(user, license, expires, [buyback]);
    expect(tokens.open(quoteId, randomUUID(), license)).toBeUndefined();
    expect(tokens.open(quoteId, user, randomUUID())).toBeUndefined();
    expect(new QuoteTokens(randomBytes(32)).open(quoteId, user, license)).toBeUndefined();
    expect(tokens.open(randomUUID(), user, license)).toBeUndefined();
    expect(tokens.open('not a uuid', user, license)).toBeUndefined();
    for (let at = 0; at < quoteId.length; at++) {
      if (quoteId[at] === '-') continue;
      const digit = quoteId[at] === '0' ? '1' : '0';
      const altered = `${quoteId.slice(0, at)}${digit}${quoteId.slice(at + 1)}`;
      expect(tokens.open(altered, user, license)).toBeUndefined();
    }
  });
});

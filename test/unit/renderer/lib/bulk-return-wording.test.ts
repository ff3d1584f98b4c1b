import { describe, expect, it } from 'vitest';
import type { BulkConfirm, BulkQuote } from '../../../../shared/ipc/bulk-return';
import {
  bulkOfferSentence,
  bulkOutcomeSentence,
} from '../../../../renderer/src/lib/bulk-return-wording';

function offer(totals: BulkQuote['totals'], offline = false): BulkQuote {
  return { items: [], totals, offline };
}

describe('bulk return wording', () => {
  it('says the combined offer with its totals and what cannot be returned', () => {
    expect(
      bulkOfferSentence(offer({ returnable: 12, refused: 3, points: 8400, upgrades: 2 })),
    ).toBe('Return 12 items for 8,400 points and 2 upgrades. 3 items cannot be returned.');
    expect(bulkOfferSentence(offer({ returnable: 1, refused: 0, points: 1, upgrades: 0 }))).toBe(
      'Return 1 item for 1 point.',
    );
    expect(bulkOfferSentence(offer({ returnable: 2, refused: 1, points: 0, upgrades: 2 }))).toBe(
      'Return 2 items for 2 upgrades. 1 item cannot be returned.',
    );
    expect(bulkOfferSentence(offer({ returnable: 0, refused: 2, points: 0, upgrades: 0 }))).toBe(
      'None of these 2 items can be returned.',
    );
  });

  it('promises no amount offline', () => {
    expect(
      bulkOfferSentence(offer({ returnable: 4, refused: 0, points: 0, upgrades: 0 }, true)),
    ).toBe('Return 4 items when you are back online; the offer is confirmed then.');
  });

  it('sums up a confirmation by outcome', () => {
    const item = (status: BulkConfirm['items'][number]['status']) => ({
      contentId: crypto.randomUUID(),
      returnId: null,
      status,
      receipt: null,
      error: null,
    });
    expect(
      bulkOutcomeSentence({ items: [item('confirmed'), item('confirmed'), item('refused')] }),
    ).toBe('2 returned, 1 refused.');
    expect(bulkOutcomeSentence({ items: [item('queued')] })).toBe('1 waiting for the server.');
  });
});

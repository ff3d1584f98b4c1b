import { afterEach, describe, expect, it } from 'vitest';
import { walletQueries } from '../../../../../main/core/store/wallet';
import { encryptedStore, migrateTo } from '../../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

describe('store migration 8 (ledger-items)', () => {
  it('keeps cached entries (without an item until the next sync) and stores the item of new ones', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 7);
    store.db
      .prepare(
        `INSERT INTO ledger (id, delta, reason, reference, balance_after, created_at)
         VALUES ('e1', 500, 'buyback', NULL, 500, '2026-11-01T10:00:00.000Z')`,
      )
      .run();
    expect(migrateTo(store.db, 8)).toEqual([8]);

    const wallet = walletQueries(store.db);
    expect(wallet.view().entries).toEqual([expect.objectContaining({ id: 'e1', item: null })]);
    const item = { contentId: '00000000-0000-4000-8000-00000000000c', title: 'Dusk', version: 2 };
    wallet.replaceLedger(
      300,
      [
        {
          id: 'e2',
          delta: -200,
          reason: 'purchase',
          reference: '00000000-0000-4000-8000-0000000000a1',
          item,
          balanceAfter: 300,
          createdAt: '2026-11-02T10:00:00.000Z',
        },
      ],
      '2026-11-02T10:00:01.000Z',
    );
    expect(wallet.view()).toMatchObject({ balance: 300, entries: [{ id: 'e2', item }] });
  });
});

import type { Migration } from '../migrations';

/**
 * The return kind the screens call "Trade in" was stored as `collection`: one name from the
 * database to the screen now (the server renames it in its migration 0003). Kinds are checked
 * against `return_kinds` (migration 5), so `trade_in` goes in first and `collection` leaves last.
 * Cached JSON is rewritten in place: JSON.stringify writes no spaces, and a quote inside a string
 * value is escaped, so the quoted patterns match only keys and kind values.
 */
export const tradeInKind: Migration = {
  version: 6,
  name: 'trade-in-kind',
  sql: `
      INSERT OR IGNORE INTO return_kinds (name) VALUES ('trade_in');
      UPDATE outbox SET kind = 'trade_in' WHERE kind = 'collection';
      UPDATE licenses SET pending_return_kind = 'trade_in' WHERE pending_return_kind = 'collection';
      UPDATE licenses SET last_quote = replace(last_quote, '"kind":"collection"', '"kind":"trade_in"')
       WHERE last_quote IS NOT NULL;
      DELETE FROM return_kinds WHERE name = 'collection';

      UPDATE ledger SET reason = 'trade_in' WHERE reason = 'collection';
      UPDATE receipts SET receipt = replace(replace(receipt,
        '"kind":"collection"', '"kind":"trade_in"'), '"collection":', '"tradeIn":');
      UPDATE contents SET return_policy = replace(return_policy, '"collection":', '"tradeIn":')
       WHERE return_policy IS NOT NULL;
  `,
};

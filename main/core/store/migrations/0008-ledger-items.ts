import type { Migration } from '../migrations';

/**
 * The item each cached ledger entry was for (the server names it from the purchase, order or
 * return the entry references), so the wallet's history names what was bought or returned, also
 * offline. Null for grants, and for entries cached before this migration until the next sync
 * replaces the ledger.
 */
export const ledgerItems: Migration = {
  version: 8,
  name: 'ledger-items',
  sql: `
      ALTER TABLE ledger ADD COLUMN item_content_id TEXT;
      ALTER TABLE ledger ADD COLUMN item_title TEXT;
      ALTER TABLE ledger ADD COLUMN item_version INTEGER;
  `,
};

import type { Db } from './database';
import type { LedgerTable } from './schema';
import { precompiled } from './precompiled';

export type LedgerRow = LedgerTable;

const insertLedgerRow = precompiled((db, row: LedgerRow) => db.insertInto('ledger').values(row));

export async function insertLedgerEntry(db: Db, row: LedgerRow): Promise<void> {
  await insertLedgerRow(db, row);
}

/** A ledger row with the item it was for (none for a grant). */
export interface LedgerRowWithItem extends LedgerRow {
  item_content_id: string | null;
  item_title: string | null;
  item_version: number | null;
}

/**
 * Newest first; `beforeSeq` continues a previous page. A row's reference is a purchase, an order
 * or a return id (ids are UUIDs, so at most one of the three joins matches); the item is the
 * content that one names, kept in the catalog even after its license was returned.
 */
export function listLedger(
  db: Db,
  userId: string,
  beforeSeq: number | undefined,
  limit: number,
): Promise<LedgerRowWithItem[]> {
  return db
    .selectFrom('ledger as l')
    .leftJoin('purchases as p', (join) =>
      join.onRef('p.id', '=', 'l.reference').on('p.user_id', '=', userId),
    )
    .leftJoin('orders as o', (join) =>
      join.onRef('o.id', '=', 'l.reference').on('o.user_id', '=', userId),
    )
    .leftJoin('returns as r', (join) =>
      join.onRef('r.id', '=', 'l.reference').on('r.user_id', '=', userId),
    )
    .leftJoin('contents as c', (join) =>
      join.on((eb) =>
        eb('c.id', '=', eb.fn.coalesce('p.content_id', 'o.content_id', 'r.content_id')),
      ),
    )
    .selectAll('l')
    .select(['c.id as item_content_id', 'c.title as item_title', 'c.version as item_version'])
    .where('l.user_id', '=', userId)
    .$if(beforeSeq !== undefined, (q) => q.where('l.seq', '<', beforeSeq ?? 0))
    .orderBy('l.seq', 'desc')
    .limit(limit)
    .execute();
}

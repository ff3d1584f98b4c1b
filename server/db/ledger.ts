import type { Db } from './database';
import type { LedgerTable } from './schema';
import { precompiled } from './precompiled';

export type LedgerRow = LedgerTable;

const insertLedgerRow = precompiled((db, row: LedgerRow) => db.insertInto('ledger').values(row));

export async function insertLedgerEntry(db: Db, row: LedgerRow): Promise<void> {
  await insertLedgerRow(db, row);
}

/** Newest first; `beforeSeq` continues a previous page. */
export function listLedger(
  db: Db,
  userId: string,
  beforeSeq: number | undefined,
  limit: number,
): Promise<LedgerRow[]> {
  return db
    .selectFrom('ledger')
    .selectAll()
    .where('user_id', '=', userId)
    .$if(beforeSeq !== undefined, (q) => q.where('seq', '<', beforeSeq ?? 0))
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

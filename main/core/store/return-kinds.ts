import type { Database } from 'better-sqlite3-multiple-ciphers';
import { returnKindSchema } from '../../../shared/api/returns';

/**
 * The store accepts a return kind (licenses.pending_return_kind, outbox.kind) only if it is in
 * `return_kinds`, checked by triggers (migration 5): unlike a CHECK, the list grows without a
 * table rebuild. It is filled from the contract's list at every open, so a kind added to
 * shared/ is accepted by existing stores without a migration. Names are never removed here: rows
 * may still hold a kind the app no longer offers.
 */
export function syncReturnKinds(
  db: Database,
  kinds: readonly string[] = returnKindSchema.options,
): void {
  const insert = db.prepare('INSERT OR IGNORE INTO return_kinds (name) VALUES (?)');
  db.transaction(() => {
    for (const kind of kinds) insert.run(kind);
  })();
}

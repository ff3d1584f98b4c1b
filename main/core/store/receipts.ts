import type { Database } from 'better-sqlite3-multiple-ciphers';
import { receiptSchema, type Receipt } from '../../../shared/api/returns';

export function receiptQueries(db: Database) {
  const insert = db.prepare(
    `INSERT INTO receipts (return_id, license_id, content_id, returned_at, receipt)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (return_id) DO NOTHING`,
  );
  const all = db
    .prepare<[], string>('SELECT receipt FROM receipts ORDER BY returned_at DESC, return_id')
    .pluck();
  const newest = db.prepare<[], string>('SELECT max(returned_at) FROM receipts').pluck();
  const timesSince = db
    .prepare<[string], string>(
      'SELECT returned_at FROM receipts WHERE returned_at >= ? ORDER BY returned_at, return_id',
    )
    .pluck();
  const byReturn = db
    .prepare<[string], string>('SELECT receipt FROM receipts WHERE return_id = ?')
    .pluck();

  const parse = (json: string): Receipt => receiptSchema.parse(JSON.parse(json));

  return {
    /** Stores a receipt; false when it was already there. */
    insert(receipt: Receipt): boolean {
      return (
        insert.run(
          receipt.returnId,
          receipt.licenseId,
          receipt.contentId,
          receipt.returnedAt,
          JSON.stringify(receipt),
        ).changes === 1
      );
    },
    /** When the newest stored receipt was made (server time), or null with none. */
    newestReturnedAt(): string | null {
      return newest.get() ?? null;
    },
    /** When each return at or after `since` was made (server time), oldest first. */
    returnedSince(since: string): string[] {
      return timesSince.all(since);
    },
    get(returnId: string): Receipt | undefined {
      const json = byReturn.get(returnId);
      return json === undefined ? undefined : parse(json);
    },
    /** Newest first. */
    list(): Receipt[] {
      return all.all().map(parse);
    },
  };
}

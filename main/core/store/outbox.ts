import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from '../../../shared/api/common';
import { returnKindSchema } from '../../../shared/api/returns';
import { AppError } from '../../../shared/errors';

/** A queued return request. Rows are validated on load, so a hand-edited row cannot be sent. */
export const outboxRowSchema = z.object({
  returnId: idSchema,
  licenseId: idSchema,
  contentId: idSchema,
  kind: returnKindSchema,
  quoteId: idSchema.nullable(),
  status: z.enum(['queued', 'sending']),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: isoDateTimeSchema.nullable(),
  lastError: z.string().nullable(),
  createdAt: isoDateTimeSchema,
});
export type OutboxRow = z.infer<typeof outboxRowSchema>;

const COLUMNS = `return_id AS returnId, license_id AS licenseId, content_id AS contentId, kind,
  quote_id AS quoteId, status, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError,
  created_at AS createdAt`;

export function outboxQueries(db: Database) {
  const all = db.prepare<[], unknown>(`SELECT ${COLUMNS} FROM outbox ORDER BY id`);
  const byLicense = db.prepare<[string], unknown>(
    `SELECT ${COLUMNS} FROM outbox WHERE license_id = ?`,
  );
  const byReturn = db.prepare<[string], unknown>(
    `SELECT ${COLUMNS} FROM outbox WHERE return_id = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO outbox (return_id, license_id, content_id, kind, quote_id, status, created_at)
     VALUES (@returnId, @licenseId, @contentId, @kind, @quoteId, 'queued', @createdAt)`,
  );
  const markSending = db.prepare(`UPDATE outbox SET status = 'sending' WHERE return_id = ?`);
  const recordFailure = db.prepare(
    `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?,
       status = CASE WHEN ? THEN 'queued' ELSE status END
     WHERE return_id = ?`,
  );
  const setNextAttempt = db.prepare('UPDATE outbox SET next_attempt_at = ?');
  const removeQueued = db.prepare(`DELETE FROM outbox WHERE license_id = ? AND status = 'queued'`);
  const removeByLicense = db.prepare('DELETE FROM outbox WHERE license_id = ?');
  // Kept by the outbox's triggers (store migration 13): count(*) walked the table.
  const count = db.prepare<[], number>('SELECT size FROM outbox_size').pluck();

  const parse = (row: unknown): OutboxRow => outboxRowSchema.parse(row);

  return {
    list(): OutboxRow[] {
      return all.all().map(parse);
    },
    getByLicense(licenseId: string): OutboxRow | undefined {
      const row = byLicense.get(licenseId);
      return row === undefined ? undefined : parse(row);
    },
    getByReturn(returnId: string): OutboxRow | undefined {
      const row = byReturn.get(returnId);
      return row === undefined ? undefined : parse(row);
    },
    count(): number {
      // Migration 13 writes the one row; without it the return limit would read "nothing queued".
      const size = count.get();
      if (size === undefined) {
        throw new AppError(
          'INTERNAL',
          "The local store's outbox size row is missing (store migration 13)",
        );
      }
      return size;
    },
    enqueue(
      row: Pick<
        OutboxRow,
        'returnId' | 'licenseId' | 'contentId' | 'kind' | 'quoteId' | 'createdAt'
      >,
    ): void {
      insert.run(row);
    },
    /**
     * queued → sending, before the request leaves: from then on the server may have it, so the
     * user can no longer cancel, and a restart resends the same return id (idempotent).
     */
    markSending(returnId: string): boolean {
      return markSending.run(returnId).changes === 1;
    },
    /**
     * Counts a failed attempt. `neverSent` (connection refused) puts the row back to `queued`:
     * the server cannot have it, so the user may still cancel.
     */
    recordFailure(
      returnId: string,
      nextAttemptAt: string | null,
      error: string,
      neverSent: boolean,
    ): void {
      recordFailure.run(nextAttemptAt, error, neverSent ? 1 : 0, returnId);
    },
    /** When the sync engine will try again (shown to the user); null = at the next run. */
    setNextAttempt(at: string | null): void {
      setNextAttempt.run(at);
    },
    /** Cancels a queued row; false when it is already sending (or gone). */
    cancelQueued(licenseId: string): boolean {
      return removeQueued.run(licenseId).changes === 1;
    },
    removeByLicense(licenseId: string): void {
      removeByLicense.run(licenseId);
    },
  };
}

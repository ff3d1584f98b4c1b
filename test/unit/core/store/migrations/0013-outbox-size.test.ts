import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { outboxQueries } from '../../../../../main/core/store/outbox';
import { encryptedStore, migrateTo } from '../../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

const realCount = (db: Database) =>
  db.prepare<[], number>('SELECT count(*) FROM outbox').pluck().get();

const queuedRow = (licenseId = randomUUID()) => ({
  returnId: randomUUID(),
  licenseId,
  contentId: randomUUID(),
  kind: 'buyback' as const,
  quoteId: null,
  createdAt: new Date().toISOString(),
});

describe('store migration 13 (outbox-size)', () => {
  it('starts from the rows an older app queued, and stays the real count through every write of the outbox', async () => {
    const store = await encryptedStore();
    close = store.close;
    const { db } = store;
    migrateTo(db, 12);
    // Queued by an older app: plain SQL, before the size existed.
    const older = db.prepare(
      `INSERT INTO outbox (return_id, license_id, content_id, kind, status, created_at)
       VALUES (?, ?, ?, 'buyback', ?, ?)`,
    );
    for (const status of ['queued', 'sending', 'queued']) {
      older.run(randomUUID(), randomUUID(), randomUUID(), status, new Date().toISOString());
    }
    expect(migrateTo(db, 13)).toEqual([13]);

    const outbox = outboxQueries(db);
    const same = () => expect(outbox.count()).toBe(realCount(db));
    expect(outbox.count()).toBe(3);

    // Enqueued one by one, and a bulk return's many in one transaction.
    const rows = Array.from({ length: 5 }, () => queuedRow());
    outbox.enqueue(rows[0]!);
    same();
    db.transaction(() => rows.slice(1).forEach((row) => outbox.enqueue(row)))();
    expect(outbox.count()).toBe(8);
    same();
    // Sent: queued → sending, a failed attempt, a cancel, a refused cancel, the receipt's removal.
    expect(outbox.markSending(rows[0]!.returnId)).toBe(true);
    outbox.recordFailure(rows[0]!.returnId, null, 'NETWORK', true);
    outbox.setNextAttempt(new Date().toISOString());
    same();
    expect(outbox.cancelQueued(rows[1]!.licenseId)).toBe(true);
    expect(outbox.markSending(rows[2]!.returnId)).toBe(true);
    expect(outbox.cancelQueued(rows[2]!.licenseId)).toBe(false);
    outbox.removeByLicense(rows[2]!.licenseId);
    outbox.removeByLicense(randomUUID()); // nothing to remove
    expect(outbox.count()).toBe(6);
    same();
    // A duplicate return id is refused: nothing counted.
    expect(() => outbox.enqueue({ ...queuedRow(), returnId: rows[3]!.returnId })).toThrow(/UNIQUE/);
    same();
    // A crash mid-transaction: the enqueue and its count are undone together.
    expect(() =>
      db.transaction(() => {
        outbox.enqueue(queuedRow());
        outbox.removeByLicense(rows[3]!.licenseId);
        throw new Error('crashed');
      })(),
    ).toThrow('crashed');
    expect(outbox.count()).toBe(6);
    same();
    // Another user signs in: the store forgets the outbox (store.ts clearUserData).
    db.exec('DELETE FROM outbox');
    expect(outbox.count()).toBe(0);
    same();
  });

  it('refuses to read a missing size as an empty outbox (which would lift the return limit)', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 13);
    const outbox = outboxQueries(store.db);
    outbox.enqueue(queuedRow());
    store.db.exec('DELETE FROM outbox_size');
    expect(() => outbox.count()).toThrow(/outbox size row is missing/);
  });
});

import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { contentQueries } from '../../../../../main/core/store/contents';
import { licenseQueries } from '../../../../../main/core/store/licenses';
import { runMigrations } from '../../../../../main/core/store/migrations';
import { receiptQueries } from '../../../../../main/core/store/receipts';
import { MIGRATIONS } from '../../../../../main/core/store/migrations/index';
import { returnPolicySchema } from '../../../../../shared/api/catalog';
import { receiptSchema, returnKindSchema } from '../../../../../shared/api/returns';
import { sampleCatalogItem } from '../../../../fixtures/contract-samples';
import { licenseSigner, signedLicenseView } from '../../../../fixtures/core-fixtures';

const storedQuoteSchema = z.object({ options: z.array(z.object({ kind: returnKindSchema })) });

const VERSION = 6;
const USER_ID = randomUUID();
const RETURN_ID = randomUUID();
const OLD_RETURN_ID = randomUUID();
const AT = '2026-01-01T00:00:00.000Z';
const legacyPolicy =
  '{"windowDays":30,"buybackRatePct":50,"collection":{"type":"upgrade","fallbackPointsRatePct":40},"limitPer30Days":null}';

/** The store's schema of the licenses table's triggers other than the kind checks. */
const libraryTriggers = (db: Database.Database) =>
  db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'licenses'
         AND name NOT LIKE '%check' ORDER BY name`,
    )
    .all();

describe('store migration 6 (trade-in-kind)', () => {
  it('renames the stored collection kind to trade_in everywhere, keeping the library in step', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    runMigrations(
      db,
      MIGRATIONS.filter((m) => m.version < VERSION),
    );
    const triggersBefore = libraryTriggers(db);
    const signer = licenseSigner();
    const [pending, quoted] = [0, 1].map(() =>
      signedLicenseView(signer, USER_ID, sampleCatalogItem()),
    ) as [ReturnType<typeof signedLicenseView>, ReturnType<typeof signedLicenseView>];
    for (const view of [pending, quoted]) {
      contentQueries(db).upsert(view.content, AT);
      licenseQueries(db).insert(view);
    }
    db.prepare('UPDATE contents SET return_policy = ?').run(legacyPolicy);
    db.prepare(
      `UPDATE licenses SET state = 'return_pending', pending_return_kind = 'collection'
        WHERE license_id = ?`,
    ).run(pending.licenseId);
    const quote = {
      quoteId: randomUUID(),
      licenseId: quoted.licenseId,
      expiresAt: AT,
      returnDeadline: null,
      options: [{ kind: 'collection', privilege: { type: 'points', points: 5 } }],
    };
    db.prepare('UPDATE licenses SET last_quote = ? WHERE license_id = ?').run(
      JSON.stringify(quote),
      quoted.licenseId,
    );
    db.prepare(
      `INSERT INTO outbox (return_id, license_id, content_id, kind, status, created_at)
       VALUES (?, ?, ?, 'collection', 'queued', ?)`,
    ).run(RETURN_ID, pending.licenseId, pending.content.contentId, AT);
    const receipt = {
      returnId: OLD_RETURN_ID,
      licenseId: randomUUID(),
      contentId: randomUUID(),
      productId: randomUUID(),
      version: 1,
      title: 'Old',
      kind: 'collection',
      privilege: {
        type: 'upgrade',
        license: { ...quoted, content: { ...quoted.content, returnPolicy: null } },
      },
      balance: 0,
      returnedAt: AT,
    };
    const receiptJson = JSON.stringify(receipt).replace(
      '"returnPolicy":null',
      `"returnPolicy":${legacyPolicy}`,
    );
    db.prepare(
      `INSERT INTO receipts (return_id, license_id, content_id, returned_at, receipt)
       VALUES (?, ?, ?, ?, ?)`,
    ).run(OLD_RETURN_ID, receipt.licenseId, receipt.contentId, AT, receiptJson);
    db.prepare(
      `INSERT INTO ledger (id, delta, reason, reference, balance_after, created_at)
       VALUES ('e1', 5, 'collection', 'r0', 5, ?)`,
    ).run(AT);

    expect(
      runMigrations(
        db,
        MIGRATIONS.filter((m) => m.version <= VERSION),
      ),
    ).toEqual([VERSION]);

    const licenses = licenseQueries(db);
    expect(licenses.get(pending.licenseId)?.pendingReturnKind).toBe('trade_in');
    // Plain SQL: today's outbox queries read a table of a later migration (its size, 13).
    expect(db.prepare('SELECT kind FROM outbox WHERE return_id = ?').pluck().get(RETURN_ID)).toBe(
      'trade_in',
    );
    // The quote as stored then (before quotes stated their status and eligibility).
    const lastQuote = storedQuoteSchema.parse(
      JSON.parse(licenses.get(quoted.licenseId)?.lastQuote ?? ''),
    );
    expect(lastQuote.options[0]?.kind).toBe('trade_in');
    const policy = returnPolicySchema.parse(
      JSON.parse(contentQueries(db).get(pending.content.contentId)?.returnPolicy ?? ''),
    );
    expect(policy.tradeIn).toEqual({ type: 'upgrade', fallbackPointsRatePct: 40 });
    const [stored] = receiptQueries(db).list();
    expect(receiptSchema.parse(stored).kind).toBe('trade_in');
    expect(db.prepare('SELECT reason FROM ledger').pluck().all()).toEqual(['trade_in']);

    // The licenses table keeps the library list's triggers, and they still work.
    expect(libraryTriggers(db)).toEqual(triggersBefore);
    // Plain SQL: today's library queries expect today's library rows (a later migration's).
    const rows = (where: string) =>
      db.prepare(`SELECT count(*) FROM library_rows WHERE ${where}`).pluck().get();
    expect(rows(`state = 'return_pending'`)).toBe(1);
    licenses.backToActive(pending.licenseId, null);
    expect(rows(`state = 'return_pending'`)).toBe(0);
    expect(rows('1')).toBe(2);
    expect(licenses.markReturnPending(quoted.licenseId, 'trade_in')).toBe(true);

    // The kind columns no longer accept the old name.
    expect(() =>
      db.prepare(`UPDATE licenses SET pending_return_kind = 'collection'`).run(),
    ).toThrow(/unknown return kind/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO outbox (return_id, license_id, content_id, kind, status, created_at)
           VALUES ('r2', 'l2', 'c2', 'collection', 'queued', ?)`,
        )
        .run(AT),
    ).toThrow(/unknown return kind/);
    db.close();
  });
});

import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { runMigrations, type Migration } from '../../../main/core/store/migrations';
import { MIGRATIONS } from '../../../main/core/store/migrations/index';
import { contentQueries } from '../../../main/core/store/contents';
import { libraryQueries } from '../../../main/core/store/library-queries';
import { licenseQueries } from '../../../main/core/store/licenses';
import { libraryListInputSchema } from '../../../shared/ipc/library';
import { sampleCatalogItem } from '../../fixtures/contract-samples';
import { licenseSigner, signedLicenseView } from '../../fixtures/core-fixtures';
import { registerSortKey } from '../../../main/core/store/sort-key';

const one: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER)' };
const two: Migration = { version: 2, name: 'two', sql: 'CREATE TABLE b (y INTEGER)' };
const three: Migration = { version: 3, name: 'three', sql: 'CREATE TABLE c (z INTEGER)' };

const versions = (db: Database.Database) =>
  db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();

describe('store migrations', () => {
  it('applies pending migrations once, in order, and records each', () => {
    const db = new Database(':memory:');
    registerSortKey(db);
    expect(runMigrations(db, [one, two])).toEqual([1, 2]);
    expect(runMigrations(db, [one, two])).toEqual([]);
    expect(runMigrations(db, [one, two, three])).toEqual([3]);
    expect(versions(db)).toEqual([1, 2, 3]);
    db.close();
  });

  it('refuses a store that has a migration this app does not know', () => {
    const db = new Database(':memory:');
    registerSortKey(db);
    runMigrations(db, [one, two, three]);
    expect(() => runMigrations(db, [one, two])).toThrow(/unknown to this version/);
    db.close();
  });

  it('refuses an out-of-order list and a store whose history differs', () => {
    const db = new Database(':memory:');
    registerSortKey(db);
    expect(() => runMigrations(db, [two, one])).toThrow(/out of order/);
    runMigrations(db, [one, three]);
    expect(() => runMigrations(db, [one, two, three])).toThrow(/does not match/);
    db.close();
  });

  it('rolls a failing migration back without recording it', () => {
    const db = new Database(':memory:');
    registerSortKey(db);
    const broken: Migration = {
      version: 2,
      name: 'broken',
      sql: 'CREATE TABLE d (x); SELECT * FROM nowhere',
    };
    expect(() => runMigrations(db, [one, broken])).toThrow();
    expect(versions(db)).toEqual([1]);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'd'`).pluck().get()).toBe(0);
    db.close();
  });

  it('the shipped migrations build the schema with its FTS index', () => {
    const db = new Database(':memory:');
    registerSortKey(db);
    runMigrations(db, MIGRATIONS);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    for (const table of [
      'account',
      'contents',
      'licenses',
      'outbox',
      'receipts',
      'wallet',
      'ledger',
      'meta',
      'contents_fts',
    ]) {
      expect(tables).toContain(table);
    }
    db.close();
  });

  it('builds the library rows and counts from what a store already holds when it migrates', () => {
    const db = new Database(':memory:');
    registerSortKey(db);
    runMigrations(
      db,
      MIGRATIONS.filter((migration) => migration.version < 4),
    );
    const contents = contentQueries(db);
    const licenses = licenseQueries(db);
    const signer = licenseSigner();
    const kinds = ['ebook', 'audio', 'ebook', 'ebook', 'video'] as const;
    const views = kinds.map((kind) =>
      signedLicenseView(signer, 'user-1', sampleCatalogItem({ kind })),
    );
    for (const view of views) {
      contents.upsert(view.content, new Date().toISOString());
      licenses.insert(view);
    }
    licenses.markConfirmed(views[0]!.licenseId);
    licenses.markReturnPending(views[1]!.licenseId, 'buyback');
    contents.setVault(views[2]!.content.contentId, 'a.vault', Buffer.alloc(32), 'now');
    runMigrations(db, MIGRATIONS);
    const library = libraryQueries(db);
    expect(library.counts()).toEqual({
      total: 4,
      downloaded: 1,
      returnPending: 1,
      byKind: { ebook: 2, audio: 1, video: 1 },
    });
    const listed = library.list(libraryListInputSchema.parse({}));
    expect(listed.total).toBe(4);
    expect(new Set(listed.items.map((item) => item.licenseId))).toEqual(
      new Set(views.slice(1).map((view) => view.licenseId)),
    );
    expect(listed.items.find((item) => item.licenseId === views[1]!.licenseId)?.state).toBe(
      'return_pending',
    );
    db.close();
  });
});

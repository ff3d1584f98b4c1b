import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../main/core/store/migrations/index';
import { encryptedStore, migrateTo, schemaNames } from '../../../fixtures/store-migrations';

/**
 * The store keeps counts by triggers (the library's counts per kind, the outbox's size), an
 * insert trigger and a delete trigger adding and taking one. SQLite fires no DELETE trigger for a
 * row that a REPLACE conflict removes (recursive_triggers is off), so a REPLACE on a counted table
 * would count a row twice for ever; and a migration that rebuilds a counted table drops its
 * triggers. These two rules hold the counts true.
 */
const COUNTING_TRIGGERS = [
  'library_counts_delete',
  'library_counts_insert',
  'library_counts_update',
  'outbox_size_delete',
  'outbox_size_insert',
];

const CORE = join(__dirname, '../../../../main/core');

const sources = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file));

let close = () => {};
afterEach(() => close());

describe('tables counted by triggers', () => {
  it('keep their counting triggers after every migration', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, MIGRATIONS.length);
    const triggers = schemaNames(store.db, 'trigger');
    expect(COUNTING_TRIGGERS.filter((name) => !triggers.includes(name))).toEqual([]);
  });

  it('are never written with REPLACE, whose removed rows fire no delete trigger', () => {
    const replacing = sources(CORE).filter((path) =>
      /\b(INSERT|UPDATE)\s+OR\s+REPLACE\b|\bREPLACE\s+INTO\b/i.test(readFileSync(path, 'utf8')),
    );
    expect(replacing).toEqual([]);
  });
});

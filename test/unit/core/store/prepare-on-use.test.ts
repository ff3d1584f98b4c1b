import { types } from 'node:util';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prepareOnUse } from '../../../../main/core/store/prepare-on-use';

describe('prepareOnUse', () => {
  let db: Database.Database;

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
             INSERT INTO t VALUES (1, 'a'), (2, 'b')`);
  });
  afterEach(() => db.close());

  it('compiles a statement at its first use, once, not when it is declared', () => {
    const prepare = vi.spyOn(db, 'prepare');
    const lazy = prepareOnUse(db);
    const names = lazy.prepare<[], string>('SELECT name FROM t ORDER BY id').pluck();
    const broken = lazy.prepare('SELECT x FROM missing_table');
    expect(prepare).not.toHaveBeenCalled();
    expect(names.all()).toEqual(['a', 'b']);
    expect(names.get()).toBe('a');
    expect(prepare).toHaveBeenCalledTimes(1);
    // A wrong statement shows at its first use.
    expect(() => broken.all()).toThrow(/no such table/);
  });

  it('applies the options set before the first use, in order, and runs writes', () => {
    const lazy = prepareOnUse(db);
    const rows = lazy.prepare<[number], unknown[]>('SELECT id, name FROM t WHERE id >= ?').raw();
    const insert = lazy.prepare('INSERT INTO t (id, name) VALUES (?, ?)');
    expect(insert.run(3, 'c').changes).toBe(1);
    expect(rows.all(2)).toEqual([
      [2, 'b'],
      [3, 'c'],
    ]);
    expect(rows.reader).toBe(true);
    expect(insert.reader).toBe(false);
  });

  it('is the database for everything else: transactions, exec, its state', () => {
    const lazy = prepareOnUse(db);
    const insert = lazy.prepare('INSERT INTO t (id, name) VALUES (?, ?)');
    const both = lazy.transaction(() => {
      expect(lazy.inTransaction).toBe(true);
      insert.run(4, 'd');
      insert.run(4, 'again'); // refused: the transaction's first insert is undone too
    });
    expect(() => both()).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2);
    lazy.exec(`INSERT INTO t VALUES (5, 'e')`);
    expect(lazy.open).toBe(true);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3);
  });

  it('compiles once across every method, and sets options after the first use on the compiled one', () => {
    const prepare = vi.spyOn(db, 'prepare');
    const lazy = prepareOnUse(db);
    const rows = lazy.prepare('SELECT id, name FROM t WHERE id >= ? ORDER BY id');
    expect(prepare).not.toHaveBeenCalled();
    expect(rows.columns().map((c) => c.name)).toEqual(['id', 'name']);
    expect([...rows.iterate(1)]).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
    // As the library's queries use a statement: an option set at each call.
    expect(rows.pluck().all(2)).toEqual([2]);
    expect(rows.pluck(false).raw().get(1)).toEqual([1, 'a']);
    expect(rows.raw(false).bind(2).all()).toEqual([{ id: 2, name: 'b' }]);
    expect(rows.readonly).toBe(true);
    expect(rows.busy).toBe(false);
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('hands calls on without a Proxy: neither the database nor its statements is one', () => {
    // A Proxy's trap ran on every statement call (bench/prepare-on-use.ts measures the cost).
    const lazy = prepareOnUse(db);
    const names = lazy.prepare<[], string>('SELECT name FROM t ORDER BY id').pluck();
    expect(names.all()).toEqual(['a', 'b']);
    expect(types.isProxy(lazy)).toBe(false);
    expect(types.isProxy(names)).toBe(false);
    expect(lazy.pragma('user_version', { simple: true })).toBe(0);
  });
});

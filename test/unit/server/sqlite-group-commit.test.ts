import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { groupCommit } from '../../../server/db/sqlite-group-commit';

describe('groupCommit', () => {
  let sqlite: Database.Database;
  let groups: number;
  let commits: number;
  let run: ReturnType<typeof groupCommit<void>>;

  const open = (maxGroup?: number) => {
    run = groupCommit<void>(sqlite, {
      hold: async (group) => {
        groups++;
        await group();
        if (!sqlite.inTransaction) commits++;
      },
      ...(maxGroup ? { maxGroup } : {}),
    });
  };
  const insert = (id: number) => sqlite.prepare('INSERT INTO items (id) VALUES (?)').run(id);
  const ids = () => sqlite.prepare('SELECT id FROM items ORDER BY id').pluck().all();

  beforeEach(() => {
    sqlite = new Database(':memory:');
    sqlite.pragma('foreign_keys = ON');
    sqlite.exec(`CREATE TABLE items (id INTEGER PRIMARY KEY);
                 CREATE TABLE refs (item INTEGER REFERENCES items (id) DEFERRABLE INITIALLY DEFERRED)`);
    groups = 0;
    commits = 0;
    open();
  });
  afterEach(() => sqlite.close());

  it('runs the transactions waiting together under one COMMIT, each answered its own value', async () => {
    const answers = await Promise.all(
      [1, 2, 3].map((id) =>
        run(async () => {
          expect(sqlite.inTransaction).toBe(true);
          insert(id);
          return id * 10;
        }),
      ),
    );
    expect(answers).toEqual([10, 20, 30]);
    expect(groups).toBe(1);
    expect(ids()).toEqual([1, 2, 3]);
  });

  it('undoes a failing transaction of a group alone and answers it after the COMMIT', async () => {
    const seenAtRejection: unknown[] = [];
    const results = await Promise.allSettled([
      run(async () => insert(1)),
      run(async () => {
        insert(2);
        insert(1); // the primary key refuses it: 2 must go too
      }).catch((error: unknown) => {
        seenAtRejection.push(sqlite.inTransaction, ids());
        throw error;
      }),
      run(async () => insert(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
    expect(seenAtRejection).toEqual([false, [1, 3]]);
    expect(groups).toBe(1);
  });

  it('rolls back a lone failing transaction whole and starts the next one anew', async () => {
    const results = await Promise.allSettled([
      run(async () => {
        insert(1);
        throw new Error('refused');
      }),
      run(async () => insert(2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(ids()).toEqual([2]);
    expect(groups).toBe(2);
  });

  it('answers every transaction of the group with the error when the COMMIT fails', async () => {
    const results = await Promise.allSettled([
      run(async () => insert(1)),
      // Checked only at COMMIT (deferred): the whole group's COMMIT fails.
      run(async () => sqlite.prepare('INSERT INTO refs (item) VALUES (99)').run()),
      run(async () => insert(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const result of results) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
      });
    }
    expect(sqlite.inTransaction).toBe(false);
    expect(ids()).toEqual([]);
    await expect(run(async () => insert(4))).resolves.toBeDefined();
    expect(ids()).toEqual([4]);
  });

  it("fails a work that had failed on the group's uncommitted writes with the loss, not its own error", async () => {
    const results = await Promise.allSettled([
      run(async () => insert(1)),
      // Refused on the first work's row, which the failing COMMIT below then takes away.
      run(async () => insert(1)),
      run(async () => sqlite.prepare('INSERT INTO refs (item) VALUES (99)').run()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const result of results) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
      });
    }
    expect(ids()).toEqual([]);
  });

  it('fails the group when SQLite ends the transaction, and runs the works not started after it', async () => {
    const gone = new Error('disk I/O error');
    const results = await Promise.allSettled([
      run(async () => insert(1)),
      run(async () => {
        insert(2);
        sqlite.exec('ROLLBACK'); // what SQLite does itself on a full disk or an I/O error
        throw gone;
      }),
      run(async () => insert(3)),
    ]);
    expect(results).toEqual([
      { status: 'rejected', reason: gone },
      { status: 'rejected', reason: gone },
      { status: 'fulfilled', value: expect.anything() },
    ]);
    expect(groups).toBe(2);
    expect(ids()).toEqual([3]);
  });

  it('puts at most maxGroup transactions under one COMMIT', async () => {
    open(2);
    await Promise.all([1, 2, 3, 4, 5].map((id) => run(async () => insert(id))));
    expect(groups).toBe(3);
    expect(commits).toBe(3);
    expect(ids()).toEqual([1, 2, 3, 4, 5]);
  });

  it('runs a transaction asked for while a group runs in that group or the next, never beside it', async () => {
    const order: string[] = [];
    let inner: Promise<unknown> | undefined;
    await run(async () => {
      order.push('a start');
      inner = run(async () => {
        order.push('b');
        insert(2);
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      insert(1);
      order.push('a end');
    });
    await inner;
    expect(order).toEqual(['a start', 'a end', 'b']);
    expect(ids()).toEqual([1, 2]);
  });

  it('never commits a later work outside the group when a work went on after SQLite ended it', async () => {
    const results = await Promise.allSettled([
      run(async () => {
        insert(1);
        // SQLite ended the transaction (as on a full disk) and the work did not rethrow.
        sqlite.exec('ROLLBACK');
      }),
      run(async () => insert(2)),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected' });
    // Not written by a savepoint of its own outside the group: run in the next group.
    expect(results[1]).toMatchObject({ status: 'fulfilled' });
    expect(ids()).toEqual([2]);
    expect(groups).toBe(2);
  });

  it('tells no waiting transaction of a failure after its group ran', async () => {
    let second: Promise<unknown> | undefined;
    let failOnce = true;
    run = groupCommit<void>(sqlite, {
      hold: async (group) => {
        await group();
        if (!failOnce) return;
        failOnce = false;
        // Asked just as the connection's release fails: not this transaction's failure.
        second = run(async () => insert(2));
        throw new Error('release failed');
      },
    });
    await run(async () => insert(1));
    // Answered at its COMMIT, before the hold ends: wait for the release's failure.
    await vi.waitFor(() => expect(second).toBeDefined());
    await expect(second).resolves.toBeDefined();
    expect(ids()).toEqual([1, 2]);
  });
});

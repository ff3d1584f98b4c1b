import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

type Connection = BetterSqlite3.Database;

/** A work returned although SQLite had ended the transaction under it (a full disk, an I/O error). */
function endedUnderWork(): Error {
  return new Error('SQLite ended the write transaction while it ran; nothing of it was committed');
}

/** The most transactions one COMMIT carries: a long queue must not hold the connection forever. */
export const MAX_GROUP = 64;

interface Waiting<C> {
  work: (context: C) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions<C> {
  /**
   * Holds the connection for one group (Kysely's `connection().execute`, so no query outside a
   * transaction runs in between) and runs `run` with what the works get (the bound handle).
   */
  hold: (run: (context: C) => Promise<void>) => Promise<void>;
  maxGroup?: number;
}

/**
 * Group commit for the server's SQLite write transactions (docs/design.md §3.4). Transactions
 * wait in one FIFO queue, run one after the other on the single connection as before, but the
 * ones already waiting when a transaction ends go on in the same `BEGIN IMMEDIATE … COMMIT`,
 * each in its own savepoint. The COMMIT, with the WAL frames of the pages it wrote, was the
 * largest single cost of a return (a page two returns share, an index's or the ledger's last,
 * is written once per COMMIT): grouping is what the batch endpoint already does
 * (return-batch-sqlite.ts), for concurrent single requests.
 *
 * What each caller sees is what its own transaction gave:
 * - its work's writes stand or fall together: when the work throws, they are rolled back to its
 *   savepoint and the others of the group go on without them;
 * - nothing is answered before the COMMIT: results and errors are delivered after it, so a
 *   caller that looks again after an error (a unique violation resolved as a replay) reads the
 *   committed state;
 * - if the COMMIT fails, or SQLite ends the transaction itself (a full disk, an I/O error),
 *   every work of the group gets that error, the ones that had failed too (their own error may
 *   rest on the others' writes): none of it was committed. The
 *   works not yet started run in the next transaction.
 * The first work of a group runs without a savepoint, as a transaction of its own would: alone
 * in the queue, a transaction costs what it did before.
 */
export function groupCommit<C>(sqlite: Connection, options: GroupCommitOptions<C>) {
  const maxGroup = options.maxGroup ?? MAX_GROUP;
  const begin = sqlite.prepare('begin immediate');
  const commit = sqlite.prepare('commit');
  const rollback = sqlite.prepare('rollback');
  // Its own name: a work may open savepoints of its own (a batch's items, "item").
  const savepoint = sqlite.prepare('savepoint grouped');
  const release = sqlite.prepare('release grouped');
  const rollbackTo = sqlite.prepare('rollback to grouped');
  const queue: Waiting<C>[] = [];
  let draining = false;

  /** Rolls back a still-open transaction, keeping the error that led here the one reported. */
  const rollbackQuietly = () => {
    if (!sqlite.inTransaction) return;
    try {
      rollback.run();
    } catch {
      // The original error is the one to report.
    }
  };

  /** One transaction: as many waiting works as there are (up to maxGroup), then COMMIT. */
  const runGroup = async (context: C): Promise<void> => {
    const first = queue.shift();
    if (!first) return;
    try {
      begin.run();
    } catch (error) {
      first.reject(error);
      return;
    }
    const succeeded: { waiting: Waiting<C>; value: unknown }[] = [];
    const failed: { waiting: Waiting<C>; error: unknown }[] = [];
    let lost: { error: unknown } | undefined;
    // The first runs as a transaction of its own would (no savepoint): when it fails, nothing
    // else was written, and the next one starts the next transaction.
    try {
      succeeded.push({ waiting: first, value: await first.work(context) });
    } catch (error) {
      rollbackQuietly();
      first.reject(error);
      return;
    }
    for (let next = queue.shift(); next;) {
      if (!sqlite.inTransaction) {
        // SQLite ended the transaction under a work that went on (it caught the error): what
        // the group wrote is gone, and a SAVEPOINT now would open a transaction of its own,
        // which its RELEASE would commit outside the group. The next work waits for the next group.
        queue.unshift(next);
        lost = { error: endedUnderWork() };
        break;
      }
      try {
        savepoint.run();
        const value = await next.work(context);
        release.run();
        succeeded.push({ waiting: next, value });
      } catch (error) {
        failed.push({ waiting: next, error });
        if (!sqlite.inTransaction) {
          // SQLite ended the transaction: the group's earlier works are gone with it.
          lost = { error };
          break;
        }
        try {
          rollbackTo.run();
          release.run();
        } catch (undoError) {
          lost = { error: undoError };
          break;
        }
      }
      next = succeeded.length + failed.length < maxGroup ? queue.shift() : undefined;
    }
    if (!lost && !sqlite.inTransaction) lost = { error: endedUnderWork() };
    if (!lost) {
      try {
        commit.run();
      } catch (error) {
        lost = { error };
      }
    }
    if (lost) rollbackQuietly();
    for (const { waiting, value } of succeeded) {
      if (lost) waiting.reject(lost.error);
      else waiting.resolve(value);
    }
    // A lost group fails them all with the loss: a work's own error may have been read from
    // writes of the group's earlier works (a return that found its license returned by one of
    // them), which were never committed; asked again, it is judged on what was.
    for (const { waiting, error } of failed) waiting.reject(lost ? lost.error : error);
  };

  const drain = async (): Promise<void> => {
    try {
      while (queue.length > 0) {
        let ran = false;
        try {
          await options.hold((context) => {
            ran = true;
            return runGroup(context);
          });
        } catch (error) {
          // The connection could not be held: the transaction at the head fails with that. A
          // failure after the group ran (releasing the connection) has no one left to tell: its
          // works are settled, and the next group holds the connection anew.
          if (!ran) queue.shift()?.reject(error);
        }
      }
    } finally {
      draining = false;
    }
  };

  /** Runs `work` in a write transaction (possibly shared, see above); settles after its COMMIT. */
  return <T>(work: (context: C) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (draining) return;
      draining = true;
      // Started once the event loop has taken every request that came in with this one: a
      // work runs in promise callbacks, which let no I/O in, so a group started at once would
      // hold only the transactions already waiting (bench/findings.md, sqlite-core-2).
      setImmediate(() => void drain());
    });
}

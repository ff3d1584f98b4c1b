import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Db } from './database';
import { directConnection } from './sqlite-direct';

type Statement = BetterSqlite3.Statement<unknown[]>;

interface SavepointStatements {
  savepoint: Statement;
  release: Statement;
  rollbackTo: Statement;
}

const statementsOf = new WeakMap<BetterSqlite3.Database, SavepointStatements>();

function statements(connection: BetterSqlite3.Database): SavepointStatements {
  let prepared = statementsOf.get(connection);
  if (!prepared) {
    prepared = {
      savepoint: connection.prepare('savepoint item'),
      release: connection.prepare('release item'),
      rollbackTo: connection.prepare('rollback to item'),
    };
    statementsOf.set(connection, prepared);
  }
  return prepared;
}

function connectionOf(tx: Db): BetterSqlite3.Database {
  const connection = directConnection(tx);
  if (!connection) throw new Error('A savepoint needs an open SQLite write transaction');
  return connection;
}

/**
 * Runs `fn` inside a savepoint of the SQLite write transaction `tx`: when it throws, everything
 * it wrote is undone and the transaction goes on without it (docs/design.md §3.5, a batch's
 * items). SQLite may end the whole transaction itself on some errors (a full disk, an I/O
 * error); then there is nothing to roll back to, and `transactionOpen` answers false.
 */
export async function inSavepoint<T>(tx: Db, fn: () => Promise<T>): Promise<T> {
  const connection = connectionOf(tx);
  const s = statements(connection);
  s.savepoint.run();
  try {
    const result = await fn();
    s.release.run();
    return result;
  } catch (error) {
    if (connection.inTransaction) {
      s.rollbackTo.run();
      s.release.run();
    }
    throw error;
  }
}

/** Whether the SQLite write transaction `tx` is still open (SQLite did not end it on an error). */
export function transactionOpen(tx: Db): boolean {
  return connectionOf(tx).inTransaction;
}

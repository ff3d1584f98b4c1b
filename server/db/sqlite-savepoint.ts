import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Db } from './database';
import { directConnection, directRunner } from './sqlite-direct';

// Prepared once per connection, as the transaction's other statements (sqlite-direct.ts).
const savepoint = directRunner('savepoint item');
const release = directRunner('release item');
const rollbackTo = directRunner('rollback to item');

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
  savepoint(connection, []);
  try {
    const result = await fn();
    release(connection, []);
    return result;
  } catch (error) {
    if (connection.inTransaction) {
      rollbackTo(connection, []);
      release(connection, []);
    }
    throw error;
  }
}

/** Whether the SQLite write transaction `tx` is still open (SQLite did not end it on an error). */
export function transactionOpen(tx: Db): boolean {
  return connectionOf(tx).inTransaction;
}

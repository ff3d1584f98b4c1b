import type { QueryResult } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Db } from './database';

type Connection = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[]>;

/**
 * SQLite write transactions' handles and the connection each runs on. Inside a transaction the
 * connection is the transaction's alone (database.ts runs them one at a time,
 * sqlite-group-commit.ts), so a precompiled statement may run on it directly: Kysely's path
 * (connection provider, its own mutex, promises, the statement cache's lookup by SQL text) cost
 * about as much as a small statement itself, a dozen times per return (bench/findings.md, sync
 * push). Outside a transaction everything goes through Kysely as before.
 */
const connectionOf = new WeakMap<Db, Connection>();

export function bindTransaction(tx: Db, connection: Connection): void {
  connectionOf.set(tx, connection);
}

export function unbindTransaction(tx: Db): void {
  connectionOf.delete(tx);
}

/** The connection `db` runs on when it is a SQLite transaction's handle; otherwise undefined. */
export function directConnection(db: Db): Connection | undefined {
  return connectionOf.get(db);
}

/**
 * One SQL text's prepared statement per connection, prepared on first use. What Kysely's SQLite
 * driver answers for the same statement: the rows of a reader, else the change count and rowid.
 */
export function directRunner(sql: string) {
  const prepared = new WeakMap<Connection, Statement>();
  return <R>(connection: Connection, parameters: readonly unknown[]): QueryResult<R> => {
    let statement = prepared.get(connection);
    if (!statement) {
      statement = connection.prepare<unknown[]>(sql);
      prepared.set(connection, statement);
    }
    if (statement.reader) return { rows: statement.all(...parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(...parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  };
}

import type { CompiledQuery, QueryResult } from 'kysely';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema';

type Db = Kysely<Database>;

/**
 * Runs `query` as the transaction's last statement and commits. On PostgreSQL the statement and
 * the COMMIT leave in one write and are answered in one round trip.
 */
export type Finish = <R>(query: CompiledQuery<R>) => Promise<QueryResult<R>>;

/** One pooled connection as its transactions see it: a Kysely bound to it alone. */
interface Bound {
  db: Db;
  /** False outside a transaction and once it has ended: a statement then would autocommit. */
  open: boolean;
}

const bound = new WeakMap<pg.PoolClient, Bound>();

function boundTo(client: pg.PoolClient): Bound {
  let entry = bound.get(client);
  if (entry) return entry;
  const state: Bound = { db: undefined as unknown as Db, open: false };
  const view = {
    query(sql: string, parameters: readonly unknown[]) {
      if (!state.open) {
        return Promise.reject(new Error('A statement ran after its transaction had ended'));
      }
      return client.query(sql, [...parameters]);
    },
    // The transaction releases the connection, not Kysely after each statement.
    release: () => undefined,
  };
  state.db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: { connect: () => Promise.resolve(view as never), end: () => Promise.resolve() },
    }),
  });
  entry = state;
  bound.set(client, entry);
  return entry;
}

/**
 * Holds the connection's writes until the current turn of the event loop is over, so
 * statements issued one after the other leave in one write (the client is in pipeline mode:
 * it does not wait for an answer before sending the next). Measured: about half of a server
 * process's busy time was the loopback send of each statement (bench/findings.md).
 */
function batchWrites(client: pg.PoolClient): () => void {
  const { stream } = client.connection;
  stream.cork();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    stream.uncork();
  };
}

/**
 * One READ COMMITTED transaction on its own pooled connection, in fewer round trips: BEGIN goes
 * out with the first statement, and `finish` sends the last statement with the COMMIT.
 * Statements must be issued in order (awaited one by one), as with any transaction.
 */
export async function pipelinedTransaction<T>(
  pool: pg.Pool,
  fn: (tx: Db, finish: Finish) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const session = boundTo(client);
  let broken: Error | undefined;
  let ended = false;
  const finish: Finish = async <R>(query: CompiledQuery<R>) => {
    if (ended) throw new Error('The transaction has already ended');
    const flush = batchWrites(client);
    const last = client.query(query.sql, [...query.parameters]);
    const commit = client.query('commit');
    flush();
    ended = true;
    session.open = false;
    const [lastResult, commitResult] = await Promise.allSettled([last, commit]);
    // A failed statement aborts the transaction: PostgreSQL answers the COMMIT with ROLLBACK.
    if (lastResult.status === 'rejected') throw lastResult.reason;
    if (commitResult.status === 'rejected') throw commitResult.reason;
    if (commitResult.value.command !== 'COMMIT') throw new Error('The transaction was rolled back');
    return { rows: lastResult.value.rows as R[] };
  };
  try {
    session.open = true;
    const flush = batchWrites(client);
    const begun = client.query('begin');
    // Its failure surfaces through the statements behind it; it is awaited below.
    begun.catch(() => undefined);
    setImmediate(flush);
    try {
      const result = await fn(session.db, finish);
      await begun;
      if (!ended) {
        ended = true;
        session.open = false;
        const { command } = await client.query('commit');
        if (command !== 'COMMIT') throw new Error('The transaction was rolled back');
      }
      return result;
    } catch (error) {
      if (!ended) {
        ended = true;
        session.open = false;
        await client.query('rollback').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
      }
      throw error;
    }
  } finally {
    session.open = false;
    client.release(broken);
  }
}

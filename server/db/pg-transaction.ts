import type { CompiledQuery, QueryResult } from 'kysely';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema';

type Db = Kysely<Database>;

/**
 * Runs `query` as the transaction's last statement and commits. On PostgreSQL the statement and
 * the COMMIT leave in one write and are answered in one round trip. Await it, and issue nothing
 * after it: the transaction has ended.
 */
export type Finish = <R>(query: CompiledQuery<R>) => Promise<QueryResult<R>>;

/**
 * Holds the connection's writes until `release` is called, so statements issued one after the
 * other leave in one write (the client is in pipeline mode: it does not wait for an answer
 * before sending the next). About half of a server process's busy time was the loopback send of
 * each statement (bench/findings.md).
 */
function holdWrites(client: pg.PoolClient): () => void {
  const { stream } = client.connection;
  stream.cork();
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    stream.uncork();
  };
}

/**
 * The transaction's view of its connection, as Kysely sees a pool client: every statement goes
 * to this connection, and none once the transaction has ended (it would run outside it, or
 * inside the next transaction on the same connection). One per transaction, with its Kysely.
 */
function transactionScope(client: pg.PoolClient, begun: Promise<unknown>) {
  let open = true;
  let first = true;
  const view = {
    async query(sql: string, parameters: readonly unknown[]) {
      if (!open) throw new Error('A statement ran after its transaction had ended');
      const answer = client.query(sql, [...parameters]);
      if (first) {
        first = false;
        // BEGIN fails on a live connection only if cancelled (this server sends no cancels);
        // the first statement then ran on its own, and the transaction stops here.
        await begun.catch((error: unknown) => {
          answer.catch(() => undefined);
          throw error;
        });
      }
      return answer;
    },
    // The transaction releases the connection, not Kysely after each statement.
    release: () => undefined,
  };
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: { connect: () => Promise.resolve(view as never), end: () => Promise.resolve() },
    }),
  });
  return {
    db,
    close: () => {
      open = false;
    },
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
  // While checked out the pool does not listen: a dropped connection would otherwise be an
  // uncaught error. It surfaces through the statements instead, and the client is discarded.
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  let ended = false;
  const flushBegin = holdWrites(client);
  const begun = client.query('begin');
  // Awaited with the first statement and again below; this only keeps it from being unhandled.
  begun.catch(() => undefined);
  const scope = transactionScope(client, begun);
  setImmediate(flushBegin);

  const end = () => {
    ended = true;
    scope.close();
  };
  const finish: Finish = async <R>(query: CompiledQuery<R>) => {
    if (ended) throw new Error('The transaction has already ended');
    end();
    const flush = holdWrites(client);
    let last: Promise<pg.QueryResult>;
    let commit: Promise<pg.QueryResult>;
    try {
      last = client.query(query.sql, [...query.parameters]);
      commit = client.query('commit');
    } finally {
      flush();
    }
    const [lastResult, commitResult] = await Promise.allSettled([last, commit]);
    // A failed statement aborts the transaction: PostgreSQL answers the COMMIT with ROLLBACK.
    if (lastResult.status === 'rejected') throw lastResult.reason;
    if (commitResult.status === 'rejected') throw commitResult.reason;
    if (commitResult.value.command !== 'COMMIT') throw new Error('The transaction was rolled back');
    return { rows: lastResult.value.rows as R[] };
  };

  try {
    const result = await fn(scope.db, finish);
    await begun;
    if (!ended) {
      end();
      const { command } = await client.query('commit');
      if (command !== 'COMMIT') throw new Error('The transaction was rolled back');
    }
    return result;
  } catch (error) {
    if (!ended) {
      end();
      await client.query('rollback').catch((rollbackError: Error) => {
        broken ??= rollbackError;
      });
    }
    throw error;
  } finally {
    flushBegin();
    client.off('error', onError);
    client.release(broken);
  }
}

import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { BatchedResult } from './pg-batched-query';
import { queryBatched } from './pg-batched-query';
import { statementConfig } from './pg-prepared';
import type { Database } from './schema';

type Db = Kysely<Database>;

/** Whether the named statement is prepared on this connection (node-postgres's own record). */
function isParsed(client: pg.PoolClient, name: string): boolean {
  const { parsedStatements } = client.connection as unknown as {
    parsedStatements: Record<string, string | undefined>;
  };
  return parsedStatements[name] !== undefined;
}

/**
 * Runs `query` as the transaction's last statement and commits. On PostgreSQL the statement and
 * the COMMIT leave in one write and are answered in one round trip; when no statement came
 * before, it goes without BEGIN and COMMIT, as one implicit transaction. Await it, and issue
 * nothing after it: the transaction has ended. Answers `query`'s result.
 */
export type Finish = <R>(query: CompiledQuery<R>) => Promise<QueryResult<R>>;

/**
 * Built once: every transaction's Kysely shares its query compiler and adapter and gets its own
 * connection provider (as Kysely's own transactions do), instead of a dialect, driver, compiler
 * and executor built for each transaction (about 2 % of the server's CPU under the return
 * benchmark, bench/findings.md). Its pool is never asked for a connection: a nested
 * `transaction()` on a transaction's Kysely is refused.
 */
const dialect = new PostgresDialect({
  pool: {
    connect: () => Promise.reject(new Error('A pipelined transaction has no pool of its own')),
    end: () => Promise.resolve(),
  } as never,
});
const base = new Kysely<Database>({ dialect });
const driver = dialect.createDriver();

/** A Kysely whose every statement runs on `connection`. */
function kyselyOver(connection: DatabaseConnection): Db {
  return new Kysely<Database>({
    config: { dialect },
    dialect,
    driver,
    executor: base.getExecutor().withConnectionProvider({
      provideConnection: (consumer) => consumer(connection),
    }),
  });
}

/**
 * The transaction's view of its connection: every statement of its Kysely goes to this
 * connection, and none once the transaction has ended (it would run outside it, or inside the
 * next transaction on the same connection). One per transaction, with its Kysely.
 * The first statement carries the BEGIN (pg-batched-query.ts: one write each way).
 */
function transactionScope(client: pg.PoolClient) {
  let open = true;
  let begun = false;
  const view = {
    async query(sql: string, parameters: readonly unknown[]) {
      if (!open) throw new Error('A statement ran after its transaction had ended');
      if (begun) return client.query(sql, [...parameters]);
      begun = true;
      const config = statementConfig(sql, [...parameters]);
      if (config.name === undefined || isParsed(client, config.name)) {
        return queryBatched(client, config, { lead: 'begin' });
      }
      // A named statement's first use on this connection: node-postgres marks it parsed at any
      // ParseComplete of its query, the BEGIN's included, so were its own Parse to fail it would
      // never be parsed again on this connection. BEGIN goes alone, once per statement.
      const begin = client.query('begin');
      const answer = client.query(config);
      await begin.catch((error: unknown) => {
        answer.catch(() => undefined);
        throw error;
      });
      return answer;
    },
  };
  const db = kyselyOver({
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      // What Kysely's own PostgreSQL connection answers for node-postgres's result.
      const { command, rowCount, rows } = await view.query(query.sql, query.parameters);
      if (command === 'ROLLBACK' || command === 'COMMIT') return { rows: [{ command } as R] };
      const counted = ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(command);
      return {
        numAffectedRows: counted ? BigInt(rowCount ?? 0) : undefined,
        rows: (rows ?? []) as R[],
      };
    },
    streamQuery() {
      throw new Error('A pipelined transaction does not stream');
    },
  });
  return {
    db,
    /** Whether BEGIN has been sent (with the first statement). */
    begun: () => begun,
    close: () => {
      open = false;
    },
  };
}

/**
 * One READ COMMITTED transaction on its own pooled connection, in fewer round trips and fewer
 * writes each way: BEGIN goes out with the first statement, and `finish` sends the last
 * statement with the COMMIT, each pair answered by PostgreSQL in one write. Statements must be
 * issued in order (awaited one by one), as with any transaction.
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
  const scope = transactionScope(client);
  const rollback = () =>
    client.query('rollback').catch((rollbackError: Error) => {
      broken ??= rollbackError;
    });

  const end = () => {
    ended = true;
    scope.close();
  };
  const finish: Finish = async <R>(query: CompiledQuery<R>) => {
    if (ended) throw new Error('The transaction has already ended');
    const begun = scope.begun();
    end();
    const config = statementConfig(query.sql, [...query.parameters]);
    // Nothing sent yet: the statement is the whole transaction, sent before its Sync without
    // BEGIN or COMMIT. PostgreSQL runs the statements up to a Sync as one implicit transaction,
    // committed at the Sync and rolled back whole when it fails. Two statements fewer to send,
    // parse and answer on the return's hot path (bench/findings.md).
    if (!begun) return { rows: (await queryBatched<R>(client, config, {})).rows };
    let result: BatchedResult<R>;
    try {
      result = await queryBatched<R>(client, config, { tail: 'commit' });
    } catch (error) {
      // PostgreSQL skipped the COMMIT: the transaction is open and aborted until rolled back.
      await rollback();
      throw error;
    }
    if (result.tailCommand !== 'COMMIT') throw new Error('The transaction was rolled back');
    return { rows: result.rows };
  };

  try {
    const result = await fn(scope.db, finish);
    if (!ended) {
      end();
      if (scope.begun()) {
        const { command } = await client.query('commit');
        if (command !== 'COMMIT') throw new Error('The transaction was rolled back');
      }
    }
    return result;
  } catch (error) {
    if (!ended) {
      end();
      if (scope.begun()) await rollback();
    }
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

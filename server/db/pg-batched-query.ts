import pg from 'pg';
import { prepareWithoutDescribe, reuseFieldParsers, withStatement } from './pg-prepared';

/** The parts of node-postgres's connection and query this file drives (untyped in @types/pg). */
interface Wire {
  parse(message: { text: string; name: string }): void;
  bind(message: { portal: string; statement: string; values: unknown[] }): void;
  execute(message: { portal: string }): void;
  sync(): void;
}
interface CommandComplete {
  text?: string;
}
interface QueryInternals {
  prepare(this: pg.Query, connection: Wire): void;
  _getRows(this: pg.Query, connection: Wire, rows: number | undefined): void;
  handleCommandComplete(this: pg.Query, message: CommandComplete, connection: Wire): void;
}
const base = pg.Query.prototype as unknown as QueryInternals;

/** A statement without parameters (BEGIN, COMMIT) as the extended protocol's messages, no Sync. */
function sendPlain(connection: Wire, text: string): void {
  connection.parse({ text, name: '' });
  connection.bind({ portal: '', statement: '', values: [] });
  connection.execute({ portal: '' });
}

export interface Batched {
  /** Sent before the statement, answered with it (BEGIN). */
  lead?: string;
  /** Sent after the statement, answered with it (COMMIT). */
  tail?: string;
}

/**
 * One statement sent together with a parameterless statement before and/or after it, all before
 * ONE Sync: PostgreSQL answers them in one write (it flushes at each Sync and each simple query),
 * where BEGIN, the statement and COMMIT each sent alone are answered in one write each. Errors
 * work as for any extended-protocol batch: PostgreSQL skips what follows the failed statement up
 * to the Sync, so a failed statement's COMMIT does not run and the transaction stays open,
 * aborted, until a ROLLBACK (pg-transaction.ts sends it).
 */
class BatchedQuery extends pg.Query {
  /** The tail's command tag once answered ('COMMIT', or 'ROLLBACK' for an aborted transaction). */
  tailCommand: string | undefined;
  private leadAnswered: boolean;
  private mainAnswered = false;

  constructor(
    config: pg.QueryConfig,
    private readonly batched: Batched,
  ) {
    // From the text, then the rest (pg-prepared.ts, withStatement): no copy of the config.
    super(config.text);
    withStatement(this, config);
    if (config.name !== undefined) reuseFieldParsers(this, config.name);
    (this as unknown as { queryMode: string }).queryMode = 'extended';
    this.leadAnswered = batched.lead === undefined;
  }

  prepare(connection: Wire): void {
    if (this.batched.lead !== undefined) sendPlain(connection, this.batched.lead);
    // A named statement whose columns this connection knows goes without a Describe.
    if (!prepareWithoutDescribe(this, connection)) base.prepare.call(this, connection);
  }

  /** Called by `prepare` to execute the statement and send the Sync: the tail goes in between. */
  _getRows(connection: Wire, rows: number | undefined): void {
    if (this.batched.tail === undefined) return base._getRows.call(this, connection, rows);
    // Pipeline mode refuses `rows` (pg's client.js), so the statement runs whole, as in pg.
    connection.execute({ portal: '' });
    sendPlain(connection, this.batched.tail);
    connection.sync();
  }

  handleCommandComplete(message: CommandComplete, connection: Wire): void {
    if (!this.leadAnswered) {
      this.leadAnswered = true;
      return;
    }
    if (!this.mainAnswered) {
      this.mainAnswered = true;
      return base.handleCommandComplete.call(this, message, connection);
    }
    this.tailCommand = message.text?.split(' ')[0];
  }
}

export interface BatchedResult<R> {
  rows: R[];
  /** The statement's command tag and row count, as node-postgres answers them. */
  command: string;
  rowCount: number | null;
  /** The tail's command tag, when there was a tail. */
  tailCommand: string | undefined;
}

/** Runs `config` on `client` with `batched` around it, in one round trip (see BatchedQuery). */
export function queryBatched<R>(
  client: pg.ClientBase,
  config: pg.QueryConfig,
  batched: Batched,
): Promise<BatchedResult<R>> {
  return new Promise((resolve, reject) => {
    const query = new BatchedQuery(config, batched);
    const callback = (error: Error | undefined, result: pg.QueryResult) => {
      if (error) return reject(error);
      const { rows, command, rowCount } = result;
      resolve({ rows: rows as R[], command, rowCount, tailCommand: query.tailCommand });
    };
    (query as unknown as { callback: typeof callback }).callback = callback;
    client.query(query);
  });
}

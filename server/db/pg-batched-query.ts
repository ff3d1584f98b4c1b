import pg from 'pg';
import { prepareWithoutDescribe, reuseFieldParsers, withStatement } from './pg-prepared';

/** The parts of node-postgres's connection and query this file drives (untyped in @types/pg). */
interface Wire {
  /** node-postgres's record of the named statements this connection has parsed. */
  parsedStatements: Record<string, string | undefined>;
  on(event: 'parseComplete', listener: () => void): void;
  off(event: 'parseComplete', listener: () => void): void;
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

/**
 * A statement sent beside the main one: its text and its bound values, as given; with a `name`
 * (pg-prepared.ts), parsed once per connection and bound by name after that.
 */
export interface SideStatement {
  text: string;
  values?: readonly unknown[];
  name?: string | undefined;
}

/**
 * node-postgres's own conversion of a bound value (a Date, a Buffer, an array, an object as
 * JSON), the one its `Query` applies: a side statement's values are bound as its query's are.
 */
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } })
  .utils;

/** A Parse sent: the statement's name ('' for an unnamed one) and its text. */
interface ParseSent {
  name: string;
  text: string;
}

/**
 * A statement (BEGIN, COMMIT, or one with values) as the extended protocol's messages, no Sync.
 * Answers the Parse it sent, or undefined when it sent none (a named statement the connection
 * already holds).
 */
function sendPlain(connection: Wire, statement: string | SideStatement): ParseSent | undefined {
  const {
    text,
    values = [],
    name = '',
  } = typeof statement === 'string' ? { text: statement } : statement;
  const parsed = name !== '' && connection.parsedStatements[name] === text;
  if (!parsed) connection.parse({ text, name });
  connection.bind({ portal: '', statement: name, values: values.map(prepareValue) });
  connection.execute({ portal: '' });
  return parsed ? undefined : { name, text };
}

export interface Batched {
  /** Sent before the statement, answered with it (BEGIN). */
  lead?: string;
  /**
   * Sent after the statement, in order, answered with it: COMMIT, or statements of the same
   * transaction and then COMMIT (each its own snapshot under READ COMMITTED).
   */
  tail?: string | readonly (string | SideStatement)[];
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
  /**
   * The tail's last command tag once answered ('COMMIT', or 'ROLLBACK' for an aborted
   * transaction).
   */
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
    // Every Parse sent, in order, to match PostgreSQL's ParseComplete answers (below).
    this.parses = [];
    if (this.batched.lead !== undefined) this.parses.push(sendPlain(connection, this.batched.lead));
    const main = this as unknown as { hasBeenParsed(c: Wire): boolean };
    if (!main.hasBeenParsed(connection)) this.parses.push({ name: '', text: '' });
    // A named statement whose columns this connection knows goes without a Describe.
    if (!prepareWithoutDescribe(this, connection)) base.prepare.call(this, connection);
  }

  /** Called by `prepare` to execute the statement and send the Sync: the tail goes in between. */
  _getRows(connection: Wire, rows: number | undefined): void {
    if (this.batched.tail === undefined) return base._getRows.call(this, connection, rows);
    // Pipeline mode refuses `rows` (pg's client.js), so the statement runs whole, as in pg.
    connection.execute({ portal: '' });
    const tail = typeof this.batched.tail === 'string' ? [this.batched.tail] : this.batched.tail;
    for (const statement of tail) this.parses.push(sendPlain(connection, statement));
    this.recordNamedParses(connection);
    connection.sync();
  }

  /**
   * A named tail statement counts as parsed on this connection once PostgreSQL answered its
   * Parse: the answers come in order, and none for a Parse skipped after an error, so the n-th
   * ParseComplete is the n-th Parse sent. Marked only then, never on sending, so a batch that
   * failed before it leaves it to be parsed again, and one that failed after it (its execution,
   * the COMMIT) does not parse it a second time.
   */
  private recordNamedParses(connection: Wire): void {
    const sent = this.parses.filter((parse): parse is ParseSent => parse !== undefined);
    if (!sent.some(({ name }) => name !== '')) return;
    let answered = 0;
    const onParsed = () => {
      const parse = sent[answered++];
      if (parse?.name) connection.parsedStatements[parse.name] = parse.text;
      if (answered >= sent.length) connection.off('parseComplete', onParsed);
    };
    connection.on('parseComplete', onParsed);
    this.stopListening = () => connection.off('parseComplete', onParsed);
  }

  private parses: (ParseSent | undefined)[] = [];
  /** Ends the ParseComplete count when the batch is over (answered or failed). */
  stopListening: () => void = () => undefined;

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
  /** The tail's last command tag, when there was a tail. */
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
      query.stopListening();
      if (error) return reject(error);
      const { rows, command, rowCount } = result;
      resolve({ rows: rows as R[], command, rowCount, tailCommand: query.tailCommand });
    };
    (query as unknown as { callback: typeof callback }).callback = callback;
    client.query(query);
  });
}

import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * SQL texts PostgreSQL should keep as named prepared statements, each with its name. Only the
 * hot path's queries (registered by `precompiled`) are named: each connection keeps its
 * statements until it closes, so the set must stay small and fixed.
 */
const named = new Map<string, string>();

export function keepPrepared(sql: string): void {
  // A cached plan's result columns are fixed: `select *` would fail on every connection
  // ("cached plan must not change result type") once another instance's migration adds a column.
  if (/\bselect\s+(\S+\.)?\*|\breturning\s+\*/i.test(sql)) {
    throw new Error(`A query kept prepared must name its columns: ${sql.slice(0, 80)}`);
  }
  if (!named.has(sql)) {
    named.set(sql, `shelf_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`);
  }
}

/** The statement's config as the pool's client sends it: named when the text is registered. */
export function statementConfig(text: string, values: unknown[]): pg.QueryConfig {
  const name = named.get(text);
  return name === undefined ? { text, values } : { name, text, values };
}

type Query = (this: pg.Client, ...args: unknown[]) => unknown;
const plainQuery = pg.Client.prototype.query as unknown as Query;

/**
 * The pool's client: a registered SQL text is parsed and planned once per connection instead of
 * on every run (PostgreSQL then reuses a generic plan), which is most of a short query's
 * server-side cost. Kysely calls `query(text, values)`; everything else passes through.
 */
export class PreparingClient extends pg.Client {}

(PreparingClient.prototype as unknown as { query: Query }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const [text, values, ...rest] = args;
  const name = typeof text === 'string' && Array.isArray(values) ? named.get(text) : undefined;
  if (name === undefined) return plainQuery.apply(this, args);
  if (rest.length > 0) return plainQuery.call(this, { name, text, values }, ...rest);
  const query = withStatement(new pg.Query(text as string), { name, values: values as unknown[] });
  reuseFieldParsers(query, name);
  skipKnownDescribe(query);
  return new Promise<pg.QueryResult>((resolve, reject) => {
    (query as unknown as { callback: QueryCallback }).callback = (error, result) =>
      error ? reject(error) : resolve(result);
    plainQuery.call(this, query);
  });
};

type QueryCallback = (error: Error | undefined, result: pg.QueryResult) => void;

/**
 * Gives `query`, made from its text alone (`new pg.Query(text)`), the name and values a config
 * object would have: from a config object, Query's constructor copies it property descriptor by
 * property descriptor (pg's `cloneQueryConfig`), about 3 % of a server process's CPU under the
 * return benchmark (bench/findings.md), where a text is taken as is.
 */
export function withStatement<Q extends pg.Query>(
  query: Q,
  config: { name?: string | undefined; values?: unknown[] | undefined },
): Q {
  const fields = query as unknown as { name?: string; values?: unknown[] };
  if (config.name !== undefined) fields.name = config.name;
  if (config.values !== undefined) fields.values = config.values;
  return query;
}

/** A RowDescription's field as node-postgres parses it. */
interface Field {
  name: string;
  dataTypeID: number;
  format?: string;
}
/** The parts of node-postgres's Result that `addFields` sets and `parseRow` reads. */
interface ResultInternals {
  fields: Field[];
  _parsers?: unknown[];
  _prebuiltEmptyResultObject?: object;
  /** The client's type parsers (the pool's `types`), set before any answer comes. */
  _types?: unknown;
  addFields(fields: Field[]): void;
}

interface Shape {
  fields: Field[];
  parsers?: unknown[];
  empty?: object;
}
/**
 * A named statement's result columns and what node-postgres built for them, by name, per
 * client's type parsers (each client has its own, which it may override): per connection.
 */
const shapesByTypes = new WeakMap<object, Map<string, Shape>>();
const plainAddFields = (new pg.Query('') as unknown as { _result: ResultInternals })._result
  .addFields;

const sameFields = (a: Field[], b: Field[]) =>
  a.length === b.length &&
  a.every(
    (field, i) =>
      field.name === b[i]?.name &&
      field.dataTypeID === b[i].dataTypeID &&
      field.format === b[i].format,
  );

/**
 * node-postgres describes every result anew: for each field a type parser and a property of an
 * empty row it then copies into each row, about 5 % of a server process's CPU under the return
 * benchmark for the return's read (bench/findings.md). A named statement's columns are the
 * same every time (`keepPrepared` refuses `select *`), so what a connection built for its last
 * description is used again while the description is the same, field by field; parseRow only
 * reads what it reuses.
 */
export function reuseFieldParsers(query: pg.Query, name: string): void {
  const result = (query as unknown as { _result: ResultInternals })._result;
  result.addFields = function (this: ResultInternals, fields: Field[]) {
    const types = this._types;
    if (typeof types !== 'object' || types === null) return plainAddFields.call(this, fields);
    let shapes = shapesByTypes.get(types);
    if (!shapes) {
      shapes = new Map();
      shapesByTypes.set(types, shapes);
    }
    const shape = shapes.get(name);
    if (shape && sameFields(shape.fields, fields)) {
      this.fields = fields;
      if (shape.parsers) this._parsers = shape.parsers;
      if (shape.empty) this._prebuiltEmptyResultObject = shape.empty;
      return;
    }
    plainAddFields.call(this, fields);
    shapes.set(name, {
      fields,
      ...(this._parsers ? { parsers: this._parsers } : {}),
      ...(this._prebuiltEmptyResultObject ? { empty: this._prebuiltEmptyResultObject } : {}),
    });
  };
}

/** The parts of node-postgres's connection and query that `prepare` drives (untyped). */
interface PrepareWire {
  parsedStatements: Record<string, string | undefined>;
  bind(message: {
    portal: string;
    statement: string;
    values: unknown[];
    binary?: boolean;
    valueMapper: unknown;
  }): void;
  close(message: { type: 'S'; name: string }): void;
  sync(): void;
}
interface PrepareInternals {
  name?: string;
  values?: unknown[];
  portal: string;
  rows?: number;
  binary?: boolean;
  callback?: unknown;
  _result: ResultInternals;
  _accumulateRows: boolean;
  listeners(event: 'row'): unknown[];
  handleError(error: unknown, connection: PrepareWire): void;
  _getRows(connection: PrepareWire, rows: number | undefined): void;
}
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } })
  .utils;
const plainPrepare = (
  pg.Query.prototype as unknown as { prepare(this: pg.Query, connection: unknown): void }
).prepare;

/**
 * node-postgres's `prepare` (Parse when needed, Bind, Describe, Execute, Sync) without the
 * Describe when this connection already has the named statement's result columns
 * (`reuseFieldParsers`): PostgreSQL then builds no RowDescription and node-postgres parses none.
 * A prepared statement's columns cannot change under it: PostgreSQL refuses to run it then
 * ("cached plan must not change result type"), and `keepPrepared` refuses `select *`. Answers
 * whether it sent the statement; when not, the caller sends it as node-postgres does.
 */
export function prepareWithoutDescribe(query: pg.Query, connection: unknown): boolean {
  const q = query as unknown as PrepareInternals;
  const wire = connection as PrepareWire;
  const { name } = q;
  if (name === undefined || q.rows !== undefined || wire.parsedStatements[name] === undefined) {
    return false;
  }
  const types = q._result._types;
  const shape =
    typeof types === 'object' && types !== null ? shapesByTypes.get(types)?.get(name) : undefined;
  if (!shape) return false;
  try {
    wire.bind({
      portal: q.portal,
      statement: name,
      values: q.values ?? [],
      binary: q.binary,
      valueMapper: prepareValue,
    });
  } catch (error) {
    // As node-postgres does when a value cannot be converted.
    wire.close({ type: 'S', name });
    wire.sync();
    q.handleError(error, wire);
    return true;
  }
  // What the RowDescription would have done (node-postgres's handleRowDescription).
  q._result.addFields(shape.fields);
  q._accumulateRows = Boolean(q.callback) || q.listeners('row').length === 0;
  q._getRows(wire, q.rows);
  return true;
}

/** Makes `query` skip the Describe when it can (`prepareWithoutDescribe`). */
function skipKnownDescribe(query: pg.Query): void {
  (query as unknown as { prepare(connection: unknown): void }).prepare = function (
    this: pg.Query,
    connection: unknown,
  ) {
    if (!prepareWithoutDescribe(this, connection)) plainPrepare.call(this, connection);
  };
}

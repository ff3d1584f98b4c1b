import type { Compilable, QueryResult } from 'kysely';
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Db, Engine } from './database';
import { keepPrepared } from './pg-prepared';
import { directConnection, directRunner } from './sqlite-direct';

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const SENTINEL = '\u0000precompiled-arg:';

/**
 * A query built and compiled by Kysely once per engine, then run with new values: the hot
 * paths (a return, a session lookup) skip rebuilding the same query tree on every request.
 * `build` receives stand-ins for the arguments; each must reach the SQL as a bound value
 * (never inlined), which is how Kysely treats every value it is given.
 */
export function precompiled<A extends object, R>(
  build: (db: Db, args: A) => Compilable<R>,
): (db: Db, args: A) => Promise<QueryResult<R>> {
  const compiled = new Map<
    Engine,
    {
      sql: string;
      slots: Array<{ arg: string } | { value: unknown }>;
      direct: ReturnType<typeof directRunner>;
    }
  >();
  return (db, args) => {
    const engine: Engine = isPostgres(db) ? 'postgres' : 'sqlite';
    let entry = compiled.get(engine);
    if (!entry) {
      const standIns = Object.fromEntries(
        Object.keys(args).map((key) => [key, SENTINEL + key]),
      ) as A;
      const query = build(db, standIns).compile();
      entry = {
        sql: query.sql,
        slots: query.parameters.map((p) =>
          typeof p === 'string' && p.startsWith(SENTINEL)
            ? { arg: p.slice(SENTINEL.length) }
            : { value: p },
        ),
        direct: directRunner(query.sql),
      };
      compiled.set(engine, entry);
      if (engine === 'postgres') keepPrepared(entry.sql);
    }
    const values = args as Record<string, unknown>;
    const parameters = entry.slots.map((slot) => ('arg' in slot ? values[slot.arg] : slot.value));
    // Inside a SQLite write transaction the statement runs on its connection directly
    // (sqlite-direct.ts); its errors reject the promise, as Kysely's would.
    const connection = engine === 'sqlite' ? directConnection(db) : undefined;
    if (connection) {
      try {
        return Promise.resolve(entry.direct<R>(connection, parameters));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return db.executeQuery<R>(CompiledQuery.raw(entry.sql, parameters));
  };
}

import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

/** Statement methods that set an option and return the statement: kept, applied at prepare. */
const OPTIONS: ReadonlySet<PropertyKey> = new Set(['pluck', 'expand', 'raw', 'safeIntegers']);

/** `value` bound to `target` when it is a method, the bound copy kept for the next access. */
function boundIn(target: object, cache: Map<PropertyKey, unknown>, key: PropertyKey): unknown {
  const value: unknown = Reflect.get(target, key, target);
  if (typeof value !== 'function') return value;
  let bound = cache.get(key);
  if (bound === undefined) {
    bound = (value as (...args: unknown[]) => unknown).bind(target);
    cache.set(key, bound);
  }
  return bound;
}

/** A statement compiled when it is first used, not when it is declared. */
function statementOnUse(db: Database, source: string): Statement {
  let statement: Statement | undefined;
  const options: [PropertyKey, unknown[]][] = [];
  const methods = new Map<PropertyKey, unknown>();
  const lazy: Statement = new Proxy({} as Statement, {
    get(_, key) {
      if (!statement) {
        if (OPTIONS.has(key)) {
          return (...args: unknown[]) => {
            options.push([key, args]);
            return lazy;
          };
        }
        let prepared = db.prepare(source);
        for (const [name, args] of options) {
          const set = Reflect.get(prepared, name) as (...a: unknown[]) => Statement;
          prepared = set.apply(prepared, args);
        }
        statement = prepared;
      }
      return boundIn(statement, methods, key);
    },
  });
  return lazy;
}

/**
 * `db` whose `prepare` compiles each statement at its first use. The store's query groups declare
 * about 90 statements up front; compiling them all was most of an open's time at 100,000 items
 * (3.7 of 5.6 ms, bench/findings.md, sqlite-core-2), though a start uses a few of them. A
 * statement's SQL error therefore shows at its first use, not at open (the tests run them all).
 * Everything else is the database itself.
 */
export function prepareOnUse(db: Database): Database {
  const methods = new Map<PropertyKey, unknown>();
  const prepare = (source: string) => statementOnUse(db, source);
  return new Proxy(db, {
    get(target, key) {
      return key === 'prepare' ? prepare : boundIn(target, methods, key);
    },
  });
}

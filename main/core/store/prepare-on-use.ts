import type { Database, RunResult, Statement } from 'better-sqlite3-multiple-ciphers';

type Params = unknown[];
type ColumnDefinition = ReturnType<Statement['columns']>[number];
/** Statement methods that set an option and return the statement: kept, applied at prepare. */
type Toggle = 'pluck' | 'expand' | 'raw' | 'safeIntegers';

/**
 * A statement compiled when it is first used, not when it is declared. Each method hands its
 * call to the compiled statement: an ordinary method call (a few ns), where a Proxy's `get` trap
 * cost 0.11–0.24 µs on every call (bench/prepare-on-use.ts). `implements Statement` keeps it whole: a
 * method the library's type gains fails to compile here until it is handed on.
 */
class StatementOnUse implements Statement<Params, unknown> {
  #statement: Statement<Params, unknown> | undefined;
  /** Options set before the first use, in order. */
  readonly #toggles: [Toggle, boolean][] = [];

  constructor(
    readonly database: Database,
    readonly source: string,
  ) {}

  #compiled(): Statement<Params, unknown> {
    if (this.#statement) return this.#statement;
    const statement = this.database.prepare<Params, unknown>(this.source);
    for (const [name, toggle] of this.#toggles) statement[name](toggle);
    this.#statement = statement;
    return statement;
  }

  /** An option: set on the compiled statement, or kept and applied at the compile. */
  #toggle(name: Toggle, toggle: boolean): this {
    if (this.#statement) this.#statement[name](toggle);
    else this.#toggles.push([name, toggle]);
    return this;
  }

  get reader(): boolean {
    return this.#compiled().reader;
  }
  get readonly(): boolean {
    return this.#compiled().readonly;
  }
  get busy(): boolean {
    return this.#statement?.busy ?? false;
  }
  run(...params: Params): RunResult {
    return this.#compiled().run(...params);
  }
  get(...params: Params): unknown {
    return this.#compiled().get(...params);
  }
  all(...params: Params): unknown[] {
    return this.#compiled().all(...params);
  }
  iterate(...params: Params): IterableIterator<unknown> {
    return this.#compiled().iterate(...params);
  }
  bind(...params: Params): this {
    this.#compiled().bind(...params);
    return this;
  }
  columns(): ColumnDefinition[] {
    return this.#compiled().columns();
  }
  pluck(toggle = true): this {
    return this.#toggle('pluck', toggle);
  }
  expand(toggle = true): this {
    return this.#toggle('expand', toggle);
  }
  raw(toggle = true): this {
    return this.#toggle('raw', toggle);
  }
  safeIntegers(toggle = true): this {
    return this.#toggle('safeIntegers', toggle);
  }
}

/**
 * `db` whose `prepare` compiles each statement at its first use. The store's query groups declare
 * about 90 statements up front; compiling them all was most of an open's time at 100,000 items
 * (3.7 of 5.6 ms, bench/findings.md, sqlite-core-2), though a start uses a few of them. A
 * statement's SQL error therefore shows at its first use, not at open (the tests run them all).
 * Everything else is the database itself: an object whose prototype is `db`, so its methods and
 * getters (which read the connection through `this`) run on the same connection, with no Proxy.
 */
export function prepareOnUse(db: Database): Database {
  const onUse = Object.create(db) as Database;
  const prepare = (source: string) => new StatementOnUse(db, source);
  Object.defineProperty(onUse, 'prepare', { value: prepare });
  return onUse;
}

import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import { LIBRARY_ROW_KEY } from './library-columns-sql';
import { libraryRowsSql } from './library-rows-sql';

/** How a warm-up ended. */
export interface WarmUpResult {
  /** Entries read (rows of library_rows, entries of its id index, FTS blocks). */
  readonly read: number;
  /** True when it was stopped (the store closed) before reading everything. */
  readonly stopped: boolean;
}

/** A background read of the pages a library search needs, one slice per turn of the event loop. */
export interface WarmUp {
  /** Settles when everything was read once, or at `stop()`; never rejects. */
  readonly done: Promise<WarmUpResult>;
  /** Reads nothing more (before the connection closes). */
  stop(): void;
}

/** One B-tree read in key order, `chunk` entries per statement, from after the last key seen. */
export interface Walk {
  /** The B-tree it reads, as dbstat and EXPLAIN QUERY PLAN name it. */
  btree: string;
  /** From the start: the first entries in key order. */
  first: string;
  /** After `key`: the next entries in key order (a row value compared with the last key). */
  next: string;
}

/**
 * The key columns of each walk come back as the statement's columns; the last row's values are
 * where the next chunk starts. Only what the library's first page and a search read: the table's
 * rows (a page of results reads 100 of them, spread over the whole table), the default sort's
 * index (the first page, a broad search's ranks), the `library_rows_id` index a search's matches
 * are sorted and found through, and the FTS index (its segment blocks and their index).
 */
const KEY = LIBRARY_ROW_KEY.join(', ');
const after = (columns: readonly string[]) =>
  `(${columns.join(', ')}) > (${columns.map((_, i) => `@k${i}`).join(', ')})`;
const AFTER_KEY = after(LIBRARY_ROW_KEY);
/** An index of library_rows alone, in its own order. */
const indexWalk = (index: string, columns: readonly string[]): Walk => {
  const list = columns.join(', ');
  return {
    btree: index,
    first: `SELECT ${list} FROM library_rows INDEXED BY ${index} ORDER BY ${list} LIMIT @chunk`,
    next: `SELECT ${list} FROM library_rows INDEXED BY ${index} WHERE ${after(columns)} ORDER BY ${list} LIMIT @chunk`,
  };
};
const TITLE = libraryRowsSql().sorts.title;
export const WARM_UP_WALKS: readonly Walk[] = [
  {
    btree: 'library_rows',
    // `content_id` is in no index: without it the planner walks the title index, which holds
    // the same four columns, and the table's pages would stay cold.
    first: `SELECT ${KEY}, content_id FROM library_rows ORDER BY ${KEY} LIMIT @chunk`,
    next: `SELECT ${KEY}, content_id FROM library_rows WHERE ${AFTER_KEY} ORDER BY ${KEY} LIMIT @chunk`,
  },
  ...(TITLE ? [indexWalk(TITLE.index, TITLE.columns)] : []),
  indexWalk('library_rows_id', ['id']),
  {
    btree: 'contents_fts_data',
    // The blocks' bytes are read (and so every overflow page), `length()` alone would not.
    first: `SELECT id, substr(block, -1) FROM contents_fts_data ORDER BY id LIMIT @chunk`,
    next: `SELECT id, substr(block, -1) FROM contents_fts_data WHERE id > @k0 ORDER BY id LIMIT @chunk`,
  },
  {
    btree: 'contents_fts_idx',
    first: `SELECT segid, term, pgno FROM contents_fts_idx ORDER BY segid, term LIMIT @chunk`,
    next: `SELECT segid, term, pgno FROM contents_fts_idx WHERE (segid, term) > (@k0, @k1) ORDER BY segid, term LIMIT @chunk`,
  },
];

export interface WarmUpOptions {
  /** Entries per statement: a cold chunk of 200 rows is about 18 pages (≈ 0.5 ms of CPU). */
  chunk?: number;
  /** Time spent per turn of the event loop before yielding, in ms (one chunk at least). */
  sliceMs?: number;
}

/**
 * Reads the library's search pages into the connection's page cache in the background, so that
 * searches after it need no page decryption (bench/findings.md, store search, 2026-11-30: a cold
 * page costs about 24 µs of CPU, and a page of results reads 100 rows over the whole table).
 * better-sqlite3 is synchronous and the core answers IPC on the same thread, so it reads in
 * slices of about `sliceMs` and yields (setImmediate) between them: a request waits one slice at
 * most. Each chunk is a complete statement, so a write or a migration between slices sees an idle
 * connection; a walk resumes after its last key, so rows written meanwhile change nothing. The
 * cache must hold what is read: cache_size (open-database.ts) is 128 MiB, the walks about 53 MiB
 * at 100,000 items (docs/design.md §7.1).
 */
export function warmUpLibrary(db: Database, options: WarmUpOptions = {}): WarmUp {
  const chunk = options.chunk ?? 200;
  const sliceMs = options.sliceMs ?? 3;
  let stopped = false;
  let read = 0;
  let walk = 0;
  let last: unknown[] | null = null;
  let timer: NodeJS.Immediate | null = null;
  const statements = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql).raw();
      statements.set(sql, statement);
    }
    return statement;
  };
  let finish: (result: WarmUpResult) => void = () => undefined;
  const done = new Promise<WarmUpResult>((resolve) => {
    finish = resolve;
  });
  const end = (early: boolean) => {
    stopped = true;
    if (timer) clearImmediate(timer);
    timer = null;
    finish({ read, stopped: early });
  };

  /** One chunk of the current walk; false when every walk is finished. */
  const step = (): boolean => {
    const current = WARM_UP_WALKS[walk];
    if (!current) return false;
    const params: Record<string, unknown> = { chunk };
    last?.forEach((value, i) => {
      params[`k${i}`] = value;
    });
    const rows = prepared(last ? current.next : current.first).all(params) as unknown[][];
    read += rows.length;
    if (rows.length < chunk) {
      walk += 1;
      last = null;
    } else {
      last = rows[rows.length - 1] ?? null;
    }
    return walk < WARM_UP_WALKS.length;
  };

  const slice = () => {
    timer = null;
    if (stopped) return;
    if (!db.open) return end(true);
    const start = performance.now();
    try {
      let more = step();
      while (more && performance.now() - start < sliceMs) more = step();
      if (!more) return end(false);
    } catch {
      // Warming is only an optimisation: a busy or changed store (a table not there yet in an
      // old schema) ends it, and the queries read their pages when asked.
      return end(true);
    }
    timer = setImmediate(slice);
  };
  // Not unref'd: Node's poll phase ignores unref'd immediates and would sleep until the next
  // timer or I/O between slices. The warm-up is finite (one pass) and stops at close.
  timer = setImmediate(slice);
  return { done, stop: () => !stopped && end(true) };
}

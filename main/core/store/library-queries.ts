import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import type { ContentKind } from '../../../shared/api/common';
import { LIBRARY_SORT_KEYS } from '../../../shared/ipc/library-columns';
import type {
  LibraryCounts,
  LibraryItem,
  libraryListInputSchema,
  LibraryPage,
} from '../../../shared/ipc/library';
import { LIBRARY_ROW_KEY } from './library-columns-sql';
import { libraryRowsSql, type LibrarySort } from './library-rows-sql';
import { libraryTerms } from './library-terms';
import { libraryWrites } from './library-writes';

type ListInput = z.infer<typeof libraryListInputSchema>;

/**
 * The table, sorts and select lists, generated from the column declaration. Each sort is exactly
 * the column order of one index on library_rows, ending in the row id, so the order is total
 * (pages never overlap or skip) and needs no sort step. A search's matches are put in order by
 * the sort's kept ranks; `library_rows_id` finds a row by its id.
 */
const ROWS = libraryRowsSql();
const ORDER: Record<ListInput['sort'], LibrarySort> = Object.fromEntries(
  LIBRARY_SORT_KEYS.map((key) => {
    const sort = ROWS.sorts[key];
    if (!sort) throw new Error(`The library sort ${key} has no index`);
    return [key, sort];
  }),
) as Record<ListInput['sort'], LibrarySort>;

const ITEM_COLUMNS = ROWS.selectList('r.');

/**
 * `r`'s clustered key equal to `value(column, i)`: how a page of ids finds its rows. The id is
 * compared as `+r.id` so the planner searches the table's own B-tree: `library_rows_id` holds
 * the same four columns since store migration 12 and would otherwise be searched first, one
 * more B-tree descent per row.
 */
const keyEquals = (value: (column: string, i: number) => string): string =>
  LIBRARY_ROW_KEY.map(
    (column, i) => `${column === 'id' ? '+' : ''}r.${column} = ${value(column, i)}`,
  ).join(' AND ');
const KEY_JOIN = keyEquals((column) => `p.${column}`);
const KEY_COLUMNS = LIBRARY_ROW_KEY.join(', ');
const KEY_ID = LIBRARY_ROW_KEY.indexOf('id');
const KEY_NAMES: ReadonlySet<string> = new Set(LIBRARY_ROW_KEY);

const toItem = (row: unknown): LibraryItem =>
  ROWS.read(row as Readonly<Record<string, unknown>>) as LibraryItem;

/**
 * Turns what the user typed into an FTS5 query: every word must match as a prefix
 * ("qui sh" finds "The Quiet Shelf"). Words are quoted, so FTS syntax in the input is inert.
 */
export function toFtsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 16);
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}

/** Positions in one sort: `ranks[id]` is the row's 1-based place, 0 = not listed. */
export interface SortRanks {
  ranks: Int32Array;
  order: readonly number[];
}

/** The ranks of `order` (listed ids, in the sort's ascending order). */
export function sortRanks(order: readonly number[]): SortRanks {
  let max = 0;
  for (const id of order) if (id > max) max = id;
  const ranks = new Int32Array(max + 1);
  order.forEach((id, index) => {
    ranks[id] = index + 1;
  });
  return { ranks, order };
}

/** The listed ones of `ids`, in the sort's order (or its reverse): unlisted ids are left out. */
export function inRankOrder(
  ids: readonly number[],
  { ranks, order }: SortRanks,
  descending: boolean,
): number[] {
  const places = new Int32Array(ids.length);
  let count = 0;
  for (const id of ids) {
    const rank = id < ranks.length ? (ranks[id] ?? 0) : 0;
    if (rank > 0) places[count++] = rank;
  }
  const sorted = places.subarray(0, count).sort();
  const result = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const rank = sorted[descending ? count - 1 - i : i] as number;
    result[i] = order[rank - 1] as number;
  }
  return result;
}

interface Filters {
  where: string;
  params: Record<string, unknown>;
}

/**
 * The list filters as SQL over library_rows. Every column they name is in every index; the
 * pending filter reads the small partial index, by membership (`in`) or as its own condition
 * (`state`, when that index is the one walked).
 */
function filtersOf(input: ListInput, pending: 'in' | 'state' = 'in'): Filters {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (input.kind) {
    where.push('kind = @kind');
    params.kind = input.kind;
  }
  if (input.creator) {
    // Accents and case aside, as the creator sort files them.
    where.push('instr(creator_key, shelf_sort_key(@creator, 0)) > 0');
    params.creator = input.creator;
  }
  if (input.tag) {
    where.push(
      'id IN (SELECT c.id FROM item_tags t JOIN contents c ON c.content_id = t.content_id WHERE t.tag = @tag)',
    );
    params.tag = input.tag;
  }
  if (input.state === 'downloaded') where.push('downloaded = 1');
  if (input.state === 'not_downloaded') where.push('downloaded = 0');
  if (input.state === 'return_pending') {
    where.push(
      pending === 'state'
        ? `state = 'return_pending'`
        : `id IN (SELECT id FROM library_rows WHERE state = 'return_pending')`,
    );
  }
  return { where: where.length ? where.join(' AND ') : '1', params };
}

export interface LibraryQueryOptions {
  /**
   * The fewest matches for which a search rebuilds a stale sort ranking (below, the SQL sorts
   * them). Tests set it to 0 or Infinity to compare the two paths.
   */
  ranksFromMatches?: number;
  /** Told each time a sort's ranking is (re)built: tests check what keeps it. */
  onRanked?: (sort: ListInput['sort']) => void;
}

export function libraryQueries(db: Database, options: LibraryQueryOptions = {}) {
  const statements = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  // What a list keeps depends on membership and on the sort, filter and search columns: a
  // write of anything else (a cover, a return's error) keeps it.
  const writes = libraryWrites(db, [
    ...LIBRARY_ROW_KEY,
    ...Object.values(ORDER).flatMap((sort) => sort.columns),
    'title',
    'creator',
    'tags',
    'state',
  ]);
  // The virtual list asks for many pages with the same filters: a total or a search's sorted ids
  // are kept until the store next changes (the last few only: a search can be 100,000 ids).
  const MEMO_ENTRIES = 8;
  let memo = new Map<string, unknown>();
  let memoAt = -1;
  // A list asked ahead (`keep` false: the type-ahead's) reads what is kept but keeps nothing,
  // so its dozens of queries never push out the pages of the search on screen (nor the sort's
  // ranking, ranksOf).
  const remembered = <T>(key: string, compute: () => T, keep = true): T => {
    const now = writes.version();
    if (now !== memoAt) {
      memo = new Map();
      memoAt = now;
    }
    if (memo.has(key)) return memo.get(key) as T;
    const value = compute();
    if (!keep) return value;
    if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
    memo.set(key, value);
    return value;
  };

  const kindCounts = db.prepare<[], { kind: ContentKind; total: number; downloaded: number }>(
    'SELECT kind, total, downloaded FROM library_counts WHERE total > 0',
  );
  const pending = db
    .prepare<[], number>(`SELECT count(*) FROM library_rows WHERE state = 'return_pending'`)
    .pluck();
  // A page of search results: the ids, in order, as a JSON array; the rows come back in it.
  const rowsByKeys = db.prepare<[string], unknown>(
    `SELECT ${ITEM_COLUMNS} FROM json_each(?) j
       CROSS JOIN library_rows r ON ${keyEquals((_, i) => `j.value ->> ${i}`)}
      ORDER BY j.key`,
  );
  const rowsByIds = db.prepare<[string], unknown>(
    `SELECT ${ITEM_COLUMNS} FROM json_each(?) j
       CROSS JOIN library_rows r INDEXED BY library_rows_id ON r.id = j.value
      ORDER BY j.key`,
  );

  /** Matching items without reading a row: the kept per-kind counts, or a count of an index. */
  const total = (input: ListInput, filters: Filters, keep: boolean): number =>
    remembered(
      `total ${filters.where} ${JSON.stringify(filters.params)}`,
      () => {
        // The kept per-kind counts know nothing of pending returns, creators or tags.
        if (input.state === 'return_pending' || input.creator || input.tag) {
          return prepared(`SELECT count(*) FROM library_rows WHERE ${filters.where}`)
            .pluck()
            .get(filters.params) as number;
        }
        let sum = 0;
        for (const row of kindCounts.all()) {
          if (input.kind && row.kind !== input.kind) continue;
          if (input.state === 'downloaded') sum += row.downloaded;
          else if (input.state === 'not_downloaded') sum += row.total - row.downloaded;
          else sum += row.total;
        }
        return sum;
      },
      keep,
    );

  const ftsMatches = db
    .prepare<[string], number>('SELECT rowid FROM contents_fts WHERE contents_fts MATCH ?')
    .pluck();
  /** A filtered search's matches, unordered: the filters read `library_rows_id` (and rows). */
  const filteredMatches = (fts: string, filters: Filters): number[] =>
    prepared(
      `SELECT id FROM library_rows INDEXED BY library_rows_id
        WHERE id IN (SELECT rowid FROM contents_fts WHERE contents_fts MATCH @fts)
          AND ${filters.where}`,
    )
      .pluck()
      .all({ ...filters.params, fts }) as number[];
  // Every listed item's place in one sort, kept until the store next changes (the last sort
  // only: typing a search happens in one sort). Sorting a search's matches with it costs no
  // database read per match: the SQL sort looks up every match in library_rows_id, which for a
  // broad prefix (thousands of matches) was the search's p95 (bench/findings.md, third session).
  // Building it walks a whole sort index (tens of ms at 100,000 items), so a stale one is rebuilt
  // only for a broad search, where the SQL sort would cost about as much.
  // Since store migration 12 `library_rows_id` holds the row id and the clustered key only: the
  // SQL sort by any other column reads each match's row, so those sorts rank from fewer matches.
  const ranksFromMatches = (sort: ListInput['sort']): number =>
    options.ranksFromMatches ??
    (ORDER[sort].columns.every((column) => KEY_NAMES.has(column)) ? 2000 : 200);
  // Beside the ranks, each row's clustered key, by place: a page of ranked ids is then read by
  // that key, without a lookup in library_rows_id per row first (about 18% of a page's read).
  let ranked: {
    at: number;
    sort: ListInput['sort'];
    ranks: SortRanks;
    keys: readonly unknown[][];
  } | null = null;
  const ranksOf = (sort: ListInput['sort'], matches: number, keep: boolean): SortRanks | null => {
    const at = writes.version();
    if (ranked && ranked.at === at && ranked.sort === sort) return ranked.ranks;
    if (matches < ranksFromMatches(sort)) return null;
    // A list asked ahead never puts out the current ranking of another sort (the page's): it is
    // sorted by SQL instead. Where none is current it builds its sort's, which is the same for
    // the page's next search, one per sort and library version, not one per query.
    if (!keep && ranked && ranked.at === at) return null;
    const { index, columns } = ORDER[sort];
    const keys = prepared(
      `SELECT ${KEY_COLUMNS} FROM library_rows INDEXED BY ${index} ORDER BY ${columns.join(', ')}`,
    )
      .raw()
      .all() as unknown[][];
    ranked = { at, sort, ranks: sortRanks(keys.map((key) => key[KEY_ID] as number)), keys };
    options.onRanked?.(sort);
    return ranked.ranks;
  };
  /** The page's rows by their clustered keys, when a current ranking knows them all. */
  const rowsOfPage = (page: readonly number[]): unknown[] => {
    if (page.length === 0) return [];
    const current = ranked && ranked.at === writes.version() ? ranked : null;
    const keys = current ? page.map((id) => current.keys[(current.ranks.ranks[id] ?? 0) - 1]) : [];
    if (current && keys.every((key) => key !== undefined)) {
      return rowsByKeys.all(JSON.stringify(keys));
    }
    return rowsByIds.all(JSON.stringify(page));
  };

  /**
   * Every match of a search, sorted, as ids. When the sort's ranks are at hand: the FTS index's
   * matches (those the filters keep) put in order by them (the same order as the SQL: ranks are
   * positions in that ORDER BY, and a descending sort is its exact reverse since the last column
   * is the unique id). Otherwise SQL sorts them.
   */
  const searchIds = (
    fts: string,
    filters: Filters,
    order: string,
    sort: ListInput['sort'],
    descending: boolean,
    keep = true,
  ): number[] =>
    remembered(
      `search ${fts} ${filters.where} ${JSON.stringify(filters.params)} ${order}`,
      () => {
        const matches = filters.where === '1' ? ftsMatches.all(fts) : filteredMatches(fts, filters);
        const ranks = ranksOf(sort, matches.length, keep);
        if (ranks) return inRankOrder(matches, ranks, descending);
        return prepared(
          `SELECT id FROM library_rows INDEXED BY library_rows_id
          WHERE id IN (SELECT rowid FROM contents_fts WHERE contents_fts MATCH @fts)
            AND ${filters.where}
          ORDER BY ${order}`,
        )
          .pluck()
          .all({ ...filters.params, fts }) as number[];
      },
      keep,
    );

  return {
    ...libraryTerms(db),

    /** A count of the library's writes: a reader across turns sees whether one came between. */
    version: (): number => writes.version(),

    /** `keep` false: asked ahead, so nothing it reads is kept for the pages after it. */
    list(input: ListInput, keep = true): LibraryPage {
      const fts = input.query ? toFtsQuery(input.query) : null;
      if (input.query && !fts) return { items: [], total: 0 };
      // A few returns are pending at most: walking their partial index and sorting beats
      // walking a whole sort index for them.
      const pendingOnly = !fts && input.state === 'return_pending';
      const filters = filtersOf(input, pendingOnly ? 'state' : 'in');
      const direction = input.direction === 'desc' ? 'DESC' : 'ASC';
      const sort = ORDER[input.sort];
      const orderOf = (prefix: string) =>
        sort.columns.map((column) => `${prefix}${column} ${direction}`).join(', ');
      const order = orderOf('');
      if (fts) {
        // Ids first, then only the page's rows: sorting the matches needs no row at all.
        const ids = searchIds(fts, filters, order, input.sort, direction === 'DESC', keep);
        const page = ids.slice(input.offset, input.offset + input.limit);
        const rows = rowsOfPage(page);
        return { items: rows.map(toItem), total: ids.length };
      }
      // Deferred join: page through the sort's narrow index alone, then read one page of rows
      // by their clustered key (for the title sort, consecutive pages of the table).
      // CROSS JOIN pins the join order (SQLite never reorders it): without it the planner may
      // scan the whole table to satisfy the outer ORDER BY.
      const rows = prepared(
        `SELECT ${ITEM_COLUMNS}
           FROM (SELECT ${KEY_COLUMNS} FROM library_rows
                   INDEXED BY ${pendingOnly ? 'library_rows_pending' : sort.index}
                  WHERE ${filters.where} ORDER BY ${order} LIMIT @limit OFFSET @offset) p
           CROSS JOIN library_rows r ON ${KEY_JOIN}
          ORDER BY ${orderOf('r.')}`,
      ).all({ ...filters.params, limit: input.limit, offset: input.offset });
      return { items: rows.map(toItem), total: total(input, filters, keep) };
    },

    /** The content ids of every match, in the list's order (a select-all). */
    ids(input: Omit<ListInput, 'offset' | 'limit'>): string[] {
      const full = { ...input, offset: 0, limit: 1 };
      const fts = input.query ? toFtsQuery(input.query) : null;
      if (input.query && !fts) return [];
      const filters = filtersOf(full);
      const direction = input.direction === 'desc' ? 'DESC' : 'ASC';
      const sort = ORDER[input.sort];
      const order = sort.columns.map((column) => `${column} ${direction}`).join(', ');
      if (fts) {
        const ids = searchIds(fts, filters, order, input.sort, direction === 'DESC');
        return ids.length
          ? (prepared(
              `SELECT r.content_id FROM json_each(?) j
                 CROSS JOIN library_rows r INDEXED BY library_rows_id ON r.id = j.value
                ORDER BY j.key`,
            )
              .pluck()
              .all(JSON.stringify(ids)) as string[])
          : [];
      }
      return prepared(
        `SELECT content_id FROM library_rows INDEXED BY ${sort.index}
          WHERE ${filters.where} ORDER BY ${order}`,
      )
        .pluck()
        .all(filters.params) as string[];
    },

    /** The items named, in the default order (for an export). */
    itemsById(contentIds: readonly string[]): LibraryItem[] {
      return prepared(
        `SELECT ${ITEM_COLUMNS} FROM library_rows r
          WHERE r.content_id IN (SELECT value FROM json_each(?))
          ORDER BY ${ORDER.title.columns.map((column) => `r.${column}`).join(', ')}`,
      )
        .all(JSON.stringify(contentIds))
        .map(toItem);
    },

    item(contentId: string): LibraryItem | undefined {
      const row = prepared(
        `SELECT ${ROWS.sourceSelectList}
           FROM contents c JOIN licenses l ON l.content_id = c.content_id
          WHERE c.content_id = ?`,
      ).get(contentId);
      return row ? toItem(row) : undefined;
    },

    counts(): LibraryCounts {
      const counts: LibraryCounts = {
        total: 0,
        downloaded: 0,
        returnPending: pending.get() ?? 0,
        byKind: {},
      };
      for (const row of kindCounts.all()) {
        counts.total += row.total;
        counts.downloaded += row.downloaded;
        counts.byKind[row.kind] = row.total;
      }
      return counts;
    },
  };
}

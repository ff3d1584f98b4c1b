import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import type { ContentKind } from '../../../shared/api/common';
import type { ErrorCode } from '../../../shared/errors';
import type {
  LibraryCounts,
  LibraryItem,
  libraryListInputSchema,
  LibraryPage,
} from '../../../shared/ipc/library';

type ListInput = z.infer<typeof libraryListInputSchema>;

interface ItemRow extends Omit<LibraryItem, 'downloaded' | 'lastReturnError'> {
  downloaded: 0 | 1;
  lastErrorCode: ErrorCode | null;
  lastErrorMessage: string | null;
}

/**
 * Sort orders, each exactly the column order of one index on library_rows (schema.ts, migration
 * 4) ending in the row id, so the order is total (pages never overlap or skip) and needs no sort
 * step. `library_rows_id` holds every one of these columns, so a search sorts without rows.
 */
const ORDER: Record<ListInput['sort'], { index: string; columns: string[] }> = {
  title: { index: 'library_rows_title', columns: ['title', 'kind', 'downloaded', 'id'] },
  creator: {
    index: 'library_rows_creator',
    columns: ['creator COLLATE NOCASE', 'kind', 'downloaded', 'id'],
  },
  addedAt: { index: 'library_rows_added', columns: ['added_at', 'kind', 'downloaded', 'id'] },
  kind: { index: 'library_rows_kind', columns: ['kind', 'title', 'downloaded', 'id'] },
};

const ITEM_COLUMNS = `r.content_id AS contentId, r.product_id AS productId, r.license_id AS licenseId,
  r.title, r.creator, r.kind, r.version, r.latest_version AS latestVersion, r.mime, r.size,
  r.added_at AS addedAt, r.downloaded, r.state,
  r.last_error_code AS lastErrorCode, r.last_error_message AS lastErrorMessage`;

/** The clustered key of library_rows: how a page of ids finds its rows. */
const KEY_JOIN =
  'r.title = p.title AND r.kind = p.kind AND r.downloaded = p.downloaded AND r.id = p.id';

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

export function libraryQueries(db: Database) {
  const statements = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const changes = db.prepare<[], number>('SELECT total_changes()').pluck();
  // The virtual list asks for many pages with the same filters: a total or a search's sorted ids
  // are kept until the store next changes (the last few only: a search can be 100,000 ids).
  const MEMO_ENTRIES = 8;
  let memo = new Map<string, unknown>();
  let memoAt = -1;
  const remembered = <T>(key: string, compute: () => T): T => {
    const now = changes.get() ?? 0;
    if (now !== memoAt) {
      memo = new Map();
      memoAt = now;
    }
    if (memo.has(key)) return memo.get(key) as T;
    const value = compute();
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
  const rowsByIds = db.prepare<[string], ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM json_each(?) j
       CROSS JOIN library_rows r INDEXED BY library_rows_id ON r.id = j.value
      ORDER BY j.key`,
  );

  /** Matching items without reading a row: the kept per-kind counts, or a count of an index. */
  const total = (input: ListInput, filters: Filters): number =>
    remembered(`total ${filters.where} ${JSON.stringify(filters.params)}`, () => {
      if (input.state === 'return_pending') {
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
    });

  /** Every match of a search, sorted, as ids: read from the FTS index and one narrow index. */
  const searchIds = (fts: string, filters: Filters, order: string): number[] =>
    remembered(
      `search ${fts} ${filters.where} ${JSON.stringify(filters.params)} ${order}`,
      () =>
        prepared(
          `SELECT id FROM library_rows INDEXED BY library_rows_id
          WHERE id IN (SELECT rowid FROM contents_fts WHERE contents_fts MATCH @fts)
            AND ${filters.where}
          ORDER BY ${order}`,
        )
          .pluck()
          .all({ ...filters.params, fts }) as number[],
    );

  return {
    list(input: ListInput): LibraryPage {
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
        const ids = searchIds(fts, filters, order);
        const page = ids.slice(input.offset, input.offset + input.limit);
        const rows = page.length ? rowsByIds.all(JSON.stringify(page)) : [];
        return { items: rows.map(toItem), total: ids.length };
      }
      // Deferred join: page through the sort's narrow index alone, then read one page of rows
      // by their clustered key (for the title sort, consecutive pages of the table).
      // CROSS JOIN pins the join order (SQLite never reorders it): without it the planner may
      // scan the whole table to satisfy the outer ORDER BY.
      const rows = prepared(
        `SELECT ${ITEM_COLUMNS}
           FROM (SELECT title, kind, downloaded, id FROM library_rows
                   INDEXED BY ${pendingOnly ? 'library_rows_pending' : sort.index}
                  WHERE ${filters.where} ORDER BY ${order} LIMIT @limit OFFSET @offset) p
           CROSS JOIN library_rows r ON ${KEY_JOIN}
          ORDER BY ${orderOf('r.')}`,
      ).all({ ...filters.params, limit: input.limit, offset: input.offset }) as ItemRow[];
      return { items: rows.map(toItem), total: total(input, filters) };
    },

    item(contentId: string): LibraryItem | undefined {
      const row = prepared(
        `SELECT c.content_id AS contentId, c.product_id AS productId, l.license_id AS licenseId,
           c.title, c.creator, c.kind, c.version, c.latest_version AS latestVersion, c.mime,
           c.size, c.added_at AS addedAt, c.downloaded, l.state,
           l.last_error_code AS lastErrorCode, l.last_error_message AS lastErrorMessage
           FROM contents c JOIN licenses l ON l.content_id = c.content_id
          WHERE c.content_id = ?`,
      ).get(contentId) as ItemRow | undefined;
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

function toItem(row: ItemRow): LibraryItem {
  const { lastErrorCode, lastErrorMessage, downloaded, ...rest } = row;
  return {
    ...rest,
    downloaded: downloaded === 1,
    lastReturnError: lastErrorCode
      ? { code: lastErrorCode, message: lastErrorMessage ?? '' }
      : null,
  };
}

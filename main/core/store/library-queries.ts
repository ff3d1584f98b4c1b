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
 * Sort orders, each exactly the column order of one covering index in schema.ts (then the
 * rowid), so the order is total (pages never overlap or skip) and needs no sort step.
 */
const ORDER: Record<ListInput['sort'], string[]> = {
  title: ['c.title COLLATE NOCASE', 'c.kind', 'c.downloaded', 'c.id'],
  creator: ['c.creator COLLATE NOCASE', 'c.kind', 'c.downloaded', 'c.id'],
  addedAt: ['c.added_at', 'c.kind', 'c.downloaded', 'c.id'],
  kind: ['c.kind', 'c.title COLLATE NOCASE', 'c.downloaded', 'c.id'],
};

const ITEM_COLUMNS = `c.content_id AS contentId, c.product_id AS productId, l.license_id AS licenseId,
  c.title, c.creator, c.kind, c.version, c.latest_version AS latestVersion, c.mime, c.size,
  c.added_at AS addedAt, c.downloaded, l.state,
  l.last_error_code AS lastErrorCode, l.last_error_message AS lastErrorMessage`;

/** Rows of licenses in a state, by content rowid: a handful at most, so cheap to materialise. */
const IN_STATE = (state: string) =>
  `(SELECT c2.id FROM licenses l2 JOIN contents c2 ON c2.content_id = l2.content_id WHERE l2.state = '${state}')`;

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
  // The virtual list asks for many pages with the same filters: count once per store change.
  let totals = new Map<string, number>();
  let totalsAt = -1;

  const byKind = db.prepare<[], { kind: ContentKind; total: number; downloaded: number }>(
    `SELECT kind, count(*) AS total, sum(downloaded) AS downloaded FROM contents
      WHERE id NOT IN ${IN_STATE('confirmed')} GROUP BY kind`,
  );
  const pending = db
    .prepare<[], number>(`SELECT count(*) FROM licenses WHERE state = 'return_pending'`)
    .pluck();

  const BASE_WHERE = `c.id NOT IN ${IN_STATE('confirmed')}`;
  const filtersOf = (input: ListInput) => {
    const where: string[] = [BASE_WHERE];
    const params: Record<string, unknown> = {};
    if (input.kind) {
      where.push('c.kind = @kind');
      params.kind = input.kind;
    }
    if (input.state === 'downloaded') where.push('c.downloaded = 1');
    if (input.state === 'not_downloaded') where.push('c.downloaded = 0');
    if (input.state === 'return_pending') where.push(`c.id IN ${IN_STATE('return_pending')}`);
    const fts = input.query ? toFtsQuery(input.query) : null;
    if (fts) {
      where.push('c.id IN (SELECT rowid FROM contents_fts WHERE contents_fts MATCH @fts)');
      params.fts = fts;
    }
    return { where: where.join(' AND '), params };
  };

  const total = (where: string, params: Record<string, unknown>): number => {
    const now = changes.get() ?? 0;
    if (now !== totalsAt) {
      totals = new Map();
      totalsAt = now;
    }
    const key = where + JSON.stringify(params);
    let value = totals.get(key);
    if (value === undefined) {
      // Unfiltered: the trigger-kept totals (schema.ts, migration 3), where the NOT IN filter
      // would scan a 100k-entry index. Same number: every confirmed license has exactly one
      // content row (foreign key, unique content_id).
      const sql =
        where === BASE_WHERE
          ? 'SELECT contents - confirmed FROM library_totals'
          : `SELECT count(*) FROM contents c WHERE ${where}`;
      value = prepared(sql).pluck().get(params) as number;
      totals.set(key, value);
    }
    return value;
  };

  return {
    list(input: ListInput): LibraryPage {
      if (input.query && !toFtsQuery(input.query)) return { items: [], total: 0 };
      const { where, params } = filtersOf(input);
      const direction = input.direction === 'desc' ? 'DESC' : 'ASC';
      const order = ORDER[input.sort].map((column) => `${column} ${direction}`).join(', ');
      // Deferred join: page through the sort index by rowid alone, then read one page of rows.
      // CROSS JOIN pins the join order (SQLite never reorders it): without it the planner may
      // scan the whole title index to satisfy the outer ORDER BY.
      // A search sorts all its matches anyway, so it counts them in the same pass (a window over
      // the whole result, computed before LIMIT) instead of matching and scanning again for the
      // total: 4.8 → 0.3 ms median at 100,000 items (bench/results.md).
      // INDEXED BY: the planner prefers the unique content_id index, which then reads the license
      // row (mostly its signed document) for three small columns the covering index holds.
      const search = params.fts !== undefined;
      const rows = prepared(
        `SELECT ${ITEM_COLUMNS}${search ? ', page.matches' : ''}
           FROM (SELECT c.id${search ? ', count(*) OVER () AS matches' : ''} FROM contents c
                  WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset) page
           CROSS JOIN contents c ON c.id = page.id
           CROSS JOIN licenses l INDEXED BY licenses_library ON l.content_id = c.content_id
          ORDER BY ${order}`,
      ).all({ ...params, limit: input.limit, offset: input.offset }) as Array<
        ItemRow & { matches?: number }
      >;
      const counted = rows[0]?.matches;
      return {
        items: rows.map(({ matches: _matches, ...row }) => toItem(row)),
        total: counted ?? total(where, params),
      };
    },

    item(contentId: string): LibraryItem | undefined {
      const row = prepared(
        `SELECT ${ITEM_COLUMNS} FROM contents c JOIN licenses l ON l.content_id = c.content_id
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
      for (const row of byKind.all()) {
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

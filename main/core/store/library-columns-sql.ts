import type { LibraryColumnName, LibrarySortKey } from '../../../shared/ipc/library-columns';
import type { LibraryItem } from '../../../shared/ipc/library';

/** One column of `library_rows`, and where its value comes from when a row is (re)built. */
export interface StoredColumn {
  readonly name: string;
  readonly from: 'contents' | 'licenses';
  /** The column of `from` that the value is copied from. */
  readonly source: string;
  /** SQL type and constraints, as in CREATE TABLE. */
  readonly type: string;
}

/** How the core stores, reads and sorts one library column. */
export interface ColumnSql<V> {
  /** Usually one stored column; a value built from several lists them all. */
  readonly stored: readonly [StoredColumn, ...StoredColumn[]];
  /** From the stored columns (by name) to the item's value; the first column as is by default. */
  readonly read?: (row: Readonly<Record<string, unknown>>) => V;
  /**
   * For a sortable column, the sort: its index's columns, the sort key first, ending in the row
   * id so the order is total, with the filter columns (kind, downloaded) so filters read the
   * index alone. The index is `library_rows_<first stored column>`.
   */
  readonly sort?: readonly string[];
}

export type LibraryColumnsSql = {
  readonly [K in LibraryColumnName]: ColumnSql<LibraryItem[K]> &
    (K extends LibrarySortKey ? { readonly sort: readonly string[] } : { readonly sort?: never });
};

const content = (source: string, type: string, name = source): StoredColumn => ({
  name,
  from: 'contents',
  source,
  type,
});
const license = (source: string, type: string, name = source): StoredColumn => ({
  name,
  from: 'licenses',
  source,
  type,
});

/** The row's id: the content's rowid, which the FTS index and the search's page refer to. */
export const LIBRARY_ROW_ID = content('id', 'INTEGER NOT NULL');
/**
 * The clustered key of library_rows, the title's sort key first: the default sort reads
 * consecutive pages. Its columns are also the filters' (kind, downloaded), so every index holds
 * them.
 */
export const LIBRARY_ROW_KEY = ['title_key', 'kind', 'downloaded', 'id'] as const;

/** A sort by `column`, then by title as the default sort files it, then the row id. */
const thenTitle = (column: string) => [column, 'title_key', 'kind', 'downloaded', 'id'];

/** The SQL half of shared/ipc/library-columns.ts, keyed by the same names. */
export const LIBRARY_COLUMNS_SQL: LibraryColumnsSql = {
  contentId: { stored: [content('content_id', 'TEXT NOT NULL')] },
  productId: { stored: [content('product_id', 'TEXT NOT NULL')] },
  licenseId: { stored: [license('license_id', 'TEXT NOT NULL')] },
  // Natural, accent- and article-aware order through generated sort keys (sort-key.ts).
  title: {
    stored: [
      content('title', 'TEXT NOT NULL COLLATE NOCASE'),
      content('title_key', 'TEXT NOT NULL'),
    ],
    sort: ['title_key', 'kind', 'downloaded', 'id'],
  },
  creator: {
    stored: [content('creator', 'TEXT NOT NULL'), content('creator_key', 'TEXT NOT NULL')],
    sort: thenTitle('creator_key'),
  },
  addedAt: {
    stored: [content('added_at', 'TEXT NOT NULL')],
    sort: thenTitle('added_at'),
  },
  kind: {
    stored: [content('kind', 'TEXT NOT NULL')],
    sort: ['kind', 'title_key', 'downloaded', 'id'],
  },
  version: { stored: [content('version', 'INTEGER NOT NULL')], sort: thenTitle('version') },
  issuedAt: { stored: [license('issued_at', 'TEXT NOT NULL')], sort: thenTitle('issued_at') },
  priceCents: {
    stored: [content('price_cents', 'INTEGER NOT NULL')],
    sort: thenTitle('price_cents'),
  },
  returnDeadline: {
    stored: [license('return_deadline', 'TEXT')],
    sort: thenTitle('return_deadline'),
  },
  latestVersion: { stored: [content('latest_version', 'INTEGER NOT NULL')] },
  mime: { stored: [content('mime', 'TEXT NOT NULL')] },
  size: { stored: [content('size', 'INTEGER NOT NULL')], sort: thenTitle('size') },
  downloaded: {
    stored: [content('downloaded', 'INTEGER NOT NULL')],
    read: (row) => row.downloaded === 1,
    sort: ['downloaded', 'title_key', 'kind', 'id'],
  },
  state: { stored: [license('state', 'TEXT NOT NULL')], sort: thenTitle('state') },
  hasCover: {
    stored: [content('has_cover', 'INTEGER NOT NULL')],
    read: (row) => row.has_cover === 1,
  },
  tags: {
    stored: [content('tags', 'TEXT NOT NULL')],
    // Most items have no tag: no parse for those.
    read: (row) => (row.tags === '[]' ? [] : (JSON.parse(row.tags as string) as string[])),
  },
  lastReturnError: {
    stored: [license('last_error_code', 'TEXT'), license('last_error_message', 'TEXT')],
    read: (row) =>
      row.last_error_code
        ? {
            code: row.last_error_code as NonNullable<LibraryItem['lastReturnError']>['code'],
            message: (row.last_error_message as string | null) ?? '',
          }
        : null,
  },
};

/**
 * The library's columns without their zod schemas, so the renderer's first chunk (the library
 * screen) reads labels, widths and sorts without evaluating zod (bench/findings.md, first paint).
 * library-columns.ts builds the item contract from these names and re-exports all of this.
 */

/** What a column's value is, so a view can format it (a size in bytes, a date, a kind's name). */
export type LibraryValueKind =
  | 'id'
  | 'text'
  | 'integer'
  | 'bytes'
  | 'date'
  | 'money'
  | 'boolean'
  | 'kind'
  | 'state'
  | 'error'
  | 'tags';

/** One column of the library list, as the contract and the renderer see it. */
export interface LibraryColumn {
  readonly label: string;
  readonly value: LibraryValueKind;
  /** Offered as a sort of the list: the core keeps an index for each sortable column. */
  readonly sortable: boolean;
  /** Whether the user sees it (ids travel for actions only). */
  readonly shown: boolean;
  readonly align: 'start' | 'end';
  /** A table view's width hint: 'grow' shares the free space, a number is a width in `ch`. */
  readonly width: 'grow' | number;
}

/**
 * The library list's columns, declared once. The item contract (`libraryItemSchema`, each
 * column's schema in library-columns.ts keyed by these names), the sort whitelist and the UI's
 * labels come from here; the core's SQL for each column
 * (main/core/store/library-columns-sql.ts) is keyed by the same names, so the compiler points at
 * it when a column is added. The order is the toolbar's order of sorts.
 */
export const LIBRARY_COLUMNS = {
  contentId: {
    label: 'Content',
    value: 'id',
    sortable: false,
    shown: false,
    align: 'start',
    width: 36,
  },
  productId: {
    label: 'Product',
    value: 'id',
    sortable: false,
    shown: false,
    align: 'start',
    width: 36,
  },
  licenseId: {
    label: 'License',
    value: 'id',
    sortable: false,
    shown: false,
    align: 'start',
    width: 36,
  },
  title: {
    label: 'Title',
    value: 'text',
    sortable: true,
    shown: true,
    align: 'start',
    width: 'grow',
  },
  creator: {
    label: 'Creator',
    value: 'text',
    sortable: true,
    shown: true,
    align: 'start',
    width: 24,
  },
  addedAt: {
    label: 'Date added',
    value: 'date',
    sortable: true,
    shown: true,
    align: 'end',
    width: 14,
  },
  kind: {
    label: 'Kind',
    value: 'kind',
    sortable: true,
    shown: true,
    align: 'start',
    width: 10,
  },
  version: {
    label: 'Version',
    value: 'integer',
    sortable: true,
    shown: true,
    align: 'end',
    width: 8,
  },
  /** When the license was issued: the purchase (or the upgrade that granted it). */
  issuedAt: {
    label: 'Purchased',
    value: 'date',
    sortable: true,
    shown: true,
    align: 'end',
    width: 14,
  },
  /** The content's price when the license came (the store keeps no split into money and points). */
  priceCents: {
    label: 'Price',
    value: 'money',
    sortable: true,
    shown: true,
    align: 'end',
    width: 10,
  },
  /** End of the return window; null = none. */
  returnDeadline: {
    label: 'Return deadline',
    value: 'date',
    sortable: true,
    shown: true,
    align: 'end',
    width: 14,
  },
  latestVersion: {
    label: 'Latest version',
    value: 'integer',
    sortable: false,
    shown: false,
    align: 'end',
    width: 8,
  },
  mime: {
    label: 'Type',
    value: 'text',
    sortable: false,
    shown: false,
    align: 'start',
    width: 16,
  },
  size: {
    label: 'Size',
    value: 'bytes',
    sortable: true,
    shown: true,
    align: 'end',
    width: 9,
  },
  downloaded: {
    label: 'On this device',
    value: 'boolean',
    sortable: true,
    shown: true,
    align: 'start',
    width: 8,
  },
  state: {
    label: 'State',
    value: 'state',
    sortable: true,
    shown: true,
    align: 'start',
    width: 14,
  },
  /** A cover is kept for the item (taken from the content at download): `library.cover`. */
  hasCover: {
    label: 'Cover',
    value: 'boolean',
    sortable: false,
    shown: false,
    align: 'start',
    width: 6,
  },
  /** The user's own tags, sorted (docs/design.md §12.2). */
  tags: {
    label: 'Tags',
    value: 'tags',
    sortable: false,
    shown: true,
    align: 'start',
    width: 18,
  },
  /** Why the last return attempt was refused, kept for the UI until the next attempt. */
  lastReturnError: {
    label: 'Last return error',
    value: 'error',
    sortable: false,
    shown: false,
    align: 'start',
    width: 'grow',
  },
} as const satisfies Record<string, LibraryColumn>;

type Columns = typeof LIBRARY_COLUMNS;
export type LibraryColumnName = keyof Columns;
/** The columns the list can be sorted by. */
export type LibrarySortKey = {
  [K in LibraryColumnName]: Columns[K]['sortable'] extends true ? K : never;
}[LibraryColumnName];

export const LIBRARY_COLUMN_NAMES = Object.keys(LIBRARY_COLUMNS) as LibraryColumnName[];

export const LIBRARY_SORT_KEYS = LIBRARY_COLUMN_NAMES.filter(
  (name): name is LibrarySortKey => LIBRARY_COLUMNS[name].sortable,
) as [LibrarySortKey, ...LibrarySortKey[]];

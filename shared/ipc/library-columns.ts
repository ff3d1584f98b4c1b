import * as z from 'zod';
import { centsSchema, contentKindSchema, idSchema, isoDateTimeSchema } from '../api/common';
import { errorCodeSchema } from '../errors';
import { localLicenseStateSchema } from './local-license-state';
import { tagSchema } from './tag';

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
  /** The value's contract: the item schema is built from these. */
  readonly schema: z.ZodType;
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
 * The library list's columns, declared once. The item contract (`libraryItemSchema`), the sort
 * whitelist and the UI's labels come from here; the core's SQL for each column
 * (main/core/store/library-columns-sql.ts) is keyed by the same names, so the compiler points at
 * it when a column is added. The order is the toolbar's order of sorts.
 */
export const LIBRARY_COLUMNS = {
  contentId: {
    schema: idSchema,
    label: 'Content',
    value: 'id',
    sortable: false,
    shown: false,
    align: 'start',
    width: 36,
  },
  productId: {
    schema: idSchema,
    label: 'Product',
    value: 'id',
    sortable: false,
    shown: false,
    align: 'start',
    width: 36,
  },
  licenseId: {
    schema: idSchema,
    label: 'License',
    value: 'id',
    sortable: false,
    shown: false,
    align: 'start',
    width: 36,
  },
  title: {
    schema: z.string(),
    label: 'Title',
    value: 'text',
    sortable: true,
    shown: true,
    align: 'start',
    width: 'grow',
  },
  creator: {
    schema: z.string(),
    label: 'Creator',
    value: 'text',
    sortable: true,
    shown: true,
    align: 'start',
    width: 24,
  },
  addedAt: {
    schema: isoDateTimeSchema,
    label: 'Date added',
    value: 'date',
    sortable: true,
    shown: true,
    align: 'end',
    width: 14,
  },
  kind: {
    schema: contentKindSchema,
    label: 'Kind',
    value: 'kind',
    sortable: true,
    shown: true,
    align: 'start',
    width: 10,
  },
  version: {
    schema: z.number().int().min(1),
    label: 'Version',
    value: 'integer',
    sortable: true,
    shown: true,
    align: 'end',
    width: 8,
  },
  /** When the license was issued: the purchase (or the upgrade that granted it). */
  issuedAt: {
    schema: isoDateTimeSchema,
    label: 'Purchased',
    value: 'date',
    sortable: true,
    shown: true,
    align: 'end',
    width: 14,
  },
  /** The content's price when the license came (the store keeps no split into money and points). */
  priceCents: {
    schema: centsSchema,
    label: 'Price',
    value: 'money',
    sortable: true,
    shown: true,
    align: 'end',
    width: 10,
  },
  /** End of the return window; null = none. */
  returnDeadline: {
    schema: isoDateTimeSchema.nullable(),
    label: 'Return deadline',
    value: 'date',
    sortable: true,
    shown: true,
    align: 'end',
    width: 14,
  },
  latestVersion: {
    schema: z.number().int().min(1),
    label: 'Latest version',
    value: 'integer',
    sortable: false,
    shown: false,
    align: 'end',
    width: 8,
  },
  mime: {
    schema: z.string(),
    label: 'Type',
    value: 'text',
    sortable: false,
    shown: false,
    align: 'start',
    width: 16,
  },
  size: {
    schema: z.number().int().nonnegative(),
    label: 'Size',
    value: 'bytes',
    sortable: true,
    shown: true,
    align: 'end',
    width: 9,
  },
  downloaded: {
    schema: z.boolean(),
    label: 'On this device',
    value: 'boolean',
    sortable: true,
    shown: true,
    align: 'start',
    width: 8,
  },
  state: {
    schema: localLicenseStateSchema,
    label: 'State',
    value: 'state',
    sortable: true,
    shown: true,
    align: 'start',
    width: 14,
  },
  /** A cover is kept for the item (taken from the content at download): `library.cover`. */
  hasCover: {
    schema: z.boolean(),
    label: 'Cover',
    value: 'boolean',
    sortable: false,
    shown: false,
    align: 'start',
    width: 6,
  },
  /** The user's own tags, sorted (docs/design.md §12.2). */
  tags: {
    schema: z.array(tagSchema),
    label: 'Tags',
    value: 'tags',
    sortable: false,
    shown: true,
    align: 'start',
    width: 18,
  },
  /** Why the last return attempt was refused, kept for the UI until the next attempt. */
  lastReturnError: {
    schema: z.object({ code: errorCodeSchema, message: z.string() }).nullable(),
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

/** The item contract's shape: each column's schema under its name. */
export const libraryItemShape = Object.fromEntries(
  LIBRARY_COLUMN_NAMES.map((name) => [name, LIBRARY_COLUMNS[name].schema]),
) as { [K in LibraryColumnName]: Columns[K]['schema'] };

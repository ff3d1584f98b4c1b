import * as z from 'zod';
import { contentKindSchema, idSchema, isoDateTimeSchema, pointsSchema } from '../api/common';
import { ledgerItemSchema } from '../api/wallet';
import { LIBRARY_SORT_KEYS, libraryItemShape } from './library-columns';
import { tagSchema } from './tag';

/*
 * The library's list and the wallet's view, which the first screen asks (renderer lib/boot.ts):
 * apart from the rest of library.ts, which re-exports them, so the bridge worker's first-screen
 * schemas (first-screen-contract.ts) are built without the catalog's and the returns' schemas
 * (docs/design.md §7.5).
 */

/** One content of the library, by its id: what a card's cover, a download or an open asks by. */
export const contentRefSchema = z.object({ contentId: idSchema });

export const librarySortSchema = z.enum(LIBRARY_SORT_KEYS);

export const libraryStateFilterSchema = z.enum(['downloaded', 'not_downloaded', 'return_pending']);

/** A row of the library list: its columns are declared in library-columns.ts. */
export const libraryItemSchema = z.object(libraryItemShape);
export type LibraryItem = z.infer<typeof libraryItemSchema>;

/** The longest search query the list takes (the type-ahead asks at most this long, too). */
export const LIBRARY_QUERY_MAX = 200;

export const libraryListInputSchema = z.object({
  query: z.string().max(LIBRARY_QUERY_MAX).optional(),
  kind: contentKindSchema.optional(),
  state: libraryStateFilterSchema.optional(),
  /** Items whose creator contains this (case and accents aside): a `creator:` query. */
  creator: z.string().trim().min(1).max(200).optional(),
  /** Items carrying this tag: a `tag:` query or the tag filter. */
  tag: tagSchema.optional(),
  sort: librarySortSchema.default('title'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  offset: z.number().int().nonnegative().max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type LibraryListInput = z.input<typeof libraryListInputSchema>;

export const libraryPageSchema = z.object({
  items: z.array(libraryItemSchema),
  /** Number of items matching the filters (for the virtual list's height). */
  total: z.number().int().nonnegative(),
});
export type LibraryPage = z.infer<typeof libraryPageSchema>;

export const walletViewSchema = z.object({
  balance: pointsSchema,
  entries: z.array(
    z.object({
      id: idSchema,
      delta: z.number().int(),
      reason: z.string(),
      reference: idSchema.nullable(),
      /** The item bought or returned; null for grants. */
      item: ledgerItemSchema.nullable(),
      balanceAfter: pointsSchema,
      createdAt: isoDateTimeSchema,
    }),
  ),
  /** When the cached copy was last refreshed from the server; null = never. */
  asOf: isoDateTimeSchema.nullable(),
});
export type WalletView = z.infer<typeof walletViewSchema>;

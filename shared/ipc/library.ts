import * as z from 'zod';
import { contentKindSchema, idSchema, isoDateTimeSchema, pointsSchema } from '../api/common';
import { returnPolicySchema } from '../api/catalog';
import { returnKindSchema, returnRefusalSchema } from '../api/returns';
import { ledgerItemSchema } from '../api/wallet';
import { LIBRARY_SORT_KEYS, libraryItemShape } from './library-columns';
import { tagSchema } from './tag';

export { LIBRARY_BATCH_MAX } from './library-batch';

export { localLicenseStateSchema, type LocalLicenseState } from './local-license-state';

export const librarySortSchema = z.enum(LIBRARY_SORT_KEYS);

export const libraryStateFilterSchema = z.enum(['downloaded', 'not_downloaded', 'return_pending']);

/** A row of the library list: its columns are declared in library-columns.ts. */
export const libraryItemSchema = z.object(libraryItemShape);
export type LibraryItem = z.infer<typeof libraryItemSchema>;

export const libraryItemDetailSchema = libraryItemSchema.extend({
  description: z.string(),
  sha256: z.string(),
  purchaseId: idSchema,
  /** Whether the signed license verifies against the server's key right now. */
  licenseValid: z.boolean(),
  /**
   * Until when the offline lease lets this content open without the server; null when no lease
   * lists it yet (bought since the last sync) or any more (returned elsewhere).
   */
  offlineUntil: isoDateTimeSchema.nullable(),
  /**
   * The computer's clock is behind the time this device last confirmed (docs/design.md §7.4):
   * the content opens offline only after a sync or once the clock is set right.
   */
  offlineClockBehind: z.boolean(),
  pendingReturnKind: returnKindSchema.nullable(),
  /** The pending return's request has left (or is leaving): it can no longer be cancelled. */
  returnSending: z.boolean(),
  /** The return policy cached with the license; null = no returns. */
  returnPolicy: returnPolicySchema.nullable(),
  /** Why this item can't be returned at all (no returns, or the window closed); null = it may be. */
  cannotReturn: returnRefusalSchema.nullable(),
});
export type LibraryItemDetail = z.infer<typeof libraryItemDetailSchema>;

export const libraryListInputSchema = z.object({
  query: z.string().max(200).optional(),
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

export const libraryCountsSchema = z.object({
  total: z.number().int().nonnegative(),
  downloaded: z.number().int().nonnegative(),
  returnPending: z.number().int().nonnegative(),
  byKind: z.partialRecord(contentKindSchema, z.number().int().nonnegative()),
});
export type LibraryCounts = z.infer<typeof libraryCountsSchema>;

export const contentRefSchema = z.object({ contentId: idSchema });

/** A chapter mark read from an audio file (WAV cue points, ID3 `CHAP` frames). */
export const audioChapterSchema = z.object({
  title: z.string().min(1).max(200),
  /** Seconds from the start. */
  start: z.number().nonnegative(),
});
export type AudioChapter = z.infer<typeof audioChapterSchema>;

export const openedContentSchema = z.object({
  contentId: idSchema,
  title: z.string(),
  mime: z.string(),
  kind: contentKindSchema,
  /**
   * Where the viewer loads the decrypted bytes from: a `shelf://` URL in Electron, a bridge URL
   * in the browser host. Never a file on disk.
   */
  url: z.string(),
  /** An audio file's own chapter marks, in order; empty when it has none (or is not audio). */
  chapters: z.array(audioChapterSchema).max(500),
});
export type OpenedContent = z.infer<typeof openedContentSchema>;

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

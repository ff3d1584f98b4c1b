import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from './common';

/**
 * Places (docs/design.md §11.4): where the user is in an item — its **position** — and the
 * **bookmarks** they saved in it. A position is the viewer's own text, opaque to everything but
 * the viewer: an EPUB CFI, a PDF page and zoom (`3@1.25`), audio seconds (`42.5`).
 */
export const POSITION_MAX_CHARS = 1000;
export const LABEL_MAX_CHARS = 200;
export const positionTextSchema = z.string().min(1).max(POSITION_MAX_CHARS);
export const bookmarkLabelSchema = z.string().trim().min(1).max(LABEL_MAX_CHARS);

/** The position in one item, stamped by the device that moved it (last writer wins). */
export const positionSchema = z.object({
  contentId: idSchema,
  position: positionTextSchema,
  updatedAt: isoDateTimeSchema,
});
export type Position = z.infer<typeof positionSchema>;

/** A bookmark; `deleted` is its tombstone, so a deletion syncs like any other change. */
export const bookmarkSchema = z.object({
  bookmarkId: idSchema,
  contentId: idSchema,
  position: positionTextSchema,
  label: bookmarkLabelSchema,
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  deleted: z.boolean(),
});
export type Bookmark = z.infer<typeof bookmarkSchema>;

/** The most changes of each kind one request carries either way. */
export const PLACES_BATCH = 200;

/**
 * The body limit of a push: a full batch of both kinds with every text at its longest and every
 * character escaped in JSON (`\u0001`, 6 bytes), plus 1 KiB per change for ids and times.
 */
export const PLACES_PUSH_MAX_BYTES =
  PLACES_BATCH * (6 * POSITION_MAX_CHARS + 6 * (POSITION_MAX_CHARS + LABEL_MAX_CHARS) + 2 * 1024);

/** What a device sends: its changes since its last push. Each one is kept only if newer. */
export const placesPushSchema = z.object({
  positions: z.array(positionSchema).max(PLACES_BATCH),
  bookmarks: z.array(bookmarkSchema).max(PLACES_BATCH),
});
export type PlacesPush = z.infer<typeof placesPushSchema>;

export const placesPushResultSchema = z.object({
  /** Changes stored (newer than what the server held). */
  stored: z.number().int().nonnegative(),
  /** Changes ignored: older than the server's, or for an item the user no longer holds. */
  ignored: z.number().int().nonnegative(),
});
export type PlacesPushResult = z.infer<typeof placesPushResultSchema>;

export const placesQuerySchema = z.object({
  /** The `lastRev` of the previous page (0 for everything). */
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(PLACES_BATCH).optional(),
});
export type PlacesQuery = z.input<typeof placesQuerySchema>;

/** The user's places changed after a revision, oldest change first. */
export const placesPageSchema = z.object({
  positions: z.array(positionSchema),
  bookmarks: z.array(bookmarkSchema),
  /** The revision to pass as `after` next time. */
  lastRev: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type PlacesPage = z.infer<typeof placesPageSchema>;

import * as z from 'zod';
import { contentKindSchema, idSchema, isoDateTimeSchema } from '../api/common';
import { returnPolicySchema } from '../api/catalog';
import { returnKindSchema, returnRefusalSchema } from '../api/returns';
import { libraryItemSchema } from './library-list';

export { LIBRARY_BATCH_MAX } from './library-batch';

export * from './library-list';

export { localLicenseStateSchema, type LocalLicenseState } from './local-license-state';

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

export const libraryCountsSchema = z.object({
  total: z.number().int().nonnegative(),
  downloaded: z.number().int().nonnegative(),
  returnPending: z.number().int().nonnegative(),
  byKind: z.partialRecord(contentKindSchema, z.number().int().nonnegative()),
});
export type LibraryCounts = z.infer<typeof libraryCountsSchema>;

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

import * as z from 'zod';
import { idSchema, isoDateTimeSchema, pointsSchema, userSchema } from '../api/common';
import { errorCodeSchema, fieldIssueSchema } from '../errors';
import { serverUrlSchema } from '../server-address';
import {
  contentRefSchema,
  libraryListInputSchema,
  libraryPageSchema,
  walletViewSchema,
} from './library-list';
import { libraryPrefetchInputSchema, libraryPrefetchSchema } from './library-prefetch';
import { libraryViewSchema } from './library-view';
import { syncStatusSchema } from './sync';
import { savedSearchSchema, tagCountSchema } from './tags';

/**
 * The part of the IPC contract the first screen asks (renderer lib/boot.ts: account, settings,
 * the header's sync status and balance, the library's first page, tags and saved searches), the
 * search box's type-ahead, and the result envelope. contract.ts takes these channels and schemas
 * from here, so they are declared once. The browser host's bridge worker builds this module
 * first and validates the boot's answers with it, the rest of the contract after
 * (bridge-schemas-first.ts, docs/design.md §7.5): this module's imports are kept to what these
 * channels need.
 */

export const none = z.object({}).strict();

export const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({
  input,
  output,
});

export const themeSchema = z.enum(['system', 'light', 'dark']);
/**
 * The library's scroller as the page last measured it, in CSS px: what the first screen's
 * prerender lays its rows and columns out for (docs/design.md §7.5), so the markup index.html
 * comes with is the frame the app then renders. A preference like the others, never trusted for
 * more than that.
 */
export const libraryViewportSchema = z.object({
  // An 8K screen: the prerender lays out whatever size it is given, in the host's process.
  width: z.number().int().min(0).max(7680),
  height: z.number().int().min(0).max(4320),
});
export type LibraryViewport = z.infer<typeof libraryViewportSchema>;

export const settingsSchema = z.object({
  serverUrl: serverUrlSchema,
  theme: themeSchema,
  /** The library's layout, sort and table columns; absent = the defaults. */
  libraryView: libraryViewSchema.optional(),
  /** Absent until the library has been shown once. */
  libraryViewport: libraryViewportSchema.optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const accountSchema = z.object({
  signedIn: z.boolean(),
  user: userSchema.nullable(),
  deviceId: idSchema.nullable(),
  serverUrl: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

export const firstScreenChannels = {
  'account.get': channel(none, accountSchema),
  'settings.get': channel(none, settingsSchema),
  'library.list': channel(libraryListInputSchema, libraryPageSchema),
  /**
   * The first screens of the queries one more typed character gives, asked after each keystroke
   * and answered at low priority: a list call goes first (design §12.1). Here, not with the rest:
   * the search box asks it as it takes focus, and its answer must not need the rest of the
   * contract built then, one long task of the worker that the first keystroke's own call waited
   * behind (bench/findings.md, keystroke, fifteenth pass).
   */
  'library.prefetch': channel(libraryPrefetchInputSchema, libraryPrefetchSchema),
  /**
   * The item's cover (its content's, or the catalog's until the content gives its own), as a
   * data: URL; null = none. Here, not with the rest: the first screen's cards ask their covers
   * once they have shown for a moment, and the first answer would have made the worker build the
   * rest of the contract then, one long task just when a user who opened the app types (bench/
   * findings.md, keystroke, seventeenth pass).
   */
  'library.cover': channel(
    contentRefSchema,
    z.object({
      dataUrl: z.string().startsWith('data:image/').nullable(),
      /** The catalog's cover: a downloaded PDF still draws its first page over it. */
      fromCatalog: z.boolean(),
    }),
  ),
  'tags.list': channel(none, z.object({ tags: z.array(tagCountSchema) })),
  'searches.list': channel(none, z.object({ searches: z.array(savedSearchSchema) })),
  'wallet.get': channel(none, walletViewSchema),
  'sync.status': channel(none, syncStatusSchema),
} as const;

/**
 * The events a start brings (its sync's status, what the sync changed in the library and the
 * wallet), which the first screen listens to. Here, not with the rest: the first of them came a
 * moment after the boot's answers and made the worker build the rest of the contract then, one
 * long task in front of a keystroke typed just after the start (bench/findings.md, keystroke,
 * seventeenth pass).
 */
export const firstScreenEvents = {
  'sync.status': syncStatusSchema,
  'library.changed': z.object({
    reason: z.enum([
      'sync',
      'purchase',
      'download',
      'return',
      'signIn',
      'signOut',
      'tags',
      /** Catalog covers came after a sync (docs/design.md §12.4). */
      'covers',
    ]),
  }),
  'wallet.changed': z.object({ balance: pointsSchema, at: isoDateTimeSchema }),
} as const;

/** What crosses the IPC boundary: never a thrown error, always a result. */
export const ipcErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  issues: z.array(fieldIssueSchema).optional(),
});
export type IpcError = z.infer<typeof ipcErrorSchema>;

export const ipcResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ipcErrorSchema }),
]);
export type IpcResult = z.infer<typeof ipcResultSchema>;

import * as z from 'zod';
import { deviceNameSchema, deviceSchema } from '../api/auth';
import { catalogItemSchema, catalogQuerySchema, returnPolicySchema } from '../api/catalog';
import { contentKindSchema, idSchema, isoDateTimeSchema, pointsSchema } from '../api/common';
import { passwordSchema } from '../api/auth';
import { orderSchema, ordersResponseSchema } from '../api/orders';
import { bookmarkLabelSchema, bookmarkSchema, positionTextSchema } from '../api/places';
import {
  receiptSchema,
  returnKindSchema,
  returnLimitSchema,
  returnQuoteSchema,
  returnRefusalSchema,
} from '../api/returns';
import { errorCodeSchema } from '../errors';
import {
  LIBRARY_BATCH_MAX,
  contentRefSchema,
  libraryCountsSchema,
  libraryItemDetailSchema,
  libraryListInputSchema,
  openedContentSchema,
} from './library';
import {
  bulkConfirmInputSchema,
  bulkConfirmSchema,
  bulkQuoteInputSchema,
  bulkQuoteSchema,
} from './bulk-return';
import type { ChannelName } from './channel-names';
import type { EventName } from './event-names';
import { queuedReturnSchema, syncStatusSchema } from './sync';
import { savedSearchSchema, tagsApplyInputSchema } from './tags';
import { updateStateSchema } from './updates';
import type { Account, IpcError, IpcResult, Settings } from './first-screen-contract';
import {
  accountSchema,
  channel,
  firstScreenChannels,
  firstScreenEvents,
  ipcErrorSchema,
  ipcResultSchema,
  none,
  settingsSchema,
  themeSchema,
} from './first-screen-contract';

export { accountSchema, settingsSchema, themeSchema };
export type { Account, Settings };

/** A mail was asked for: the address it goes to, if that address has (or gets) an account. */
export const mailSentSchema = z.object({ email: z.string() });
export type MailSent = z.infer<typeof mailSentSchema>;

export const storeItemSchema = catalogItemSchema.extend({
  /** The user holds an active license for this exact content. */
  owned: z.boolean(),
  /**
   * Another version of the same product the user holds (the newest such), or null. `upgradeBy`:
   * the return kind whose policy terms grant the newest version for it, while its return window
   * is open and it is not already being returned (the quote has the last word: limits are the
   * server's); null when no return of it would.
   */
  held: z
    .object({
      contentId: idSchema,
      version: z.number().int().min(1),
      upgradeBy: returnKindSchema.nullable(),
    })
    .nullable(),
});
export type StoreItem = z.infer<typeof storeItemSchema>;

export const returnRequestResultSchema = z.object({
  returnId: idSchema,
  /** `queued`: waiting for the server (e.g. offline); `confirmed`: the receipt is in. */
  status: z.enum(['queued', 'confirmed']),
  receipt: receiptSchema.nullable(),
});

export const returnOptionsSchema = z.object({
  /** The server's offer; null offline or when the return would be refused. */
  quote: returnQuoteSchema.nullable(),
  /**
   * Why a return would be refused, shown instead of Confirm: the server's answer online, what
   * the device already knows offline (as of the last sync).
   */
  refusal: returnRefusalSchema.nullable(),
  offline: z.boolean(),
  /** Kinds the user can pick while offline (from the last cached quote or the policy). */
  offlineKinds: z.array(returnKindSchema),
  /** The policy the server stated, or the one cached with the license offline. */
  policy: returnPolicySchema.nullable(),
  /** The user's returns limit under that policy (offline: as of the last sync). */
  limit: returnLimitSchema.nullable(),
  returnDeadline: isoDateTimeSchema.nullable(),
  /** What a return would delete from this device. */
  deletes: z.object({
    title: z.string(),
    downloaded: z.boolean(),
    size: z.number().int().nonnegative(),
  }),
});
export type ReturnOptions = z.infer<typeof returnOptionsSchema>;

/** One item's places as its viewer needs them (docs/design.md §11.4). */
export const itemPlacesSchema = z.object({
  /** Where to open, or null for the start. */
  position: positionTextSchema.nullable(),
  /** Live bookmarks, oldest first (tombstones stay in the core). */
  bookmarks: z.array(bookmarkSchema.omit({ deleted: true })),
});
export type ItemPlaces = z.infer<typeof itemPlacesSchema>;

export const savedPackageSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('folder'),
    folder: z.string(),
    /** What was written, relative to the folder ('/'-separated). */
    files: z.array(z.string()),
  }),
  z.object({ method: z.literal('cancelled') }),
  /** The package file, served with Content-Disposition: attachment. */
  z.object({ method: z.literal('download'), url: z.string(), filename: z.string() }),
]);
export type SavedPackage = z.infer<typeof savedPackageSchema>;

export const deviceViewSchema = deviceSchema.extend({ current: z.boolean() });
export type DeviceView = z.infer<typeof deviceViewSchema>;

/**
 * The IPC contract: every call the renderer can make, with its input and output schemas.
 * Electron's main process and the browser host both register exactly these channels, validating
 * inputs with these schemas; the renderer's bridge validates outputs with them.
 */
export const channels = {
  'account.get': firstScreenChannels['account.get'],
  'account.signIn': channel(
    z.object({ email: z.email(), password: z.string().min(1).max(200) }),
    accountSchema,
  ),
  'account.signOut': channel(none, accountSchema),
  /**
   * Creates an account on the server; it is usable once the link mailed to the address is
   * opened. The answer is the same whether or not the address already has an account.
   */
  'account.register': channel(
    z.object({
      email: z.email(),
      password: passwordSchema,
      name: z.string().trim().min(1).max(100),
    }),
    mailSentSchema,
  ),
  /** Mails the confirmation link again (the sign-in screen offers it after EMAIL_NOT_CONFIRMED). */
  'account.resendConfirmation': channel(z.object({ email: z.email() }), mailSentSchema),
  /**
   * Changes the password with the current one; the account's sessions on every other device end
   * (they must sign in again with the new password), this one stays.
   */
  'account.changePassword': channel(
    z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }),
    z.object({ otherSessionsEnded: z.number().int().nonnegative() }),
  ),
  /** Mails a password reset link; the link opens the server's page to set the new password. */
  'account.requestPasswordReset': channel(z.object({ email: z.email() }), mailSentSchema),

  'settings.get': firstScreenChannels['settings.get'],
  'settings.set': channel(settingsSchema.partial(), settingsSchema),

  'library.list': firstScreenChannels['library.list'],
  'library.prefetch': firstScreenChannels['library.prefetch'],
  'library.get': channel(contentRefSchema, libraryItemDetailSchema),
  'library.counts': channel(none, libraryCountsSchema),
  /** Every item matching the filters, in their order: what "select all" selects. */
  'library.ids': channel(
    libraryListInputSchema.omit({ offset: true, limit: true }),
    z.object({ contentIds: z.array(idSchema) }),
  ),
  /** The chosen items as CSV (the table's columns), for a spreadsheet. */
  'library.exportCsv': channel(
    z.object({ contentIds: z.array(idSchema).min(1).max(LIBRARY_BATCH_MAX) }),
    z.object({ filename: z.string(), csv: z.string() }),
  ),

  'library.cover': firstScreenChannels['library.cover'],

  /** A downloaded PDF's first page, drawn by the page's pdf.js, kept as its cover. */
  'library.setCover': channel(
    z.object({
      contentId: idSchema,
      dataUrl: z.string().startsWith('data:image/png;base64,').max(1_500_000),
    }),
    z.object({ kept: z.boolean() }),
  ),

  'tags.list': firstScreenChannels['tags.list'],
  'tags.apply': channel(tagsApplyInputSchema, z.object({ changed: z.number().int() })),
  'searches.list': firstScreenChannels['searches.list'],
  'searches.save': channel(savedSearchSchema.pick({ name: true, query: true }), savedSearchSchema),
  'searches.delete': channel(
    z.object({ id: z.number().int().positive() }),
    z.object({ deleted: z.boolean() }),
  ),

  'content.download': channel(
    contentRefSchema,
    z.object({ contentId: idSchema, downloaded: z.literal(true) }),
  ),
  'content.cancelDownload': channel(contentRefSchema, z.object({ cancelled: z.boolean() })),
  'content.open': channel(contentRefSchema, openedContentSchema),
  /**
   * Saves a software package where the user picks: Electron asks for a folder with a native
   * dialog and the core writes into it (`folder`; `cancelled` when the dialog was closed); the
   * browser host has no such dialog and answers with a download URL (`download`).
   */
  'content.saveToFolder': channel(contentRefSchema, savedPackageSchema),
  /** Deletes the local copies (the licenses stay; each can be downloaded again). */
  'content.removeLocal': channel(
    z.object({ contentIds: z.array(idSchema).min(1).max(LIBRARY_BATCH_MAX) }),
    z.object({ removed: z.number().int().nonnegative() }),
  ),

  'store.list': channel(
    catalogQuerySchema,
    z.object({ items: z.array(storeItemSchema), nextCursor: z.string().nullable() }),
  ),
  'store.get': channel(contentRefSchema, storeItemSchema),
  /**
   * A catalog item's cover for the Store's card, asked of the server by the core and checked like
   * the library's, as a data: URL; null = none (docs/design.md §12.4).
   */
  'store.cover': channel(
    contentRefSchema,
    z.object({ dataUrl: z.string().startsWith('data:image/').nullable() }),
  ),
  'store.buy': channel(
    z.object({ contentId: idSchema, pointsToUse: pointsSchema.default(0) }),
    z.object({
      contentId: idSchema,
      /** Null while the order waits for its payment: the license then arrives through sync. */
      licenseId: idSchema.nullable(),
      balance: pointsSchema,
      /** The order while it waits for its payment; null once bought. */
      order: orderSchema.nullable(),
      /** Paid through the `test` provider: no money moved, and the screens say so. */
      testPayment: z.boolean(),
    }),
  ),

  /** An order's state (polled while the buy dialog waits for the payment). */
  'store.order': channel(z.object({ orderId: idSchema }), orderSchema),

  'returns.options': channel(contentRefSchema, returnOptionsSchema),
  'returns.request': channel(
    z.object({ contentId: idSchema, kind: returnKindSchema, quoteId: idSchema.optional() }),
    returnRequestResultSchema,
  ),
  'returns.cancel': channel(contentRefSchema, z.object({ cancelled: z.literal(true) })),
  /** Many contents → one combined offer: each item's options or why not, and the totals. */
  'returns.bulkQuote': channel(bulkQuoteInputSchema, bulkQuoteSchema),
  /** Queues every item (one local transaction) and sends them as one batch when online. */
  'returns.bulkConfirm': channel(bulkConfirmInputSchema, bulkConfirmSchema),
  'returns.list': channel(
    none,
    z.object({ queued: z.array(queuedReturnSchema), receipts: z.array(receiptSchema) }),
  ),

  /** Position and bookmarks of one item, kept in the encrypted store and synced. */
  'places.get': channel(contentRefSchema, itemPlacesSchema),
  'places.setPosition': channel(
    z.object({ contentId: idSchema, position: positionTextSchema }),
    z.object({ updatedAt: isoDateTimeSchema }),
  ),
  'places.addBookmark': channel(
    z.object({ contentId: idSchema, position: positionTextSchema, label: bookmarkLabelSchema }),
    bookmarkSchema.omit({ deleted: true }),
  ),
  'places.deleteBookmark': channel(
    z.object({ bookmarkId: idSchema }),
    z.object({ deleted: z.boolean() }),
  ),
  /** The user's devices from the license server; `current` is this app's. */
  'devices.list': channel(none, z.object({ devices: z.array(deviceViewSchema) })),
  'devices.rename': channel(
    z.object({ deviceId: idSchema, name: deviceNameSchema }),
    deviceViewSchema,
  ),
  /** Removes the device and ends its sessions (this app's own: signed out). */
  'devices.remove': channel(
    z.object({ deviceId: idSchema }),
    z.object({ removed: z.literal(true) }),
  ),

  'wallet.get': firstScreenChannels['wallet.get'],
  /**
   * The user's orders (money purchases), newest first, read from the server: the server holds
   * their state, so offline this fails with OFFLINE / SERVER_UNREACHABLE instead of guessing.
   */
  'wallet.orders': channel(none, ordersResponseSchema),
  'wallet.exportCsv': channel(
    z.object({ what: z.enum(['ledger', 'receipts']) }),
    z.object({ filename: z.string(), csv: z.string() }),
  ),

  'sync.status': firstScreenChannels['sync.status'],
  'sync.now': channel(none, syncStatusSchema),

  'update.status': channel(none, updateStateSchema),
  'update.check': channel(none, updateStateSchema),
  /** Quits and installs the downloaded update (UPDATE_NOT_READY when there is none). */
  'update.install': channel(none, z.object({ restarting: z.literal(true) })),
} as const satisfies Record<ChannelName, { input: z.ZodType; output: z.ZodType }>;

export type Channel = keyof typeof channels;
export type ChannelInput<C extends Channel> = z.input<(typeof channels)[C]['input']>;
export type ChannelParsedInput<C extends Channel> = z.infer<(typeof channels)[C]['input']>;
export type ChannelOutput<C extends Channel> = z.infer<(typeof channels)[C]['output']>;

/** Events main pushes to the renderer. */
export const events = {
  'sync.status': firstScreenEvents['sync.status'],
  'download.progress': z.object({
    contentId: idSchema,
    receivedBytes: z.number().int().nonnegative(),
    totalBytes: z.number().int().nonnegative(),
  }),
  'library.changed': firstScreenEvents['library.changed'],
  'return.confirmed': z.object({ receipt: receiptSchema }),
  'return.failed': z.object({
    contentId: idSchema,
    title: z.string(),
    code: errorCodeSchema,
    message: z.string(),
  }),
  'wallet.changed': firstScreenEvents['wallet.changed'],
  /** Places of these items changed through sync (another device). */
  'places.changed': z.object({ contentIds: z.array(idSchema) }),
  'update.status': updateStateSchema,
} as const satisfies Record<EventName, z.ZodType>;

export type { EventName };
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export { ipcErrorSchema, ipcResultSchema };
export type { IpcError, IpcResult };

export const IPC_CHANNEL_PREFIX = 'shelf:';
export const IPC_EVENT_PREFIX = 'shelf-event:';

export const channelNames = Object.keys(channels) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

export { contentKindSchema };

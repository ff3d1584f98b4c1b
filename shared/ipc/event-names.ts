/**
 * The names of the events main pushes to the renderer, without their schemas (zod-free): the
 * browser host's page script checks a subscription against them while the schemas are built
 * in its worker (docs/design.md §7.5). contract.ts's `events` must name exactly these (the
 * compiler checks both ways).
 */
export const EVENT_NAMES = [
  'sync.status',
  'download.progress',
  'library.changed',
  'return.confirmed',
  'return.failed',
  'wallet.changed',
  'places.changed',
  'update.status',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

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

/**
 * What the bridge keeps of an event that comes while the renderer has not yet subscribed to its
 * name, for the first listener of that name (late-listeners.ts, docs/design.md §7.5): the
 * renderer subscribes in effects that run after its first commit, while the boot's answers it
 * shows were made earlier, so an event in between would otherwise be lost.
 * - `newest`: "ask again" signals (`library.changed`, `wallet.changed`: their listeners ask
 *   again, the core coalesces them anyway, §7.5) and states pushed whole (`sync.status`,
 *   `update.status`: the newest is the state): one is all a late listener needs.
 * - `each`: notices, one per return (`return.confirmed`, `return.failed`): each is its own
 *   notice, so each is kept (up to MAX_KEPT_EACH in late-listeners.ts).
 * - `none`: the listener asks or starts what it shows as it subscribes, so nothing earlier
 *   concerns it: `download.progress` follows the download its own component starts (an old one
 *   would show a bar for a download that is over), `places.changed` the places the reader asks
 *   as it opens.
 */
export const EVENT_KEPT_FOR_FIRST_LISTENER = {
  'sync.status': 'newest',
  'download.progress': 'none',
  'library.changed': 'newest',
  'return.confirmed': 'each',
  'return.failed': 'each',
  'wallet.changed': 'newest',
  'places.changed': 'none',
  'update.status': 'newest',
} as const satisfies Record<EventName, 'newest' | 'each' | 'none'>;

/** What is kept of `name` for its first listener; a name outside the contract: nothing. */
export function keptForFirstListener(name: string): 'newest' | 'each' | 'none' {
  return Object.hasOwn(EVENT_KEPT_FOR_FIRST_LISTENER, name)
    ? EVENT_KEPT_FOR_FIRST_LISTENER[name as EventName]
    : 'none';
}

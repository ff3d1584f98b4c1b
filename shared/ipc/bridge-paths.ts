/** The browser host's bridge routes, shared by the host and the bridge script it serves. */
export const BRIDGE_INVOKE_PATH = '/bridge/invoke/';
export const BRIDGE_EVENTS_PATH = '/bridge/events';
/** The bridge worker's WebSocket for calls (docs/design.md §7.5); the invoke route stays beside it. */
export const BRIDGE_SOCKET_PATH = '/bridge/socket';
/**
 * The only channels the socket carries: reads the library asks at typing and scrolling rate.
 * Everything else, every write among it, keeps its own HTTP request and its session check.
 */
export const BRIDGE_SOCKET_CHANNELS: ReadonlySet<string> = new Set([
  'library.list',
  'library.prefetch',
]);
export const BRIDGE_CONTENT_PATH = '/bridge/content/';
export const BRIDGE_SCRIPT_PATH = '/bridge/browser-bridge.js';
/** The bridge's dedicated worker, started by the bridge script (docs/design.md §7.5). */
export const BRIDGE_WORKER_PATH = '/bridge/bridge-worker.js';
/**
 * The contract's schemas and zod, an ES module the worker imports as it starts, so its own
 * script stays small and quick to compile (docs/design.md §7.5).
 */
export const BRIDGE_SCHEMAS_PATH = '/bridge/bridge-schemas.js';
/**
 * The first screen's schemas (shared/ipc/bridge-schemas-first.ts), imported before the rest of
 * the contract so the boot's answers wait only for these (docs/design.md §7.5); the code both
 * modules share (zod and these schemas) is one chunk, BRIDGE_SCHEMAS_SHARED_PATH, built once.
 */
export const BRIDGE_SCHEMAS_FIRST_PATH = '/bridge/bridge-schemas-first.js';
/** The chunk esbuild splits off from both schema modules (main/browser/bridge-bundle.ts). */
export const BRIDGE_SCHEMAS_SHARED_PATH = '/bridge/bridge-schemas-shared.js';
/**
 * On every call's answer: how many events the host had sent down the event stream when it
 * answered. The worker hands the answer to the page only after those events (event-order.ts),
 * so a page never sees an answer and then an older event that contradicts it.
 */
export const BRIDGE_EVENT_SEQ_HEADER = 'X-Shelf-Event-Seq';
/** Required on every call: forces a CORS preflight for any cross-origin attempt. */
export const BRIDGE_HEADER = 'X-Shelf-Bridge';

/** The `contentUrl` the core puts in `content.open` results under the browser host. */
export function browserContentUrl(contentId: string): string {
  return BRIDGE_CONTENT_PATH + encodeURIComponent(contentId);
}

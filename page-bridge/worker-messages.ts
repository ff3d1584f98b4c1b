import type { BridgeFailure } from '../shared/ipc/bridge-failure';

/**
 * The messages between the page's `window.shelf` and the bridge worker (docs/design.md §7.5):
 * the page asks, the worker calls the host, validates and answers. Plain data only (structured
 * clone).
 */
export type PageMessage =
  | { type: 'invoke'; id: number; channel: string; input: unknown }
  /** The page's first listener of `event`: the worker forwards its events from then on. */
  | { type: 'on'; id: number; event: string };

/**
 * What the page posts: until the worker's first answer, the messages of one turn of its event
 * loop together, so the boot's calls (account, settings, the first library page) reach the worker
 * as one task and all leave in it, none queued behind another task such as the schemas' build
 * (bridge-worker.ts); after it, each message alone, at once (worker-bridge.ts).
 */
export type PageBatch = PageMessage[];

export type WorkerMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; failure: BridgeFailure }
  | { type: 'event'; id: number; payload: unknown }
  /** The host refused the session (401): the page reloads into the host's signed-out page. */
  | { type: 'signedOut' };

/** What both ends need of a Worker, a worker's global scope or a MessagePort. */
export interface MessageEnd<Out, In> {
  postMessage(message: Out): void;
  onmessage: ((event: { data: In }) => void) | null;
}

import { BRIDGE_SCHEMAS_PATH } from '../shared/ipc/bridge-paths';
import type { BridgeSchemas } from '../shared/ipc/shelf-bridge';
import { createBridgeOver } from '../shared/ipc/shelf-bridge';
import type { EventSourceConstructor } from './http-transport';
import { createHttpTransport } from './http-transport';
import { serveBridge } from './serve-bridge';
import type { MessageEnd, PageBatch, WorkerMessage } from './worker-messages';

/**
 * Entry of dist/bridge/bridge-worker.js, the dedicated worker the page script starts: the
 * browser host's counterpart of the preload's bridge, built by the same factory over the same
 * HTTP transport, so every answer is validated against the contract before the page sees it.
 * The schemas (zod and the contract) are a module of their own (BRIDGE_SCHEMAS_PATH), imported
 * when first asked, in a later task: this script stays a few KB, so it takes the page's first
 * calls soon after it starts, they leave first, and the schemas are fetched, compiled and built
 * while the host answers them (docs/design.md §7.5). Served with the renderer's CSP (§7.6).
 */
const scope = globalThis as unknown as MessageEnd<WorkerMessage, PageBatch> & {
  fetch: typeof fetch;
  EventSource: EventSourceConstructor;
  setTimeout(callback: () => void, ms: number): unknown;
};

serveBridge(
  scope,
  createBridgeOver(
    createHttpTransport({
      fetch: scope.fetch.bind(globalThis),
      EventSource: scope.EventSource,
      onSignedOut: () => scope.postMessage({ type: 'signedOut' }),
    }),
    // In a later task: as a microtask, building the schemas (about 100 ms of CPU) ran in the
    // page's batch's task, and its requests left only when that task ended (traced,
    // bench/findings.md, first paint, fourth pass).
    () =>
      new Promise<void>((resolve) => scope.setTimeout(resolve, 0)).then(
        () => import(BRIDGE_SCHEMAS_PATH) as Promise<BridgeSchemas>,
      ),
  ),
);

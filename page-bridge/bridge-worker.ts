import {
  BRIDGE_SCHEMAS_PATH,
  BRIDGE_SOCKET_CHANNELS,
  BRIDGE_SOCKET_PATH,
} from '../shared/ipc/bridge-paths';
import type { BridgeSchemas } from '../shared/ipc/shelf-bridge';
import { createBridgeOver } from '../shared/ipc/shelf-bridge';
import { createEventOrder } from './event-order';
import type { EventSourceConstructor } from './http-transport';
import { createHttpTransport } from './http-transport';
import type { WebSocketConstructor } from './socket-transport';
import { createSocketTransport } from './socket-transport';
import { serveBridge } from './serve-bridge';
import type { MessageEnd, PageBatch, WorkerMessage } from './worker-messages';

/**
 * Entry of dist/bridge/bridge-worker.js, the dedicated worker the page script starts: the
 * browser host's counterpart of the preload's bridge, built by the same factory over the same
 * HTTP transport, so every answer is validated against the contract before the page sees it.
 * The schemas (zod and the contract) are a module of their own (BRIDGE_SCHEMAS_PATH), imported
 * as this script starts: it stays a few KB, so it runs at once, and the module is fetched,
 * compiled and built in later tasks, while the page is still loading its app (the boot's calls
 * come a few hundred ms after) or while the host answers them; a batch that comes first leaves
 * first (docs/design.md §7.5). Served with the renderer's CSP (§7.6). The library's reads go
 * over the host's bridge socket once it is open (socket-transport.ts).
 */
const scope = globalThis as unknown as MessageEnd<WorkerMessage, PageBatch> & {
  fetch: typeof fetch;
  EventSource: EventSourceConstructor;
  WebSocket: WebSocketConstructor;
  location: { origin: string };
};

const schemas = import(BRIDGE_SCHEMAS_PATH) as Promise<BridgeSchemas>;
const order = createEventOrder();

serveBridge(
  scope,
  createBridgeOver(
    createSocketTransport({
      WebSocket: scope.WebSocket,
      url: scope.location.origin.replace(/^http/, 'ws') + BRIDGE_SOCKET_PATH,
      channels: BRIDGE_SOCKET_CHANNELS,
      order,
      fallback: createHttpTransport({
        order,
        fetch: scope.fetch.bind(globalThis),
        EventSource: scope.EventSource,
        onSignedOut: () => scope.postMessage({ type: 'signedOut' }),
      }),
    }),
    // Asked now: the worker is idle until the page's batch comes, and the answers then need
    // not wait for the schemas' build (traced, bench/findings.md, first paint, fifth pass).
    () => schemas,
  ),
);

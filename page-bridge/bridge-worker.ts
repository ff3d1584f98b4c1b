import {
  BRIDGE_SCHEMAS_FIRST_PATH,
  BRIDGE_SCHEMAS_PATH,
  BRIDGE_SCHEMAS_SHARED_PATH,
  BRIDGE_SOCKET_CHANNELS,
  BRIDGE_SOCKET_PATH,
} from '../shared/ipc/bridge-paths';
import type { BridgeSchemas, FirstScreenSchemas } from '../shared/ipc/shelf-bridge';
import { createLateListeners } from '../shared/ipc/late-listeners';
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
 * The schemas (zod and the contract) are modules of their own: the first screen's
 * (BRIDGE_SCHEMAS_FIRST_PATH) imported as this script starts, the rest of the contract
 * (BRIDGE_SCHEMAS_PATH) once the boot's calls are answered. This script stays a few KB, so it
 * runs at once, and the modules are fetched, compiled and built in later tasks, while the page is
 * still loading its app or while the host answers; a batch that comes first leaves first
 * (docs/design.md §7.5). Served with the renderer's CSP (§7.6). The library's reads go
 * over the host's bridge socket once it is open (socket-transport.ts).
 */
const scope = globalThis as unknown as MessageEnd<WorkerMessage, PageBatch> & {
  fetch: typeof fetch;
  EventSource: EventSourceConstructor;
  WebSocket: WebSocketConstructor;
  location: { origin: string };
};

// The first screen's schemas: the boot's answers are validated with these, the rest of the
// contract is imported after (shelf-bridge.ts). Their shared chunk is asked at the same time,
// not once the first module's few bytes have come back and named it.
const first = import(BRIDGE_SCHEMAS_FIRST_PATH) as Promise<FirstScreenSchemas>;
void import(BRIDGE_SCHEMAS_SHARED_PATH).catch(() => {});
/**
 * The rest of the contract is built once no call has been in flight this long (or when a call or
 * an event needs it): after the boot's answers, not in the midst of the first keystrokes
 * (bench/findings.md, first paint, tenth pass).
 */
const REST_OF_CONTRACT_QUIET_MS = 300;
const order = createEventOrder();
const late = createLateListeners();

serveBridge(
  scope,
  createBridgeOver(
    createSocketTransport({
      WebSocket: scope.WebSocket,
      url: scope.location.origin.replace(/^http/, 'ws') + BRIDGE_SOCKET_PATH,
      channels: BRIDGE_SOCKET_CHANNELS,
      order,
      late,
      fallback: createHttpTransport({
        order,
        late,
        fetch: scope.fetch.bind(globalThis),
        EventSource: scope.EventSource,
        onSignedOut: () => scope.postMessage({ type: 'signedOut' }),
      }),
    }),
    () => first.then(() => import(BRIDGE_SCHEMAS_PATH) as Promise<BridgeSchemas>),
    // Asked now: the worker is idle until the page's batch comes, and the answers then need
    // not wait for the schemas' build (traced, bench/findings.md, first paint, fifth pass).
    () => first,
    REST_OF_CONTRACT_QUIET_MS,
  ),
);

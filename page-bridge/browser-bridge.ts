import { BRIDGE_WORKER_PATH } from '../shared/ipc/bridge-paths';
import { createWorkerBridge } from './worker-bridge';
import type { MessageEnd, PageBatch, WorkerMessage } from './worker-messages';

/**
 * Entry of dist/bridge/browser-bridge.js, the browser host's counterpart of the preload: a
 * classic script the host puts before the renderer's module scripts, so `window.shelf` exists
 * when the app starts. It starts the bridge worker (bridge-worker.ts), which holds the contract's
 * schemas and the HTTP transport, and hands every call to it; this script stays small and
 * zod-free, since the page parses and runs it before anything else (docs/design.md §7.5). Not
 * writable, so a script injected later cannot swap the bridge.
 */
const page = globalThis as unknown as {
  Worker: new (url: string, options: { name: string }) => MessageEnd<PageBatch, WorkerMessage>;
  location: { reload(): void };
};

Object.defineProperty(globalThis, 'shelf', {
  value: createWorkerBridge(new page.Worker(BRIDGE_WORKER_PATH, { name: 'shelf-bridge' }), () =>
    page.location.reload(),
  ),
  writable: false,
  configurable: false,
  enumerable: true,
});

import type { BridgeFailure } from '../shared/ipc/bridge-failure';
import { BRIDGE_WORKER_PATH } from '../shared/ipc/bridge-paths';
import { FIRST_SCREEN_SEED_ID } from '../shared/ipc/first-screen-seed';
import { APP_STARTED_MARK } from '../shared/app-started-mark';
import { deferredEnd, pageMark } from './deferred-end';
import { createWorkerBridge } from './worker-bridge';
import type { MessageEnd, PageBatch, WorkerMessage } from './worker-messages';

/**
 * Entry of dist/bridge/browser-bridge.js, the browser host's counterpart of the preload: a
 * classic script the host puts before the renderer's module scripts, so `window.shelf` exists
 * when the app starts. It starts the bridge worker (bridge-worker.ts), which holds the contract's
 * schemas and the HTTP transport, and hands every call to it; this script stays small and
 * zod-free, since the page parses and runs it before anything else (docs/design.md §7.5). Not
 * writable, so a script injected later cannot swap the bridge.
 *
 * A page that came with its first screen's answers (shared/ipc/first-screen-seed.ts, written
 * before this script) shows them without a call, so its worker starts once that screen is
 * painted, not beside it (deferred-end.ts); the calls made before then wait for it.
 */
type BridgeWorker = MessageEnd<PageBatch, WorkerMessage> & {
  addEventListener(type: 'error' | 'message', listener: () => void): void;
};

const page = globalThis as unknown as {
  Worker: new (url: string, options: { name: string }) => BridgeWorker;
  location: { reload(): void };
  fetch(url: string, init: { method: string }): Promise<{ status: number }>;
  document: { getElementById(id: string): unknown };
  PerformanceObserver: Parameters<typeof pageMark>[0]['PerformanceObserver'];
  setTimeout(run: () => void, ms: number): unknown;
};

/** A seeded page whose app never starts (a background tab) starts its worker after this anyway. */
const WORKER_START_CAP_MS = 1500;

let fail: (failure: BridgeFailure) => void = () => {};
const failed = new Promise<BridgeFailure>((resolve) => (fail = resolve));

/**
 * The worker. Its script is served only with the session: when it cannot load because the
 * session ended meanwhile (the host restarted, or forgot this browser before a seeded page
 * started its worker), the page reloads into the host's signed-out page, as a refused call does.
 * When it fails otherwise, every call fails with a sentence saying what to do, rather than hang
 * behind a first screen that looks live.
 */
const startWorker = () => {
  const worker = new page.Worker(BRIDGE_WORKER_PATH, { name: 'shelf-bridge' });
  // A worker that has answered has started: a later error is a failed task, not a failed start.
  let started = false;
  worker.addEventListener('message', () => (started = true));
  worker.addEventListener('error', () => {
    if (started) return;
    void page
      .fetch(BRIDGE_WORKER_PATH, { method: 'HEAD' })
      .then(({ status }) => status)
      .catch(() => 0)
      .then((status) => {
        if (status === 401) return page.location.reload();
        fail({
          name: 'AppError',
          code: 'INTERNAL',
          message: 'The app could not connect this page to your library. Reload the page.',
        });
      });
  });
  return worker;
};
// A page that came with its first screen (its answers, its markup) needs no call answered before
// the app has started; until then the worker's start would compete with the app's own on two
// cores (bench/findings.md, first paint, tenth and eleventh passes).
const seeded = page.document.getElementById(FIRST_SCREEN_SEED_ID) !== null;

Object.defineProperty(globalThis, 'shelf', {
  value: createWorkerBridge(
    seeded
      ? deferredEnd(pageMark(page, APP_STARTED_MARK, WORKER_START_CAP_MS), startWorker)
      : startWorker(),
    () => page.location.reload(),
    failed,
  ),
  writable: false,
  configurable: false,
  enumerable: true,
});

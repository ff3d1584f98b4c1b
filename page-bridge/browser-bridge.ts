import { createShelfBridge } from '../shared/ipc/bridge';
import type { EventSourceConstructor } from './http-transport';
import { createHttpTransport } from './http-transport';

/**
 * Entry of dist/bridge/browser-bridge.js, the browser host's counterpart of the preload: a
 * classic script the host puts before the renderer's module scripts, so `window.shelf` exists
 * when the app starts, built by the same factory as in Electron. Not writable, so a script
 * injected later cannot swap the bridge.
 */
const page = globalThis as unknown as {
  fetch: typeof fetch;
  EventSource: EventSourceConstructor;
  location: { reload(): void };
};

Object.defineProperty(globalThis, 'shelf', {
  value: createShelfBridge(
    createHttpTransport({
      fetch: page.fetch.bind(globalThis),
      EventSource: page.EventSource,
      onSignedOut: () => page.location.reload(),
    }),
  ),
  writable: false,
  configurable: false,
  enumerable: true,
});

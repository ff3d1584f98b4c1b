/**
 * The renderer bench's browser host and app core, in a process of their own (started by
 * browser-app-child.ts): the product never shares its event loop with a test driver, and in the
 * bench's own process Playwright's protocol work ran between the type-ahead's screens, which
 * yield a turn each (bench/findings.md, keystroke, tenth pass). Configured by the environment
 * (SHELF_STORE_KEY is the store's key, as for the product); answers the parent over IPC.
 */
import { startBrowserApp } from '../../main/browser/browser-app';
import { silentLogger } from '../../main/core/core-context';
import { envKeyProvider } from '../../main/core/key-provider';
import type { ChildReply, ParentAsk } from './browser-app-messages';

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function reply(message: ChildReply): void {
  process.send?.(message);
}

// The parent gone (killed, or a failed run), even while this starts: nothing is left running
// (during the start, the process simply ends).
let closing: Promise<void> | null = null;
let app: Awaited<ReturnType<typeof startBrowserApp>> | null = null;
const close = (): Promise<void> => (closing ??= app ? app.close() : Promise.resolve());
process.on('disconnect', () => {
  close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});

app = await startBrowserApp({
  dataDir: need('BENCH_DATA_DIR'),
  rendererDir: need('BENCH_RENDERER_DIR'),
  prerenderDir: need('BENCH_PRERENDER_DIR'),
  bridgeScriptFile: need('BENCH_BRIDGE_SCRIPT'),
  serverUrl: need('BENCH_SERVER_URL'),
  keyProvider: envKeyProvider(process.env),
  logger: silentLogger,
  coreOptions: { syncOnStart: false, syncIntervalMs: 0 },
});
const started = app;

process.on('message', (message: ParentAsk) => {
  switch (message.ask) {
    case 'login-url':
      reply({ id: message.id, loginUrl: started.host.loginUrl() });
      return;
    case 'cpu': {
      const used = process.cpuUsage();
      reply({ id: message.id, cpuMs: (used.user + used.system) / 1000 });
      return;
    }
    case 'close':
      void close().then(() => {
        reply({ id: message.id, closed: true });
        process.disconnect();
      });
      return;
  }
});
reply({ id: 0, ready: true });

import path from 'node:path';
import { startBrowserApp } from '../main/browser/browser-app';
import { signInOnFirstRun } from '../main/electron/first-run-sign-in';
import { dataRoot, dist, ensureBuilt } from './lib/build-steps';
import { licenseServer } from './lib/embedded-server';
import { printNewLinkOnEnter } from './lib/new-link-on-enter';
import { terminalLogger } from './lib/terminal-logger';

/**
 * `npm run start:browser`: the whole app without Electron. The embedded license server (unless
 * SHELF_SERVER_URL is set), the app core on .data/app (key file .data/app/store.key, mode 0600;
 * SHELF_DATA_DIR moves .data) and the browser host on 127.0.0.1 (SHELF_HOST_PORT, else a free port). Signs the demo user in
 * on the first run, then prints the link to open.
 */
const log = terminalLogger('shelfkeeper');
await ensureBuilt(['renderer', 'prerender', 'bridge'], (line) => log.core.info(line));

const server = await licenseServer(log.pino);
const dataDir = path.join(dataRoot, 'app');
const app = await startBrowserApp({
  dataDir,
  rendererDir: path.join(dist, 'renderer'),
  prerenderDir: path.join(dist, 'prerender'),
  bridgeScriptFile: path.join(dist, 'bridge', 'browser-bridge.js'),
  serverUrl: server.url,
  port: process.env.SHELF_HOST_PORT ? Number(process.env.SHELF_HOST_PORT) : 0,
  logger: log.core,
  ...(server.licenseRoots ? { coreOptions: { licenseRoots: server.licenseRoots } } : {}),
}).catch(async (error: unknown) => {
  await server.close();
  throw error;
});

const signedIn = await signInOnFirstRun(
  app.core.handlers,
  server.demo,
  path.join(dataDir, 'demo-signed-in'),
).catch((error: unknown) => {
  log.core.warn('Signing in the demo user failed; sign in from the app.', {
    reason: (error as Error).message,
  });
  return false;
});

// The link carries a one-time token (exchanged for an HttpOnly cookie at first use), so it is
// printed for the person at this terminal and never logged.
process.stdout.write(
  [
    '',
    'Shelfkeeper is running in the browser host.',
    `  Open: ${app.host.loginUrl()}`,
    '  (the link signs one browser in, once; press Enter here for a new link)',
    `  License server: ${server.url}${server.dataDir ? ` (embedded, data in ${server.dataDir})` : ''}`,
    // No SMTP for the embedded server: sign-up and reset links are read from these files.
    server.dataDir
      ? `  Account mail (confirm and reset links): ${path.join(server.dataDir, 'mail')}`
      : '',
    signedIn ? `  Signed in as the demo user ${server.demo.email}.` : '',
    server.adminToken ? `  Admin token (shown once): ${server.adminToken}` : '',
    '  Stop with Ctrl+C.',
    '',
  ]
    .filter((line, index, lines) => line !== '' || index === 0 || index === lines.length - 1)
    .join('\n') + '\n',
);

const stopLinks = printNewLinkOnEnter(() => app.host.loginUrl());

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    stopLinks();
    app
      .close()
      .then(() => server.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}

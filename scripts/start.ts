import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ALL_PARTS, dataRoot, ensureBuilt, root } from './lib/build-steps';
import { electronUnavailable } from './lib/electron-check';
import { electronSqliteBinding } from './lib/electron-native';
import { licenseServer } from './lib/embedded-server';
import { terminalLogger } from './lib/terminal-logger';

/**
 * `npm start`: the embedded license server (unless SHELF_SERVER_URL is set) and the Electron app
 * pointed at it, the demo user signed in on the first run. Where Electron cannot start, one
 * paragraph says why and names `npm run start:browser`, then runs exactly that, so the product
 * still starts on its embedded defaults.
 */

function fallBackToBrowser(why: string): Promise<unknown> {
  process.stderr.write(
    `\nShelfkeeper cannot start its desktop window here: ${why}. ` +
      'Everything else works without Electron: `npm run start:browser` runs the same app (same core, ' +
      'same screens, the same embedded license server and demo user) in your web browser, through a ' +
      'local host on 127.0.0.1, and prints the link to open. Starting it that way now.\n\n',
  );
  return import('./start-browser');
}

const reason = electronUnavailable(root);
if (reason) {
  await fallBackToBrowser(reason);
} else {
  await startElectron();
}

async function startElectron(): Promise<void> {
  const log = terminalLogger('shelfkeeper');
  await ensureBuilt(ALL_PARTS, (line) => log.core.info(line));
  let sqliteBinding: string;
  try {
    sqliteBinding = electronSqliteBinding(root, path.join(dataRoot, 'electron-native'), (line) =>
      log.core.info(line),
    );
  } catch (error) {
    await fallBackToBrowser(
      `${(error as Error).message} (the local library needs it built for Electron)`,
    );
    return;
  }
  const server = await licenseServer(log.pino);
  const binary = createRequire(import.meta.url)('electron') as string;

  process.stdout.write(
    `\nShelfkeeper: license server ${server.url}${server.dataDir ? ` (embedded, data in ${server.dataDir})` : ''}; ` +
      `app data in ${path.join(dataRoot, 'electron')}.\n` +
      // No SMTP for the embedded server: sign-up and reset links are read from these files.
      (server.dataDir
        ? `Account mail (confirm and reset links): ${path.join(server.dataDir, 'mail')}\n`
        : '') +
      (server.adminToken ? `Admin token (shown once): ${server.adminToken}\n` : '') +
      '\n',
  );

  const child = spawn(binary, [root], {
    stdio: 'inherit',
    env: {
      ...process.env,
      SHELF_SERVER_URL: server.url,
      SHELF_USER_DATA_DIR: path.join(dataRoot, 'electron'),
      SHELF_DEMO_EMAIL: server.demo.email,
      SHELF_DEMO_PASSWORD: server.demo.password,
      SHELF_SQLITE_BINDING: sqliteBinding,
      // The embedded server's generated root (a public key): a development app trusts it.
      ...(server.licenseRoots?.[0] ? { SHELF_LICENSE_ROOT: server.licenseRoots[0] } : {}),
    },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    void server.close().finally(() => process.exit(code ?? (signal ? 1 : 0)));
  });
}

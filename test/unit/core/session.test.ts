import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/ipc/bridge';
import { openAppCore } from '../../../main/core/app-core';
import { jsonSettingsStore } from '../../../main/core/json-settings-store';
import { openStore } from '../../../main/core/store/store';
import { tempDir, throwawayKey } from '../../fixtures/core-fixtures';

// A session token was issued by one license server. Moving the server address to another host
// (in settings, or SHELF_SERVER_URL at the next start) must never hand that host the token.
// Server B listens on 127.0.0.2: another host name on the same loopback interface.

const TOKEN = 'session-token-of-server-a-'.padEnd(48, 'x');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An HTTP server on `host` that records each Authorization header and answers 503. */
async function recordingServer(
  host = '127.0.0.1',
): Promise<{ url: string; authorizations: string[] }> {
  const authorizations: string[] = [];
  const server: Server = createServer((req, res) => {
    authorizations.push(req.headers.authorization ?? '');
    res.writeHead(503, { 'Content-Type': 'application/problem+json' });
    res.end(JSON.stringify({ status: 503, code: 'INTERNAL', title: 'down', type: 'about:blank' }));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}`, authorizations };
}

/** A core whose store holds a session issued by `issuer`, opened with `serverUrl` set. */
async function coreWithSessionFrom(issuer: string, serverUrl: string) {
  const dir = tempDir();
  cleanups.push(dir.remove);
  const key = throwawayKey().provider;
  const store = await openStore(dir.path, key);
  store.account.setSession({
    serverUrl: issuer,
    userId: crypto.randomUUID(),
    email: 'reader@example.test',
    name: 'Reader',
    token: TOKEN,
    tokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    deviceSecret: null,
  });
  store.close();
  const core = await openAppCore({
    dataDir: dir.path,
    keyProvider: key,
    settings: jsonSettingsStore(join(dir.path, 'settings.json'), { serverUrl, theme: 'system' }),
    contentUrl: (id) => `shelf://content/${id}`,
    syncIntervalMs: 0,
    syncOnStart: false,
  });
  cleanups.push(() => core.close());
  return core;
}

describe('the session belongs to the server that issued it', () => {
  it('is never sent to another server address set while signed in', async () => {
    const [a, b] = [await recordingServer(), await recordingServer('127.0.0.2')];
    const core = await coreWithSessionFrom(a.url, a.url);
    const reasons: unknown[] = [];
    core.subscribe((event, payload) => {
      if (event === 'library.changed') reasons.push((payload as { reason: string }).reason);
    });

    expect((await core.handlers['account.get']({})).signedIn).toBe(true);
    await core.handlers['sync.now']({});
    expect(a.authorizations).toContain(`Bearer ${TOKEN}`);

    await core.handlers['settings.set']({ serverUrl: b.url });
    await core.handlers['sync.now']({});
    await core.handlers['account.signOut']({});
    // The app does talk to B (the catalog needs no session), just never with A's token.
    await dispatch(core.handlers, 'store.list', {});
    expect(b.authorizations.length).toBeGreaterThan(0);
    expect(b.authorizations.filter((header) => header.includes(TOKEN))).toEqual([]);
    // The UI is told to read the account again, which now says signed out.
    expect(reasons).toContain('signOut');
    expect((await core.handlers['account.get']({})).signedIn).toBe(false);
  });

  it('comes back when the address is set back to the issuing server', async () => {
    const [a, b] = [await recordingServer(), await recordingServer('127.0.0.2')];
    const core = await coreWithSessionFrom(a.url, b.url);

    // Started pointed at B (SHELF_SERVER_URL changed between runs): signed out there.
    expect((await core.handlers['account.get']({})).signedIn).toBe(false);
    await core.handlers['sync.now']({});
    expect(b.authorizations.filter((header) => header.includes(TOKEN))).toEqual([]);

    await core.handlers['settings.set']({ serverUrl: `${a.url}/` });
    expect((await core.handlers['account.get']({})).signedIn).toBe(true);

    // Another port on the issuing host (a local proxy, a moved server) keeps the session.
    const proxy = await recordingServer();
    await core.handlers['settings.set']({ serverUrl: proxy.url });
    expect((await core.handlers['account.get']({})).signedIn).toBe(true);
    await core.handlers['sync.now']({});
    expect(proxy.authorizations).toContain(`Bearer ${TOKEN}`);
  });
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  openTestCore,
  registerUser,
  licenseServerPerFile,
  type TestCore,
} from '../../fixtures/core-integration';

const suite = licenseServerPerFile();

const list = (test: TestCore) =>
  test.core.handlers['library.list']({ sort: 'title', direction: 'asc', offset: 0, limit: 100 });

describe('two devices of one user', () => {
  it('a return made on device A removes the content on device B at its next sync', async () => {
    const user = await registerUser(suite.server);
    const a = await openTestCore(suite.server.url);
    const b = await openTestCore(suite.server.url);
    suite.cores.push(a, b);
    await a.core.handlers['account.signIn'](user);
    await b.core.handlers['account.signIn'](user);
    expect((await a.core.handlers['account.get']({})).deviceId).not.toBe(
      (await b.core.handlers['account.get']({})).deviceId,
    );

    const contentId = suite.server.demo?.products['pixel-garden']?.contentIds[0] ?? '';
    await a.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
    // B learns of the purchase from the sync feed (license.issued carries the signed license).
    await b.core.handlers['sync.now']({});
    expect((await list(b)).items).toEqual([
      expect.objectContaining({ contentId, state: 'active' }),
    ]);
    await b.core.handlers['content.download']({ contentId });
    expect((await b.core.handlers['library.get']({ contentId })).licenseValid).toBe(true);
    // The image and its cover (an image is its own cover).
    expect(readdirSync(join(b.dataDir, 'vault'))).toHaveLength(2);

    const result = await a.core.handlers['returns.request']({ contentId, kind: 'buyback' });
    expect(result.status).toBe('confirmed');

    b.events.length = 0;
    await b.core.handlers['sync.now']({});
    expect((await list(b)).total).toBe(0);
    expect(readdirSync(join(b.dataDir, 'vault'))).toEqual([]);
    expect((await b.core.handlers['returns.list']({})).receipts).toEqual([
      expect.objectContaining({ returnId: result.returnId, contentId }),
    ]);
    // "Ask again" signals are coalesced (at most one per 100 ms): this one may come a little later.
    await vi.waitFor(() =>
      expect(b.events.map((e) => e.event)).toEqual(
        expect.arrayContaining(['return.confirmed', 'library.changed']),
      ),
    );
    expect((await b.core.handlers['wallet.get']({})).balance).toBe(result.receipt?.balance);

    // A third device catching up on the whole history sees the outcome only.
    const c = await openTestCore(suite.server.url);
    suite.cores.push(c);
    await c.core.handlers['account.signIn'](user);
    expect((await list(c)).total).toBe(0);
    expect((await c.core.handlers['returns.list']({})).receipts).toHaveLength(1);
    expect(c.events.map((e) => e.event)).not.toContain('return.confirmed');
    expect((await c.core.handlers['wallet.get']({})).balance).toBe(result.receipt?.balance);
  });

  it('a return queued on B for a license A already returned is confirmed by the 409 receipt', async () => {
    const user = await registerUser(suite.server);
    const a = await openTestCore(suite.server.url);
    const b = await openTestCore(suite.server.url);
    suite.cores.push(a, b);
    await a.core.handlers['account.signIn'](user);
    const contentId = suite.server.demo?.products['harbor-sketches']?.contentIds[1] ?? '';
    await a.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
    await b.core.handlers['account.signIn'](user);
    const fromA = await a.core.handlers['returns.request']({ contentId, kind: 'buyback' });

    // B has not synced since: it still holds the license and returns it with its own id.
    const fromB = await b.core.handlers['returns.request']({ contentId, kind: 'buyback' });
    expect(fromB.status).toBe('confirmed');
    expect(fromB.receipt?.returnId).toBe(fromA.returnId);
    expect((await list(b)).total).toBe(0);
  });

  it('signing out keeps the library; another user signing in on the device starts empty', async () => {
    const first = await registerUser(suite.server);
    const second = await registerUser(suite.server);
    const test = await openTestCore(suite.server.url);
    suite.cores.push(test);
    const { handlers } = test.core;
    await handlers['account.signIn'](first);
    const contentId = suite.server.demo?.products['recipes']?.contentIds[0] ?? '';
    await handlers['store.buy']({ contentId, pointsToUse: 0 });
    await handlers['content.download']({ contentId });

    expect(await handlers['account.signOut']({})).toMatchObject({ signedIn: false, user: null });
    expect((await list(test)).total).toBe(1);
    await handlers['account.signIn'](first);
    expect((await list(test)).total).toBe(1);

    const account = await handlers['account.signIn'](second);
    expect(account).toMatchObject({ signedIn: true, user: { email: second.email } });
    expect((await list(test)).total).toBe(0);
    expect(readdirSync(join(test.dataDir, 'vault'))).toEqual([]);
  });

  it('a device removed from another session is signed out, keeping its library and queue', async () => {
    const user = await registerUser(suite.server);
    const test = await openTestCore(suite.server.url);
    suite.cores.push(test);
    const { handlers } = test.core;
    await handlers['account.signIn'](user);
    const contentId = suite.server.demo?.products['short-stories']?.contentIds[0] ?? '';
    await handlers['store.buy']({ contentId, pointsToUse: 0 });
    const deviceId = (await handlers['account.get']({})).deviceId ?? '';

    const login = await fetch(`${suite.server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...user, deviceId: crypto.randomUUID(), deviceName: 'web' }),
    });
    const { token } = (await login.json()) as { token: string };
    const removed = await fetch(`${suite.server.url}/v1/devices/${deviceId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(removed.status).toBe(200);

    const status = await handlers['sync.now']({});
    expect(status.lastError?.code).toBe('UNAUTHENTICATED');
    expect(await handlers['account.get']({})).toMatchObject({ signedIn: false });
    expect((await list(test)).total).toBe(1);
    const queued = await handlers['returns.request']({ contentId, kind: 'buyback' });
    expect(queued.status).toBe('queued');

    await handlers['account.signIn'](user);
    expect((await list(test)).total).toBe(0);
    expect((await handlers['returns.list']({})).receipts).toEqual([
      expect.objectContaining({ returnId: queued.returnId }),
    ]);
  });
});

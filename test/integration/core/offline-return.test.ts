import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../server/index';
import { returnsResponseSchema } from '../../../shared/api/returns';
import type { SyncStatus } from '../../../shared/ipc/sync';
import { openAppCore } from '../../../main/core/app-core';
import { SEND_BATCH } from '../../../main/core/returns/return-flow';
import { jsonSettingsStore } from '../../../main/core/json-settings-store';
import { envKeyProvider } from '../../../main/core/key-provider';
import { tempDir, throwawayKey } from '../../fixtures/core-fixtures';
import {
  openTestCore,
  registerUser,
  startLicenseServer,
  type TestCore,
} from '../../fixtures/core-integration';
import { TEST_LICENSE_ROOT } from '../../fixtures/license-root';

const serverDir = tempDir('shelf-server-').path;
let server: RunningServer;
let port: number;
const cores: TestCore[] = [];

beforeAll(async () => {
  server = await startLicenseServer({ dataDir: serverDir });
  port = server.port;
});
afterAll(async () => {
  for (const core of cores) await core.close();
  await server?.close();
});

/** The user's returns as the server lists them (signed in from another device). */
async function serverReturns(url: string, user: { email: string; password: string }) {
  const login = await fetch(`${url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...user, deviceId: randomUUID(), deviceName: 'checker' }),
  });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`${url}/v1/returns`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return returnsResponseSchema.parse(await response.json()).returns;
}

const list = (test: TestCore) =>
  test.core.handlers['library.list']({ sort: 'title', direction: 'asc', offset: 0, limit: 100 });

describe('a return made while the server is down', () => {
  it('is queued, survives a restart of the core, and is sent exactly once when the server is back', async () => {
    const user = await registerUser(server);
    let test = await openTestCore(server.url);
    await test.core.handlers['account.signIn'](user);
    const contentId = server.demo?.products['typesetting']?.contentIds[0] ?? '';
    await test.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
    await test.core.handlers['content.download']({ contentId });
    // A quote seen while online: offline, the dialog offers its kinds.
    await test.core.handlers['returns.options']({ contentId });

    await server.close();
    const options = await test.core.handlers['returns.options']({ contentId });
    expect(options).toMatchObject({ quote: null, offline: true, deletes: { downloaded: true } });
    expect(options.offlineKinds.sort()).toEqual(['buyback', 'trade_in']);

    const result = await test.core.handlers['returns.request']({ contentId, kind: 'buyback' });
    expect(result.status).toBe('queued');
    expect((await list(test)).items[0]).toMatchObject({ contentId, state: 'return_pending' });
    await expect(test.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'LICENSE_LOCKED',
    });
    const status = await test.core.handlers['sync.now']({});
    expect(status).toMatchObject({
      online: false,
      queuedReturns: 1,
      lastError: { code: 'SERVER_UNREACHABLE' },
    });

    test = await test.reopen();
    cores.push(test);
    const queued = (await test.core.handlers['returns.list']({})).queued;
    // `sending` when the failed attempt may have reached the server (a reset keep-alive socket).
    expect(queued).toEqual([
      expect.objectContaining({
        returnId: result.returnId,
        contentId,
        kind: 'buyback',
        status: expect.stringMatching(/^(queued|sending)$/),
      }),
    ]);
    expect((await list(test)).items[0]).toMatchObject({ contentId, state: 'return_pending' });

    server = await startLicenseServer({ dataDir: serverDir, port });
    const after = await test.core.handlers['sync.now']({});
    expect(after).toMatchObject({ online: true, queuedReturns: 0, lastError: null });
    expect((await list(test)).total).toBe(0);
    expect(readdirSync(join(test.dataDir, 'vault'))).toEqual([]);
    const receipts = (await test.core.handlers['returns.list']({})).receipts;
    expect(receipts).toEqual([expect.objectContaining({ returnId: result.returnId, contentId })]);
    expect(test.events).toContainEqual(expect.objectContaining({ event: 'return.confirmed' }));

    // Exactly once on the server: one return, one buyback entry in the ledger.
    await test.core.handlers['sync.now']({});
    const wallet = await test.core.handlers['wallet.get']({});
    expect(wallet.entries.filter((e) => e.reason === 'buyback')).toHaveLength(1);
    expect(wallet.balance).toBe(wallet.entries[0]?.balanceAfter);
    const returns = await serverReturns(server.url, user);
    expect(returns.map((r) => r.returnId)).toEqual([result.returnId]);
  });

  it('sends a full outbox as one batch, each return exactly once, its receipts stored together', async () => {
    const user = await registerUser(server);
    // Runs once per local receipt transaction that confirmed something (return-receipt.ts).
    let receiptTransactions = 0;
    const afterReceiptStored = () => {
      receiptTransactions += 1;
      return Promise.resolve();
    };
    const test = await openTestCore(server.url, undefined, { afterReceiptStored });
    cores.push(test);
    await test.core.handlers['account.signIn'](user);
    const candidates: Array<{ contentId: string; kind: 'buyback' | 'trade_in' }> = [];
    for (const product of Object.values(server.demo?.products ?? {})) {
      const contentId = product.contentIds[0] ?? '';
      await test.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
      // Products without a return policy are refused by the quote: not part of this test.
      const options = await Promise.resolve(
        test.core.handlers['returns.options']({ contentId }),
      ).catch(() => null);
      const kind = options?.offlineKinds[0];
      if (kind) candidates.push({ contentId, kind });
    }

    await server.close();
    // Offline, the demo policies' returns-per-30-days limits already count the returns queued
    // before: past a limit the request is refused here and nothing is queued.
    const queued: typeof candidates = [];
    const refusedHere: string[] = [];
    for (const item of candidates) {
      try {
        await test.core.handlers['returns.request'](item);
        queued.push(item);
      } catch (error) {
        expect(error).toMatchObject({ code: 'RETURN_LIMIT_REACHED' });
        refusedHere.push(item.contentId);
      }
    }
    expect(queued.length).toBeGreaterThan(2);
    expect(queued.length).toBeLessThan(SEND_BATCH);
    expect(refusedHere.length).toBeGreaterThan(0);
    expect((await test.core.handlers['sync.status']({})).queuedReturns).toBe(queued.length);
    server = await startLicenseServer({ dataDir: serverDir, port });

    const after = await test.core.handlers['sync.now']({});
    expect(after).toMatchObject({ online: true, queuedReturns: 0, lastError: null });
    // One request, one local transaction for all of its receipts.
    expect(receiptTransactions).toBe(1);
    // Each queued return settled exactly once: a receipt, or refused by the demo policies'
    // returns-per-30-days limits (the license is then active again).
    const receipts = (await test.core.handlers['returns.list']({})).receipts;
    const refused = test.events
      .filter((e) => e.event === 'return.failed')
      .map((e) => e.payload as { contentId: string; code: string });
    expect(refused.every((r) => r.code === 'RETURN_LIMIT_REACHED')).toBe(true);
    expect(
      [...receipts.map((r) => r.contentId), ...refused.map((r) => r.contentId)].sort(),
    ).toEqual(queued.map((q) => q.contentId).sort());
    expect(receipts.length).toBeGreaterThan(1);
    const onServer = await serverReturns(server.url, user);
    expect(onServer.map((r) => r.returnId).sort()).toEqual(receipts.map((r) => r.returnId).sort());
    expect((await list(test)).items.filter((i) => i.state !== 'active')).toEqual([]);
  });

  it('the background sync retries with backoff and is online again once the server is back', async () => {
    const user = await registerUser(server);
    const dataDir = tempDir().path;
    const keyHex = throwawayKey().hex;
    const settings = jsonSettingsStore(join(dataDir, 'settings.json'), {
      serverUrl: server.url,
      theme: 'system',
    });
    const core = await openAppCore({
      dataDir,
      keyProvider: envKeyProvider({ SHELF_STORE_KEY: keyHex }),
      settings,
      contentUrl: (id) => id,
      syncIntervalMs: 60_000,
      syncOnStart: false,
      backoff: { baseMs: 100, maxMs: 400 },
      licenseRoots: [TEST_LICENSE_ROOT],
    });
    const statuses: SyncStatus[] = [];
    core.subscribe((event, payload) => {
      if (event === 'sync.status') statuses.push(payload as SyncStatus);
    });
    try {
      await core.handlers['account.signIn'](user);
      await server.close();
      const down = await core.handlers['sync.now']({});
      expect(down).toMatchObject({ online: false, lastError: { code: 'SERVER_UNREACHABLE' } });
      expect(down.nextRetryAt).not.toBeNull();
      statuses.length = 0;

      server = await startLicenseServer({ dataDir: serverDir, port });
      // No call from the test: the retry timer finds the server again.
      await waitFor(
        () => statuses.some((s) => s.online && !s.syncing && s.lastError === null),
        10_000,
      );
      expect((await core.handlers['sync.status']({})).online).toBe(true);
    } finally {
      await core.close();
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

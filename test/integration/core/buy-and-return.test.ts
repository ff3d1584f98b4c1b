import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  openTestCore,
  registerUser,
  licenseServerPerFile,
  startTruncatingProxy,
  type TestCore,
} from '../../fixtures/core-integration';

const suite = licenseServerPerFile();

function content(key: string, version = 1): string {
  const id = suite.server.demo?.products[key]?.contentIds[version - 1];
  if (!id) throw new Error(`demo content ${key} v${version} missing`);
  return id;
}

async function signedInCore(): Promise<TestCore> {
  const test = await openTestCore(suite.server.url);
  suite.cores.push(test);
  await test.core.handlers['account.signIn'](await registerUser(suite.server));
  return test;
}

async function readAll(test: TestCore, contentId: string): Promise<Buffer> {
  const opened = await test.core.openContent(contentId);
  const parts: Buffer[] = [];
  for await (const part of opened.stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const vaultFiles = (test: TestCore) => readdirSync(join(test.dataDir, 'vault'));

describe('buy, download, open, return (real license server)', () => {
  it('buyback: the receipt deletes the file and rows and shows the points', async () => {
    const test = await signedInCore();
    const { handlers } = test.core;
    const contentId = content('quiet-shelf');

    const bought = await handlers['store.buy']({ contentId, pointsToUse: 0 });
    expect(bought).toMatchObject({ contentId, balance: 0 });
    expect((await handlers['store.get']({ contentId })).owned).toBe(true);
    // The wallet's history of money purchases reads the order the server holds for it.
    expect((await handlers['wallet.orders']({})).orders).toEqual([
      expect.objectContaining({
        contentId,
        title: 'The Quiet Shelf',
        state: 'paid',
        moneyDueCents: 999,
        pointsHeld: 0,
        currency: 'usd',
        testPayment: true,
        licenseId: bought.licenseId,
      }),
    ]);
    expect(
      await handlers['library.list']({ sort: 'title', direction: 'asc', offset: 0, limit: 100 }),
    ).toMatchObject({
      total: 1,
      items: [{ contentId, downloaded: false, state: 'active' }],
    });

    await handlers['content.download']({ contentId });
    expect(test.events.some((e) => e.event === 'download.progress')).toBe(true);
    const detail = await handlers['library.get']({ contentId });
    expect(detail).toMatchObject({ downloaded: true, licenseValid: true });
    const bytes = await readAll(test, contentId);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(detail.sha256);
    expect(await handlers['content.open']({ contentId })).toMatchObject({
      url: `shelf://content/${contentId}`,
    });
    // The EPUB and its cover, each encrypted in the vault.
    expect(vaultFiles(test)).toHaveLength(2);

    const options = await handlers['returns.options']({ contentId });
    expect(options.offline).toBe(false);
    const buyback = options.quote?.options.find((o) => o.kind === 'buyback');
    expect(buyback?.privilege).toEqual({ type: 'points', points: Math.floor(999 * 0.7) });

    const queued: number[] = [];
    const stop = test.core.subscribe((event, payload) => {
      if (event === 'sync.status')
        queued.push((payload as { queuedReturns: number }).queuedReturns);
    });
    const result = await handlers['returns.request']({
      contentId,
      kind: 'buyback',
      quoteId: options.quote?.quoteId,
    });
    stop();
    expect(result.status).toBe('confirmed');
    // The header's queued count went up and back down before the answer, not after it.
    expect(queued[0]).toBe(1);
    expect(queued.at(-1)).toBe(0);
    expect(result.receipt).toMatchObject({
      contentId,
      kind: 'buyback',
      privilege: { type: 'points', points: 699 },
      balance: 699,
    });

    expect(vaultFiles(test)).toEqual([]);
    expect(
      (await handlers['library.list']({ sort: 'title', direction: 'asc', offset: 0, limit: 100 }))
        .total,
    ).toBe(0);
    await expect(handlers['library.get']({ contentId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await handlers['returns.list']({})).receipts).toHaveLength(1);
    // "Ask again" signals are coalesced (at most one per 100 ms): this one may come a little later.
    await vi.waitFor(() =>
      expect(test.events.map((e) => e.event)).toEqual(
        expect.arrayContaining(['return.confirmed', 'wallet.changed']),
      ),
    );

    await handlers['sync.now']({});
    const wallet = await handlers['wallet.get']({});
    expect(wallet.balance).toBe(699);
    // The history names what was returned (from the server, cached for offline).
    expect(wallet.entries).toContainEqual(
      expect.objectContaining({
        delta: 699,
        reason: 'buyback',
        balanceAfter: 699,
        item: { contentId, title: 'The Quiet Shelf', version: 1 },
      }),
    );
    const csv = await handlers['wallet.exportCsv']({ what: 'receipts' });
    expect(csv.csv).toContain('The Quiet Shelf,1,buyback,points,699');
    expect((await handlers['wallet.exportCsv']({ what: 'ledger' })).csv).toMatch(
      /,699,buyback,The Quiet Shelf,1,/,
    );
  });

  it('upgrade: a trade-in adds the newest version, ready to download', async () => {
    const test = await signedInCore();
    const { handlers } = test.core;
    const v1 = content('quiet-shelf', 1);
    const v3 = content('quiet-shelf', 3);
    await handlers['store.buy']({ contentId: v1, pointsToUse: 0 });
    // Never downloaded: a return must work all the same.
    const result = await handlers['returns.request']({ contentId: v1, kind: 'trade_in' });
    expect(result.receipt?.privilege).toMatchObject({
      type: 'upgrade',
      license: { content: { contentId: v3, version: 3 } },
    });

    const page = await handlers['library.list']({
      sort: 'title',
      direction: 'asc',
      offset: 0,
      limit: 100,
    });
    expect(page.items).toEqual([
      expect.objectContaining({ contentId: v3, version: 3, downloaded: false, state: 'active' }),
    ]);
    await handlers['content.download']({ contentId: v3 });
    // Version 3 is an EPUB: a zip whose first entry names its type.
    expect((await readAll(test, v3)).subarray(30, 58).toString('ascii')).toBe(
      'mimetypeapplication/epub+zip',
    );
    expect((await handlers['library.get']({ contentId: v3 })).licenseValid).toBe(true);
  });

  it('a return refused while the caller waits: active again, told once by the answer', async () => {
    const test = await signedInCore();
    const { handlers } = test.core;
    const contentId = content('harbor-sketches'); // buyback only
    await handlers['store.buy']({ contentId, pointsToUse: 0 });
    await expect(
      handlers['returns.request']({ contentId, kind: 'trade_in' }),
    ).rejects.toMatchObject({
      code: 'OPTION_NOT_OFFERED',
    });
    const item = (
      await handlers['library.list']({ sort: 'title', direction: 'asc', offset: 0, limit: 10 })
    ).items[0];
    // The dialog that asked shows the refusal: no banner or notice repeats it.
    expect(item).toMatchObject({ state: 'active', lastReturnError: null });
    expect(test.events.map((e) => e.event)).not.toContain('return.failed');
    expect((await handlers['returns.list']({})).queued).toEqual([]);
  });

  it('a purchase retried after a lost answer reuses its idempotency key', async () => {
    const test = await signedInCore();
    const { handlers } = test.core;
    const contentId = content('field-notes');
    // The server handles the purchase, but the answer is cut on its way back.
    const proxy = await startTruncatingProxy(
      { host: suite.server.host, port: suite.server.port },
      1,
    );
    await handlers['settings.set']({ serverUrl: proxy.url });
    await expect(handlers['store.buy']({ contentId, pointsToUse: 0 })).rejects.toMatchObject({
      code: 'SERVER_UNREACHABLE',
    });
    await proxy.close();
    await handlers['settings.set']({ serverUrl: suite.server.url });

    // Same key: the server answers the first purchase instead of LICENSE_ALREADY_OWNED.
    const retried = await handlers['store.buy']({ contentId, pointsToUse: 0 });
    expect(retried.contentId).toBe(contentId);
    expect((await handlers['library.counts']({})).total).toBe(1);
    await expect(handlers['store.buy']({ contentId, pointsToUse: 0 })).rejects.toMatchObject({
      code: 'LICENSE_ALREADY_OWNED',
    });
  });
});

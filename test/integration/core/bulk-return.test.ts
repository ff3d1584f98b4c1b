import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../server/index';
import type { BulkConfirmInput } from '../../../shared/ipc/bulk-return';
import { tempDir } from '../../fixtures/core-fixtures';
import {
  licenseServerPerFile,
  openTestCore,
  registerUser,
  startLicenseServer,
  type TestCore,
} from '../../fixtures/core-integration';

const suite = licenseServerPerFile();

function content(server: RunningServer, key: string, version = 1): string {
  const id = server.demo?.products[key]?.contentIds[version - 1];
  if (!id) throw new Error(`demo content ${key} v${version} missing`);
  return id;
}

async function signedInCore(server: RunningServer): Promise<TestCore> {
  const test = await openTestCore(server.url);
  suite.cores.push(test);
  await test.core.handlers['account.signIn'](await registerUser(server));
  return test;
}

const listed = async (test: TestCore) =>
  (
    await test.core.handlers['library.list']({
      sort: 'title',
      direction: 'asc',
      offset: 0,
      limit: 100,
    })
  ).items;

describe('bulk return (core, real license server)', () => {
  it('quotes many contents as one offer and the confirmation grants exactly the quoted totals', async () => {
    const test = await signedInCore(suite.server);
    const h = test.core.handlers;
    // Upgrade policy (v1 of 3), buyback only, and a product with no return policy at all.
    const keys = ['quiet-shelf', 'harbor-sketches', 'recipes'];
    const ids = keys.map((key) => content(suite.server, key));
    for (const contentId of ids) await h['store.buy']({ contentId, pointsToUse: 0 });
    const stranger = randomUUID();

    const offer = await h['returns.bulkQuote']({ contentIds: [...ids, stranger] });
    expect(offer.offline).toBe(false);
    expect(offer.items.map((i) => i.contentId)).toEqual([...ids, stranger]);
    expect(offer.items.map((i) => i.error?.code ?? null)).toEqual([
      null,
      null,
      'NOT_RETURNABLE',
      'NOT_FOUND',
    ]);
    const [quiet, harbor] = offer.items;
    expect(quiet?.quote?.options.map((o) => o.kind).sort()).toEqual(['buyback', 'trade_in']);
    expect(harbor?.quote?.options.map((o) => o.kind)).toEqual(['buyback']);
    const chosenPoints = offer.items
      .map((i) => (i.choice?.privilege.type === 'points' ? i.choice.privilege.points : 0))
      .reduce((a, b) => a + b, 0);
    expect(chosenPoints).toBeGreaterThan(0);
    expect(offer.totals).toEqual({ returnable: 2, refused: 2, points: chosenPoints, upgrades: 0 });

    // Asking for trade-ins: the upgrade is counted, the buyback-only item says why not.
    const tradeIns = await h['returns.bulkQuote']({
      contentIds: ids.slice(0, 2),
      kind: 'trade_in',
    });
    expect(tradeIns.items.map((i) => i.choice?.privilege.type ?? i.error?.code)).toEqual([
      'upgrade',
      'OPTION_NOT_OFFERED',
    ]);
    expect(tradeIns.totals).toMatchObject({ returnable: 1, refused: 1, points: 0, upgrades: 1 });

    // Confirm the first offer: one batch, each item confirmed by its own receipt.
    const items: BulkConfirmInput['items'] = offer.items.flatMap((i) =>
      i.choice && i.quote
        ? [{ contentId: i.contentId, kind: i.choice.kind, quoteId: i.quote.quoteId }]
        : [],
    );
    const confirmed = await h['returns.bulkConfirm']({ items });
    expect(confirmed.items.map((i) => [i.contentId, i.status])).toEqual([
      [ids[0], 'confirmed'],
      [ids[1], 'confirmed'],
    ]);
    const granted = confirmed.items
      .map((i) => (i.receipt?.privilege.type === 'points' ? i.receipt.privilege.points : 0))
      .reduce((a, b) => a + b, 0);
    // The offer's promise, held by the server: exactly the quoted points.
    expect(granted).toBe(offer.totals.points);
    expect((await h['wallet.get']({})).balance).toBe(offer.totals.points);
    expect((await listed(test)).map((i) => i.contentId)).toEqual([ids[2]]);
    expect((await h['returns.list']({})).queued).toEqual([]);
  });

  it('refuses items it cannot queue without touching the others', async () => {
    const test = await signedInCore(suite.server);
    const h = test.core.handlers;
    const a = content(suite.server, 'morning-chimes');
    const b = content(suite.server, 'pixel-garden');
    for (const contentId of [a, b]) await h['store.buy']({ contentId, pointsToUse: 0 });
    const result = await h['returns.bulkConfirm']({
      items: [
        { contentId: a, kind: 'buyback' },
        { contentId: a, kind: 'buyback' },
        { contentId: randomUUID(), kind: 'buyback' },
        { contentId: b, kind: 'buyback', quoteId: randomUUID() },
      ],
    });
    expect(result.items.map((i) => [i.status, i.error?.code ?? null])).toEqual([
      ['confirmed', null],
      ['refused', 'LICENSE_LOCKED'],
      ['refused', 'NOT_FOUND'],
      // Sent, and refused by the server for its own reason: back to active, with the reason.
      ['refused', 'NOT_FOUND'],
    ]);
    const left = await listed(test);
    expect(left.map((i) => [i.contentId, i.state, i.lastReturnError?.code])).toEqual([
      [b, 'active', 'NOT_FOUND'],
    ]);
  });

  it('offline: queues every item at once; the next sync sends them as one batch, each deleted by its own receipt', async () => {
    const dataDir = tempDir('shelf-server-').path;
    let server = await startLicenseServer({ dataDir });
    const port = server.port;
    try {
      // Counts the local receipt transactions that confirmed something (return-receipt.ts).
      let receiptTransactions = 0;
      const user = await registerUser(server);
      const test = await openTestCore(server.url, undefined, {
        afterReceiptStored: () => {
          receiptTransactions += 1;
          return Promise.resolve();
        },
      });
      suite.cores.push(test);
      const h = test.core.handlers;
      await h['account.signIn'](user);
      const keys = ['quiet-shelf', 'harbor-sketches', 'typesetting', 'morning-chimes'];
      const ids = keys.map((key) => content(server, key));
      for (const contentId of ids) await h['store.buy']({ contentId, pointsToUse: 0 });
      await h['content.download']({ contentId: ids[0] ?? '' });
      // Policies were cached by the purchase: offline, buyback is allowed for these.
      await server.close();
      await h['sync.now']({});
      expect((await h['sync.status']({})).online).toBe(false);

      const offer = await h['returns.bulkQuote']({ contentIds: ids, kind: 'buyback' });
      expect(offer.offline).toBe(true);
      expect(offer.items.every((i) => i.offlineKinds.includes('buyback'))).toBe(true);
      const queued = await h['returns.bulkConfirm']({
        items: ids.map((contentId) => ({ contentId, kind: 'buyback' as const })),
      });
      expect(queued.items.map((i) => i.status)).toEqual(['queued', 'queued', 'queued', 'queued']);
      expect((await listed(test)).map((i) => i.state)).toEqual(ids.map(() => 'return_pending'));

      server = await startLicenseServer({ dataDir, port });
      const after = await h['sync.now']({});
      expect(after).toMatchObject({ online: true, queuedReturns: 0, lastError: null });
      expect(receiptTransactions).toBe(1);
      const receipts = (await h['returns.list']({})).receipts;
      expect(receipts.map((r) => r.returnId).sort()).toEqual(
        queued.items.map((i) => i.returnId).sort(),
      );
      expect(await listed(test)).toEqual([]);
      // The downloaded content's file went with its own confirmation.
      expect(readdirSync(join(test.dataDir, 'vault'))).toEqual([]);
      const wallet = await h['wallet.get']({});
      expect(wallet.balance).toBe(
        receipts.reduce(
          (sum, r) => sum + (r.privilege.type === 'points' ? r.privilege.points : 0),
          0,
        ),
      );
    } finally {
      await server.close();
    }
  });

  it('against a server without the batch route, sends each return on its own instead', async () => {
    // A license server of before the batch route: the same server behind a proxy that answers
    // 404 problem+json to POST /v1/returns/batch, as an older server's router would.
    const batchRequests: string[] = [];
    const target = new URL(suite.server.url);
    const proxy: Server = createServer((incoming, answer) => {
      if (incoming.url?.startsWith('/v1/returns/batch')) {
        batchRequests.push(incoming.url);
        incoming.resume();
        answer.writeHead(404, { 'content-type': 'application/problem+json' });
        answer.end(
          JSON.stringify({
            type: 'https://shelfkeeper.dev/problems/not-found',
            title: 'That item could not be found.',
            status: 404,
            code: 'NOT_FOUND',
          }),
        );
        return;
      }
      const forward = request(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (reply) => {
          answer.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(answer);
        },
      );
      incoming.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const test = await openTestCore(url);
      suite.cores.push(test);
      const h = test.core.handlers;
      await h['account.signIn'](await registerUser({ url, dataDir: suite.server.dataDir }));
      const ids = ['harbor-sketches', 'typesetting'].map((key) => content(suite.server, key));
      for (const contentId of ids) await h['store.buy']({ contentId, pointsToUse: 0 });
      const result = await h['returns.bulkConfirm']({
        items: ids.map((contentId) => ({ contentId, kind: 'buyback' as const })),
      });
      expect(batchRequests).toHaveLength(1);
      expect(result.items.map((i) => i.status)).toEqual(['confirmed', 'confirmed']);
      expect(await listed(test)).toEqual([]);
      expect((await h['returns.list']({})).receipts).toHaveLength(2);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

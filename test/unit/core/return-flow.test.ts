import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogItem } from '../../../shared/api/catalog';
import type { LicenseView } from '../../../shared/api/licenses';
import { AppError } from '../../../shared/errors';
import { checkLicense } from '../../../main/core/license-check';
import { VerifiedHandoff } from '../../../main/core/library/verified-handoff';
import { openContentStream } from '../../../main/core/library/open-content';
import { ReturnFlow } from '../../../main/core/returns/return-flow';
import { returnOptions } from '../../../main/core/returns/return-options';
import { applyReceipt, recoverReturns } from '../../../main/core/returns/return-receipt';
import { sampleCatalogItem, sampleReceipt } from '../../fixtures/contract-samples';
import {
  bufferStream,
  createTestContext,
  fileFor,
  licenseSigner,
  signedLicenseView,
  storeLease,
  tempDir,
  type TestContext,
} from '../../fixtures/core-fixtures';

const signer = licenseSigner();
const userId = randomUUID();
let dir: ReturnType<typeof tempDir>;
let ctx: TestContext;

beforeEach(async () => {
  dir = tempDir();
  // The server URL is a closed port: every request fails as "server unreachable".
  ctx = await createTestContext(dir.path, { userId, signer });
});
afterEach(() => {
  ctx.close();
  dir.remove();
});

async function addContent(options: { download?: boolean; item?: Partial<CatalogItem> } = {}) {
  const bytes = randomBytes(5_000);
  const item = sampleCatalogItem({ file: fileFor(bytes), ...options.item });
  const view = signedLicenseView(signer, userId, item);
  ctx.store.transaction(() => {
    ctx.store.contents.upsert(view.content, ctx.now());
    ctx.store.licenses.insert(view);
  });
  storeLease(ctx, signer, userId, [view.licenseId]);
  if (options.download !== false) {
    const stored = await ctx.vault.write(bufferStream(bytes), item.file);
    ctx.store.contents.setVault(item.contentId, stored.file, stored.key, ctx.now());
  }
  return { view, bytes, contentId: item.contentId };
}

async function codeOf(run: () => unknown): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
}

function receiptFor(view: LicenseView, privilege = { type: 'points' as const, points: 699 }) {
  return sampleReceipt({
    licenseId: view.licenseId,
    contentId: view.content.contentId,
    productId: view.content.productId,
    privilege,
    balance: 1_699,
  });
}

describe('license check', () => {
  it('opens a genuine license and refuses a hand-edited row', async () => {
    const { view, bytes, contentId } = await addContent();
    await checkLicense(ctx, contentId);
    const opened = await openContentStream(ctx, contentId, new VerifiedHandoff());
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);

    const original = JSON.stringify(view.signed);
    const edit = (sql: string, ...params: unknown[]) => ctx.store.db.prepare(sql).run(...params);
    edit(
      'UPDATE licenses SET signed = ? WHERE license_id = ?',
      original.replace(userId, randomUUID()),
      view.licenseId,
    );
    expect(await codeOf(() => checkLicense(ctx, contentId))).toBe('LICENSE_INVALID');
    edit(
      'UPDATE licenses SET signed = ? WHERE license_id = ?',
      // A different first character: replacing it with a fixed one left a signature that began with
      // it unchanged (one run in 64).
      original.replace(
        /"signature":"(.)/,
        (_, first: string) => `"signature":"${first === 'B' ? 'C' : 'B'}`,
      ),
      view.licenseId,
    );
    expect(await codeOf(() => checkLicense(ctx, contentId))).toBe('LICENSE_INVALID');
    edit('UPDATE licenses SET signed = ? WHERE license_id = ?', original, view.licenseId);
    edit('UPDATE contents SET version = version + 1 WHERE content_id = ?', contentId);
    expect(await codeOf(() => checkLicense(ctx, contentId))).toBe('LICENSE_INVALID');
    edit('UPDATE contents SET version = version - 1 WHERE content_id = ?', contentId);
    await checkLicense(ctx, contentId);
  });

  it('opens nothing not downloaded, and nothing once a return is pending', async () => {
    const { contentId } = await addContent({ download: false });
    expect(await codeOf(() => openContentStream(ctx, contentId, new VerifiedHandoff()))).toBe(
      'CONTENT_NOT_DOWNLOADED',
    );
    await new ReturnFlow(ctx).request(contentId, 'buyback');
    expect(await codeOf(() => openContentStream(ctx, contentId, new VerifiedHandoff()))).toBe(
      'LICENSE_LOCKED',
    );
  });
});

describe('return state machine', () => {
  it('queues while the server is down; cancel puts it back to active', async () => {
    const { view, contentId } = await addContent();
    const flow = new ReturnFlow(ctx);
    const result = await flow.request(contentId, 'buyback');
    expect(result.status).toBe('queued');
    expect(ctx.store.licenses.get(view.licenseId)?.state).toBe('return_pending');
    const row = ctx.store.outbox.getByLicense(view.licenseId);
    // Connection refused: the server cannot have it, so it is still cancellable.
    expect(row).toMatchObject({
      returnId: result.returnId,
      status: 'queued',
      attempts: 1,
      lastError: 'SERVER_UNREACHABLE',
    });
    expect(await codeOf(() => flow.request(contentId, 'buyback'))).toBe('LICENSE_LOCKED');

    flow.cancel(contentId);
    expect(ctx.store.licenses.get(view.licenseId)).toMatchObject({
      state: 'active',
      lastErrorCode: null,
    });
    expect(ctx.store.outbox.count()).toBe(0);
    expect(await codeOf(() => flow.cancel(contentId))).toBe('NOT_FOUND');
  });

  it('refuses to cancel once the request may have reached the server', async () => {
    const { contentId, view } = await addContent();
    const flow = new ReturnFlow(ctx);
    const { returnId } = await flow.request(contentId, 'trade_in');
    ctx.store.outbox.markSending(returnId);
    expect(await codeOf(() => flow.cancel(contentId))).toBe('RETURN_NOT_CANCELLABLE');
    expect(ctx.store.licenses.get(view.licenseId)?.state).toBe('return_pending');
  });

  it('offline, offers only the kinds of the policy (or the last quote)', async () => {
    const { contentId } = await addContent({
      item: {
        returnPolicy: {
          windowDays: 30,
          buybackRatePct: 50,
          tradeIn: null,
          limitPer30Days: null,
        },
      },
    });
    const flow = new ReturnFlow(ctx);
    const other = await addContent();
    await flow.request(other.contentId, 'buyback'); // finds the server down
    expect(ctx.isOnline()).toBe(false);
    expect(await codeOf(() => flow.request(contentId, 'trade_in'))).toBe('OPTION_NOT_OFFERED');
    expect((await flow.request(contentId, 'buyback')).status).toBe('queued');
  });

  it('offline, refuses here what the server would refuse, and queues nothing', async () => {
    const flow = new ReturnFlow(ctx);
    const goOffline = await addContent();
    await flow.request(goOffline.contentId, 'buyback'); // finds the server down: 1 queued
    expect(ctx.isOnline()).toBe(false);

    const none = await addContent({ item: { returnPolicy: null } });
    expect(await codeOf(() => flow.request(none.contentId, 'buyback'))).toBe('NOT_RETURNABLE');

    const closed = await addContent();
    ctx.store.db
      .prepare('UPDATE licenses SET return_deadline = ? WHERE license_id = ?')
      .run(new Date(Date.now() - 1_000).toISOString(), closed.view.licenseId);
    expect(await codeOf(() => flow.request(closed.contentId, 'buyback'))).toBe(
      'RETURN_WINDOW_CLOSED',
    );

    // The limit counts the synced receipts of the last 30 days (of any item) and the returns
    // queued here: one receipt + one queued = 2 of 2.
    const limited = await addContent({
      item: {
        returnPolicy: { windowDays: 30, buybackRatePct: 50, tradeIn: null, limitPer30Days: 2 },
      },
    });
    const returnedAt = new Date(Date.now() - 29 * 86_400_000).toISOString();
    ctx.store.receipts.insert(sampleReceipt({ returnedAt }));
    ctx.store.receipts.insert(
      sampleReceipt({ returnedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() }),
    );
    const options = await returnOptions(ctx, limited.contentId);
    expect(options).toMatchObject({
      offline: true,
      offlineKinds: [],
      limit: { allowed: 2, used: 2, periodDays: 30 },
      refusal: {
        code: 'RETURN_LIMIT_REACHED',
        freesAt: new Date(Date.parse(returnedAt) + 30 * 86_400_000).toISOString(),
      },
    });
    expect(await codeOf(() => flow.request(limited.contentId, 'buyback'))).toBe(
      'RETURN_LIMIT_REACHED',
    );
    expect(ctx.store.outbox.count()).toBe(1);
    for (const { contentId } of [none, closed, limited])
      expect(ctx.store.licenses.getByContent(contentId)?.state).toBe('active');

    // Cancelling the queued return frees its place at once.
    flow.cancel(goOffline.contentId);
    expect((await returnOptions(ctx, limited.contentId)).refusal).toBeNull();
  });

  it('offline, an upgrade trade-in with nothing newer and a 0% fallback is not offered', async () => {
    const { contentId } = await addContent({
      item: {
        version: 1,
        latestVersion: 1,
        returnPolicy: {
          windowDays: 30,
          buybackRatePct: 50,
          tradeIn: { type: 'upgrade', fallbackPointsRatePct: 0 },
          limitPer30Days: null,
        },
      },
    });
    const flow = new ReturnFlow(ctx);
    const other = await addContent();
    await flow.request(other.contentId, 'buyback'); // finds the server down
    expect((await returnOptions(ctx, contentId)).offlineKinds).toEqual(['buyback']);
    expect(await codeOf(() => flow.request(contentId, 'trade_in'))).toBe('OPTION_NOT_OFFERED');
  });

  it('on the receipt: stores it, deletes the file, then the rows', async () => {
    const { view, contentId } = await addContent();
    const file = ctx.store.contents.get(contentId)?.vaultFile;
    await new ReturnFlow(ctx).request(contentId, 'buyback');
    const receipt = receiptFor(view);
    expect(await applyReceipt(ctx, receipt)).toBe(true);

    expect(ctx.store.receipts.get(receipt.returnId)).toEqual(receipt);
    expect(ctx.store.licenses.get(view.licenseId)).toBeUndefined();
    expect(ctx.store.contents.get(contentId)).toBeUndefined();
    expect(ctx.store.outbox.count()).toBe(0);
    expect(ctx.vault.files()).not.toContain(file);
    expect(ctx.store.wallet.view().balance).toBe(1_699);
    expect(ctx.emitted.map((e) => e.event)).toEqual(
      expect.arrayContaining(['return.confirmed', 'library.changed', 'wallet.changed']),
    );
    // The same receipt again (a replayed sync event) changes nothing.
    expect(await applyReceipt(ctx, receipt)).toBe(false);
  });

  it('works for a content never downloaded, and adds an upgrade license', async () => {
    const { view, contentId } = await addContent({ download: false });
    const next = signedLicenseView(
      signer,
      userId,
      sampleCatalogItem({ productId: view.content.productId, version: 2 }),
    );
    await applyReceipt(ctx, receiptFor(view, { type: 'upgrade', license: next } as never));
    expect(ctx.store.contents.get(contentId)).toBeUndefined();
    expect(ctx.store.licenses.get(next.licenseId)?.state).toBe('active');
    expect(ctx.store.library.item(next.content.contentId)?.downloaded).toBe(false);
  });

  it('a replayed upgrade receipt does not bring back the upgrade license returned since', async () => {
    const { view } = await addContent({ download: false });
    const next = signedLicenseView(
      signer,
      userId,
      sampleCatalogItem({ productId: view.content.productId, version: 2 }),
    );
    const upgrade = receiptFor(view, { type: 'upgrade', license: next } as never);
    await applyReceipt(ctx, upgrade);
    // The upgrade license is returned in its turn.
    expect(await applyReceipt(ctx, receiptFor(next))).toBe(true);
    expect(ctx.store.licenses.get(next.licenseId)).toBeUndefined();
    // The feed replays the first receipt (a crash before the sync cursor moved, or both
    // receipts in different pages): stored already, it changes nothing.
    expect(await applyReceipt(ctx, upgrade)).toBe(false);
    expect(ctx.store.licenses.get(next.licenseId)).toBeUndefined();
    expect(ctx.store.contents.get(next.content.contentId)).toBeUndefined();
  });

  it('keeps the balance of the newest receipt when receipts arrive out of order', async () => {
    const [a, b] = [await addContent({ download: false }), await addContent({ download: false })];
    const older = { ...receiptFor(a.view), balance: 1_100, returnedAt: '2026-11-25T10:00:00.000Z' };
    const newer = { ...receiptFor(b.view), balance: 1_800, returnedAt: '2026-11-25T10:00:01.000Z' };
    await applyReceipt(ctx, newer);
    await applyReceipt(ctx, older);
    expect(ctx.store.wallet.view().balance).toBe(1_800);
    expect(ctx.store.receipts.list().map((r) => r.returnId)).toEqual([
      newer.returnId,
      older.returnId,
    ]);
  });

  it('at start, finishes a confirmed return and removes orphan files', async () => {
    const { view, contentId } = await addContent();
    const kept = await addContent();
    ctx.store.licenses.markConfirmed(view.licenseId); // the app stopped right after the receipt
    const orphan = await ctx.vault.write(bufferStream(Buffer.from('x')), fileFor(Buffer.from('x')));
    const result = await recoverReturns(ctx);
    expect(result).toEqual({ finished: 1, orphansRemoved: 1 });
    expect(ctx.store.contents.get(contentId)).toBeUndefined();
    expect(ctx.vault.files()).toEqual([ctx.store.contents.get(kept.contentId)?.vaultFile]);
    expect(ctx.vault.files()).not.toContain(orphan.file);
  });
});

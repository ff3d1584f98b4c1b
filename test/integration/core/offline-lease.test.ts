import Database from 'better-sqlite3-multiple-ciphers';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { META_KEYS } from '../../../main/core/store/meta';
import { STORE_FILE } from '../../../main/core/store/store';
import { tempDir } from '../../fixtures/core-fixtures';
import {
  licenseServerPerFile,
  openTestCore,
  registerUser,
  type TestCore,
} from '../../fixtures/core-integration';

/** A port nothing listens on: the app is "offline" but keeps its session (same host). */
const OFFLINE_URL = 'http://127.0.0.1:9';
const DAY = 86_400_000;
const LEASE_DAYS = 2;

// One clock for the server and the apps, moved forward by the tests (a short lease, so the
// 30-day sessions outlive it).
const clock = { offsetMs: 0 };
const now = () => Date.now() + clock.offsetMs;
// Registered first, so it runs last (vitest runs after-hooks as a stack): the folders go once the
// cores on them are closed.
const dirs: { remove(): void }[] = [];
afterAll(() => {
  for (const dir of dirs) dir.remove();
});
const suite = licenseServerPerFile({ offlineLeaseDays: LEASE_DAYS, clock: now });
const cores = suite.cores;

async function device(user: { email: string; password: string }): Promise<TestCore> {
  const test = await openTestCore(suite.server.url, undefined, undefined, { clock: now });
  cores.push(test);
  await test.core.handlers['account.signIn'](user);
  return test;
}

const contentOf = (product: string) => suite.server.demo?.products[product]?.contentIds[0] ?? '';

describe('the offline lease', () => {
  it('past its date opens nothing offline, and opens again after a sync', async () => {
    clock.offsetMs = 0;
    const test = await device(await registerUser(suite.server));
    const contentId = contentOf('short-stories');
    await test.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
    await test.core.handlers['content.download']({ contentId });
    await test.core.handlers['sync.now']({});
    const { offlineUntil } = await test.core.handlers['library.get']({ contentId });
    expect(Date.parse(offlineUntil ?? '')).toBeGreaterThan(now() + LEASE_DAYS * DAY - 60_000);
    expect(Date.parse(offlineUntil ?? '')).toBeLessThanOrEqual(now() + LEASE_DAYS * DAY);

    // Offline within the lease: opens.
    await test.core.handlers['settings.set']({ serverUrl: OFFLINE_URL });
    expect(await test.core.handlers['content.open']({ contentId })).toMatchObject({ contentId });

    // Offline past it: nothing opens, and the sentence says until when it could.
    clock.offsetMs = (LEASE_DAYS + 1) * DAY;
    const refusal = test.core.handlers['content.open']({ contentId });
    await expect(refusal).rejects.toMatchObject({
      code: 'OFFLINE_LEASE_EXPIRED',
      data: { offlineUntil },
    });
    await expect(refusal).rejects.toThrow(
      /could be used offline until \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC, and that time has passed. Connect to the internet and sync/,
    );
    await expect(test.core.openContent(contentId)).rejects.toMatchObject({
      code: 'OFFLINE_LEASE_EXPIRED',
    });
    // The detail view still shows the date the lease ended (the screen reads "Sync to open again").
    expect((await test.core.handlers['library.get']({ contentId })).offlineUntil).toBe(
      offlineUntil,
    );

    // Back online, one sync renews the lease of every license at once.
    await test.core.handlers['settings.set']({ serverUrl: suite.server.url });
    await test.core.handlers['sync.now']({});
    const renewed = (await test.core.handlers['library.get']({ contentId })).offlineUntil;
    expect(Date.parse(renewed ?? '')).toBeGreaterThan(now());
    expect(await test.core.handlers['content.open']({ contentId })).toMatchObject({ contentId });
  });

  it('a return made elsewhere stops the content opening on a second device at its next sync; a restored backup opens it only until its lease ends', async () => {
    clock.offsetMs = 0;
    const user = await registerUser(suite.server);
    const a = await device(user);
    const b = await device(user);
    const contentId = contentOf('pixel-garden');
    await a.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
    await b.core.handlers['sync.now']({});
    await b.core.handlers['content.download']({ contentId });
    expect(await b.core.handlers['content.open']({ contentId })).toMatchObject({ contentId });

    // A backup of B's folder (store, vault, key) taken before the return.
    const backup = tempDir('shelf-backup-');
    dirs.push(backup);
    await b.close();
    cpSync(b.dataDir, backup.path, { recursive: true });
    const reopenedB = await b.reopen();
    cores.push(reopenedB);

    const result = await a.core.handlers['returns.request']({ contentId, kind: 'buyback' });
    expect(result.status).toBe('confirmed');

    // B's next sync: the license is gone, and so is the file.
    await reopenedB.core.handlers['sync.now']({});
    await expect(reopenedB.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    // The backup restored, offline: it opens, but only until the lease it holds ends...
    const restored = await openTestCore(
      OFFLINE_URL,
      { dataDir: backup.path, keyHex: b.keyHex },
      undefined,
      { clock: now },
    );
    cores.push(restored);
    expect(await restored.core.handlers['content.open']({ contentId })).toMatchObject({
      contentId,
    });
    clock.offsetMs = (LEASE_DAYS + 1) * DAY;
    await expect(restored.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'OFFLINE_LEASE_EXPIRED',
    });
    // ...and back online, its next sync removes it.
    await restored.core.handlers['settings.set']({ serverUrl: suite.server.url });
    await restored.core.handlers['sync.now']({});
    await expect(restored.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a device whose store skipped the return event still loses the content at its next sync', async () => {
    clock.offsetMs = 0;
    const user = await registerUser(suite.server);
    const a = await device(user);
    const b = await device(user);
    const contentId = contentOf('pixel-garden');
    await a.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
    await b.core.handlers['sync.now']({});
    await b.core.handlers['content.download']({ contentId });
    await a.core.handlers['returns.request']({ contentId, kind: 'buyback' });

    // B's sync cursor moved past the return by hand: the feed will never tell it.
    await b.close();
    const db = new Database(join(b.dataDir, STORE_FILE));
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma(`key = "x'${b.keyHex}'"`);
    db.prepare('UPDATE meta SET value = ? WHERE key = ?').run('1000000', META_KEYS.syncCursor);
    db.close();
    const skipped = await b.reopen();
    cores.push(skipped);
    await skipped.core.handlers['sync.now']({});
    // The license is still in its library, but the renewed lease no longer lists it.
    expect((await skipped.core.handlers['library.get']({ contentId })).offlineUntil).toBeNull();
    await expect(skipped.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'OFFLINE_LEASE_EXPIRED',
      message: expect.stringContaining('has not confirmed this license') as unknown,
    });
  });
});

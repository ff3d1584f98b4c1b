import Database from 'better-sqlite3-multiple-ciphers';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { STORE_FILE } from '../../../main/core/store/store';
import {
  openTestCore,
  registerUser,
  licenseServerPerFile,
  startTruncatingProxy,
  type TestCore,
} from '../../fixtures/core-integration';
import { MAX_STALLED_ATTEMPTS } from '../../../main/core/library/resumable-body';

const suite = licenseServerPerFile();

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** A new user's core, signed in, owning one version of a demo product (not downloaded). */
async function owner(
  productKey: string,
  version = 0,
): Promise<{ test: TestCore; contentId: string }> {
  const test = await openTestCore(suite.server.url);
  await test.core.handlers['account.signIn'](await registerUser(suite.server));
  const contentId = suite.server.demo?.products[productKey]?.contentIds[version] ?? '';
  await test.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
  return { test, contentId };
}

async function ownedAndDownloaded(
  productKey: string,
): Promise<{ test: TestCore; contentId: string }> {
  const owned = await owner(productKey);
  await owned.test.core.handlers['content.download']({ contentId: owned.contentId });
  return owned;
}

/** Edits the encrypted store directly, as someone holding the key and a SQLite shell could. */
function editStore(test: TestCore, sql: string, ...params: unknown[]): void {
  const db = new Database(join(test.dataDir, STORE_FILE));
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = "x'${test.keyHex}'"`);
  db.prepare(sql).run(...params);
  db.close();
}

describe('tampering is detected (real license server)', () => {
  it('a hand-edited license row opens nothing', async () => {
    const owned = await ownedAndDownloaded('short-stories');
    const { contentId } = owned;
    let test = owned.test;
    await test.close();
    const other = crypto.randomUUID();
    editStore(
      test,
      `UPDATE licenses SET signed = json_set(signed, '$.document.userId', ?) WHERE content_id = ?`,
      other,
      contentId,
    );
    test = await openTestCore(suite.server.url, { dataDir: test.dataDir, keyHex: test.keyHex });
    suite.cores.push(test);
    await expect(test.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'LICENSE_INVALID',
    });
    await expect(test.core.openContent(contentId)).rejects.toMatchObject({
      code: 'LICENSE_INVALID',
    });
    expect((await test.core.handlers['library.get']({ contentId })).licenseValid).toBe(false);
  });

  it('a changed byte in a vault file is CONTENT_CORRUPT', async () => {
    const { test, contentId } = await ownedAndDownloaded('lighthouse-poster');
    suite.cores.push(test);
    // The poster's file and its cover (an image is its own cover): a byte changed in each.
    for (const file of readdirSync(join(test.dataDir, 'vault'))) {
      const path = join(test.dataDir, 'vault', file);
      const bytes = readFileSync(path);
      bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
      writeFileSync(path, bytes);
    }
    await expect(test.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'CONTENT_CORRUPT',
    });
  });

  it('the viewer gets the bytes content.open verified; a file changed since is refused', async () => {
    const { test, contentId } = await ownedAndDownloaded('quiet-shelf');
    suite.cores.push(test);
    const { sha256 } = await test.core.handlers['library.get']({ contentId });
    await test.core.handlers['content.open']({ contentId });
    // Every vault file (the content's and its cover's) changed near its end.
    for (const file of readdirSync(join(test.dataDir, 'vault'))) {
      const path = join(test.dataDir, 'vault', file);
      const bytes = readFileSync(path);
      bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
      writeFileSync(path, bytes);
    }

    // The viewer's request right after the open: what was verified, not decrypted again.
    const handed = await readAll((await test.core.openContent(contentId)).stream);
    expect(createHash('sha256').update(handed).digest('hex')).toBe(sha256);
    // Handed once: the next request decrypts the changed file and fails at its frame.
    await expect(readAll((await test.core.openContent(contentId)).stream)).rejects.toMatchObject({
      code: 'CONTENT_CORRUPT',
    });
    await expect(test.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'CONTENT_CORRUPT',
    });
    await expect(readAll((await test.core.openContent(contentId)).stream)).rejects.toMatchObject({
      code: 'CONTENT_CORRUPT',
    });
  });

  it('a download cut by the network resumes where it stopped', async () => {
    const { test, contentId } = await owner('ambient-rain');
    suite.cores.push(test);
    const { size } = await test.core.handlers['library.get']({ contentId });

    // Every answer is cut after 4,000 bytes (headers included): many resumed parts.
    const proxy = await startTruncatingProxy(
      { host: suite.server.host, port: suite.server.port },
      4_000,
    );
    await test.core.handlers['settings.set']({ serverUrl: proxy.url });
    await test.core.handlers['content.download']({ contentId });
    expect(proxy.connections()).toBeGreaterThan(size / 4_000);
    await proxy.close();
    await test.core.handlers['settings.set']({ serverUrl: suite.server.url });
    expect(await test.core.handlers['content.open']({ contentId })).toMatchObject({ contentId });
    const progress = test.events
      .filter((e) => e.event === 'download.progress')
      .map((e) => (e.payload as { receivedBytes: number }).receivedBytes);
    expect(progress.at(-1)).toBe(size);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('a download that cannot resume fails, leaves no file, and can be started again', async () => {
    const { test, contentId } = await owner('ambient-rain');
    suite.cores.push(test);
    // The sync the purchase asked for ends first: its requests must not be the proxy's first.
    await test.core.handlers['sync.now']({});

    const proxy = await startTruncatingProxy(
      { host: suite.server.host, port: suite.server.port },
      4_000,
      'cut-then-refuse',
    );
    await test.core.handlers['settings.set']({ serverUrl: proxy.url });
    await expect(test.core.handlers['content.download']({ contentId })).rejects.toMatchObject({
      code: 'SERVER_UNREACHABLE',
    });
    // The first answer, then MAX_STALLED_ATTEMPTS resumes that brought nothing.
    expect(proxy.connections()).toBe(1 + MAX_STALLED_ATTEMPTS);
    await proxy.close();
    expect(readdirSync(join(test.dataDir, 'vault'))).toEqual([]);
    expect((await test.core.handlers['library.get']({ contentId })).downloaded).toBe(false);

    await test.core.handlers['settings.set']({ serverUrl: suite.server.url });
    await test.core.handlers['content.download']({ contentId });
    expect(await test.core.handlers['content.open']({ contentId })).toMatchObject({ contentId });
  });

  it('a download can be cancelled while it stalls, leaving no file', async () => {
    const { test, contentId } = await owner('night-market', 1);
    suite.cores.push(test);
    const { handlers } = test.core;

    const proxy = await startTruncatingProxy(
      { host: suite.server.host, port: suite.server.port },
      3_000,
      'stall',
    );
    await handlers['settings.set']({ serverUrl: proxy.url });
    const download = Promise.resolve(handlers['content.download']({ contentId }));
    const outcome = download.then(
      () => 'finished',
      (error: { code?: string }) => error.code,
    );
    // The half file exists while the bytes stall...
    const vault = join(test.dataDir, 'vault');
    await waitFor(() => readdirSync(vault).some((name) => name.endsWith('.part')), 5_000);
    expect(await handlers['content.cancelDownload']({ contentId })).toEqual({ cancelled: true });
    expect(await outcome).toBe('DOWNLOAD_FAILED');
    await proxy.close();
    // ...and is gone once the download is cancelled.
    expect(readdirSync(vault)).toEqual([]);
    expect(await handlers['content.cancelDownload']({ contentId })).toEqual({ cancelled: false });
  });
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addLicense } from '../../main/core/library/add-license';
import { VerifiedHandoff } from '../../main/core/library/verified-handoff';
import { openContentStream } from '../../main/core/library/open-content';
import { sampleCatalogItem } from '../fixtures/contract-samples';
import type { TestContext } from '../fixtures/core-fixtures';
import {
  bufferStream,
  createTestContext,
  storeLease,
  fileFor,
  licenseSigner,
  signedLicenseView,
  tempDir,
} from '../fixtures/core-fixtures';

/**
 * At rest, the app's files give nothing away: the encrypted store (and its WAL) and the vault
 * files hold no plaintext of a known title, creator, body or the session token. And a license
 * the server did not sign — another key, or a key that claims the server's key id — opens
 * nothing, while the genuine one (the control) opens its content.
 */
const TITLE = 'Zanzibar Moonlight Cartography';
const CREATOR = 'Ottoline Vexworth';
const BODY = Buffer.from(
  'Chapter one. The lighthouse keeper counted seventeen gulls before breakfast. '.repeat(200),
);

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

/** Needles in UTF-8 and UTF-16 (SQLite may store either), and a distinctive slice of each. */
function needles(text: string): Buffer[] {
  return [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le'), Buffer.from(text.slice(0, 12))];
}

async function stream(ctx: TestContext, contentId: string): Promise<Buffer> {
  const opened = await openContentStream(ctx, contentId, new VerifiedHandoff());
  const parts: Buffer[] = [];
  for await (const chunk of opened.stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe('local security of the app’s files', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()?.();
  });

  async function contextWithContent(
    signer: ReturnType<typeof licenseSigner>,
    issuer: ReturnType<typeof licenseSigner>,
  ) {
    const dir = tempDir('shelf-rel-local-');
    const userId = randomUUID();
    const ctx = await createTestContext(dir.path, { userId, signer });
    cleanups.push(() => dir.remove());
    cleanups.push(() => ctx.close());
    const item = sampleCatalogItem({
      title: TITLE,
      creator: CREATOR,
      description: 'The description of a private book.',
      file: fileFor(BODY),
    });
    const view = signedLicenseView(issuer, userId, item);
    ctx.store.transaction(() => addLicense(ctx, view));
    // The server's lease (as a sync leaves it): only the license decides in these tests.
    storeLease(ctx, signer, userId, [view.licenseId]);
    const stored = await ctx.vault.write(bufferStream(BODY), fileFor(BODY));
    ctx.store.contents.setVault(item.contentId, stored.file, stored.key, new Date().toISOString());
    return { ctx, dir: dir.path, contentId: item.contentId };
  }

  it('keeps no plaintext title, creator, body or token in the store, its WAL or the vault', async () => {
    const server = licenseSigner();
    const { ctx, dir, contentId } = await contextWithContent(server, server);
    // The control: the genuine license opens the content, so the files do hold it, encrypted.
    expect(await stream(ctx, contentId)).toEqual(BODY);
    const token = ctx.store.account.get().token ?? '';
    expect(token.length).toBeGreaterThan(10);
    const files = allFiles(dir).filter((f) => !f.endsWith('settings.json'));
    expect(files.some((f) => f.endsWith('library.db'))).toBe(true);
    expect(files.some((f) => f.includes('vault'))).toBe(true);
    // Checked while the store is open (WAL present) and again after it is closed.
    for (const phase of ['open', 'closed']) {
      if (phase === 'closed') ctx.close();
      for (const file of allFiles(dir).filter((f) => !f.endsWith('settings.json'))) {
        const bytes = readFileSync(file);
        for (const needle of [
          ...needles(TITLE),
          ...needles(CREATOR),
          ...needles(token),
          BODY.subarray(0, 40),
          Buffer.from('seventeen gulls'),
        ]) {
          expect(bytes.includes(needle), `${phase}: ${file} contains "${needle.toString()}"`).toBe(
            false,
          );
        }
      }
    }
  });

  it('opens nothing with a license signed by another key', async () => {
    const server = licenseSigner('server-key');
    const forger = licenseSigner('forger-key');
    const { ctx, contentId } = await contextWithContent(server, forger);
    await expect(openContentStream(ctx, contentId, new VerifiedHandoff())).rejects.toMatchObject({
      code: 'LICENSE_INVALID',
    });
  });

  it('opens nothing with a license signed by another key claiming the server’s key id', async () => {
    const server = licenseSigner('server-key');
    const impostor = licenseSigner('server-key');
    const { ctx, contentId } = await contextWithContent(server, impostor);
    await expect(openContentStream(ctx, contentId, new VerifiedHandoff())).rejects.toMatchObject({
      code: 'LICENSE_INVALID',
    });
  });

  it('opens nothing with a genuine license of another user', async () => {
    const server = licenseSigner();
    const dir = tempDir('shelf-rel-local-');
    cleanups.push(() => dir.remove());
    const ctx = await createTestContext(dir.path, { userId: randomUUID(), signer: server });
    cleanups.push(() => ctx.close());
    const item = sampleCatalogItem({ file: fileFor(BODY) });
    ctx.store.transaction(() => addLicense(ctx, signedLicenseView(server, randomUUID(), item)));
    const stored = await ctx.vault.write(bufferStream(BODY), fileFor(BODY));
    ctx.store.contents.setVault(item.contentId, stored.file, stored.key, new Date().toISOString());
    await expect(
      openContentStream(ctx, item.contentId, new VerifiedHandoff()),
    ).rejects.toMatchObject({
      code: 'LICENSE_INVALID',
    });
  });
});

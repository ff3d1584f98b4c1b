import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { envKeyProvider, fileKeyProvider } from '../../../main/core/key-provider';
import { openStore, STORE_FILE } from '../../../main/core/store/store';
import { sampleCatalogItem } from '../../fixtures/contract-samples';
import {
  licenseSigner,
  signedLicenseView,
  tempDir,
  throwawayKey,
} from '../../fixtures/core-fixtures';

const TITLE = 'Zanzibar Nightingale Cartography';
const dirs: { remove: () => void }[] = [];
const newDir = () => {
  const dir = tempDir();
  dirs.push(dir);
  return dir.path;
};
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

function storeBytes(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir)
      .filter((name) => name.startsWith(STORE_FILE))
      .map((name) => readFileSync(join(dir, name))),
  );
}

async function expectKeyInvalid(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('STORE_KEY_INVALID');
}

describe('local store', () => {
  it('holds no plaintext, refuses a wrong or missing key, and reads back with the right one', async () => {
    const dir = newDir();
    const key = throwawayKey();
    const signer = licenseSigner();
    const userId = crypto.randomUUID();
    const view = signedLicenseView(
      signer,
      userId,
      sampleCatalogItem({ title: TITLE, creator: 'Ottoline Quarrington' }),
    );

    const store = await openStore(dir, key.provider);
    store.transaction(() => {
      store.contents.upsert(view.content, new Date().toISOString());
      store.licenses.insert(view);
    });
    store.account.setSession({
      serverUrl: 'http://127.0.0.1:1',
      userId,
      email: 'reader@example.test',
      name: 'Reader',
      token: 'secret-session-token-0123456789',
      tokenExpiresAt: new Date().toISOString(),
      deviceSecret: null,
    });
    // Written but not yet checkpointed: the WAL must be encrypted too.
    expect(storeBytes(dir).includes(TITLE)).toBe(false);
    expect(storeBytes(dir).includes('secret-session-token')).toBe(false);
    store.close();
    const bytes = storeBytes(dir);
    expect(bytes.includes(TITLE)).toBe(false);
    expect(bytes.includes('Quarrington')).toBe(false);
    expect(bytes.includes('secret-session-token')).toBe(false);
    expect(bytes.includes('SQLite format 3')).toBe(false);

    const fingerprint = createHash('sha256')
      .update(readFileSync(join(dir, STORE_FILE)))
      .digest('hex');
    await expectKeyInvalid(openStore(dir, throwawayKey().provider));
    await expectKeyInvalid(openStore(dir, envKeyProvider({})));
    await expectKeyInvalid(openStore(dir, fileKeyProvider(join(dir, 'missing.key'))));
    expect(existsSync(join(dir, 'missing.key'))).toBe(false);
    // Nothing was recreated or changed by the failed opens.
    expect(
      createHash('sha256')
        .update(readFileSync(join(dir, STORE_FILE)))
        .digest('hex'),
    ).toBe(fingerprint);

    const reopened = await openStore(dir, key.provider);
    expect(reopened.contents.get(view.content.contentId)?.title).toBe(TITLE);
    expect(reopened.licenses.get(view.licenseId)?.state).toBe('active');
    expect(reopened.account.get().token).toBe('secret-session-token-0123456789');
    expect(
      reopened.library.list({
        query: 'zanz nigh',
        sort: 'title',
        direction: 'asc',
        offset: 0,
        limit: 10,
      }).total,
    ).toBe(1);
    reopened.close();
  });

  it('creates a 0600 key file for a new store and reuses it', async () => {
    const dir = newDir();
    const keyFile = join(dir, 'keys', 'store.key');
    const store = await openStore(dir, fileKeyProvider(keyFile));
    store.close();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    const again = await openStore(dir, fileKeyProvider(keyFile));
    again.close();
  });

  it('refuses a key file readable by others, or a malformed one', async () => {
    const dir = newDir();
    const keyFile = join(dir, 'store.key');
    writeFileSync(keyFile, 'ab'.repeat(32), { mode: 0o644 });
    await expectKeyInvalid(openStore(dir, fileKeyProvider(keyFile)));
    rmSync(keyFile);
    writeFileSync(keyFile, 'not hex', { mode: 0o600 });
    await expectKeyInvalid(openStore(dir, fileKeyProvider(keyFile)));
    await expectKeyInvalid(openStore(dir, envKeyProvider({ SHELF_STORE_KEY: 'abc' })));
  });
});

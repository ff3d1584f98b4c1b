import Database from 'better-sqlite3-multiple-ciphers';
import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { globalAgent } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { META_KEYS } from '../../../main/core/store/meta';
import { STORE_FILE } from '../../../main/core/store/store';
import type { KeySet, LicenseKey, SignedLicense } from '../../../shared/license-document';
import { canonicalJson, canonicalLicenseBytes } from '../../../shared/license-document';
import type { RunningServer, StartServerOptions } from '../../../server/index';
import { signKeySet } from '../../../scripts/lib/license-root-tool';
import { tempDir } from '../../fixtures/core-fixtures';
import {
  openTestCore,
  registerUser,
  startLicenseServer,
  type TestCore,
} from '../../fixtures/core-integration';
import { testRootKeyFile } from '../../fixtures/license-root';
import { writeSigningKey } from '../../fixtures/signing-key';

const open: { cores: TestCore[]; servers: RunningServer[]; dirs: { remove(): void }[] } = {
  cores: [],
  servers: [],
  dirs: [],
};
afterAll(async () => {
  for (const core of open.cores) await core.close();
  for (const server of open.servers) await server.close();
  for (const dir of open.dirs) dir.remove();
});

function folder(prefix: string): string {
  const dir = tempDir(prefix);
  open.dirs.push(dir);
  return dir.path;
}

async function start(options: StartServerOptions = {}): Promise<RunningServer> {
  const server = await startLicenseServer({ dataDir: folder('shelf-server-'), ...options });
  open.servers.push(server);
  return server;
}

/** A new user's core (pinning the test root), owning one demo content, downloaded. */
async function owner(server: RunningServer, product: string) {
  const test = await openTestCore(server.url);
  open.cores.push(test);
  await test.core.handlers['account.signIn'](await registerUser(server));
  const contentId = server.demo?.products[product]?.contentIds[0] ?? '';
  await test.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
  await test.core.handlers['content.download']({ contentId });
  return { test, contentId };
}

/** Writes into the encrypted store directly, as someone holding its key could. */
function editStore(test: TestCore, edit: (db: Database.Database) => void): void {
  const db = new Database(join(test.dataDir, STORE_FILE));
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = "x'${test.keyHex}'"`);
  edit(db);
  db.close();
}

function ed25519(keyId: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const key: LicenseKey = {
    algorithm: 'Ed25519',
    keyId,
    publicKey: String(publicKey.export({ format: 'jwk' }).x),
  };
  return { key, sign: (bytes: Uint8Array) => sign(null, bytes, privateKey).toString('base64url') };
}

describe('the app trusts license keys only through the root it pins', () => {
  it('a license signed by a key the root did not sign opens nothing, even with that key in the store', async () => {
    const server = await start();
    const { test, contentId } = await owner(server, 'short-stories');
    expect(await test.core.handlers['content.open']({ contentId })).toMatchObject({ contentId });
    await test.close();

    // The attacker's own key signs a copy of the genuine document naming it, and is written
    // into every place the store keeps keys: the unsigned caches of earlier versions, the
    // cached key set (its root signature then no longer holds), and a whole key set signed by
    // a root of the attacker's own.
    const forger = ed25519('forged-key');
    const forgedRoot = ed25519('forged-root');
    editStore(test, (db) => {
      const row = db
        .prepare<[string], { signed: string }>('SELECT signed FROM licenses WHERE content_id = ?')
        .get(contentId);
      const genuine = JSON.parse(row?.signed ?? '{}') as SignedLicense;
      const document = { ...genuine.document, keyId: forger.key.keyId };
      const forged: SignedLicense = {
        document,
        signature: forger.sign(canonicalLicenseBytes(document)),
      };
      db.prepare('UPDATE licenses SET signed = ? WHERE content_id = ?').run(
        JSON.stringify(forged),
        contentId,
      );
      const setMeta = db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      );
      setMeta.run(META_KEYS.licenseKey, JSON.stringify(forger.key));
      setMeta.run(META_KEYS.licenseKeys, JSON.stringify([forger.key]));
      const cached = db
        .prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
        .get(META_KEYS.licenseKeySet);
      const set = JSON.parse(cached?.value ?? '{}') as { keySet: KeySet; rootSignature: string };
      set.keySet.keys.push(forger.key);
      setMeta.run(META_KEYS.licenseKeySet, JSON.stringify(set));
    });
    let reopened = await test.reopen();
    open.cores.push(reopened);
    await expect(reopened.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'LICENSE_INVALID',
    });
    await expect(reopened.core.openContent(contentId)).rejects.toMatchObject({
      code: 'LICENSE_INVALID',
    });
    expect((await reopened.core.handlers['library.get']({ contentId })).licenseValid).toBe(false);
    await reopened.close();

    editStore(reopened, (db) => {
      const keySet: KeySet = { v: 1, currentKeyId: forger.key.keyId, keys: [forger.key] };
      db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(
        JSON.stringify({
          keySet,
          rootSignature: forgedRoot.sign(new TextEncoder().encode(canonicalJson(keySet))),
        }),
        META_KEYS.licenseKeySet,
      );
    });
    reopened = await reopened.reopen();
    open.cores.push(reopened);
    await expect(reopened.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'LICENSE_INVALID',
    });
  });

  it('a server whose key set another root signed is not trusted at all', async () => {
    // No root setting: the server generates its own root, which this app does not pin.
    const stranger = await start({ licenseRoot: undefined });
    expect(stranger.licenseRoot).not.toBeNull();
    const test = await openTestCore(stranger.url);
    open.cores.push(test);
    await test.core.handlers['account.signIn'](await registerUser(stranger));
    const contentId = stranger.demo?.products['short-stories']?.contentIds[0] ?? '';
    await test.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
    // A download checks the license first, so even the file is not fetched.
    await expect(test.core.handlers['content.download']({ contentId })).rejects.toMatchObject({
      code: 'LICENSE_INVALID',
    });
    expect((await test.core.handlers['library.get']({ contentId })).licenseValid).toBe(false);
    // The sync fetched the lease and found no trusted key to check it with.
    const status = await test.core.handlers['sync.now']({});
    expect(status.lastError).toMatchObject({ code: 'LICENSE_INVALID' });
  });

  it('accepts a new signing key signed by the root, served pre-signed, without changing the app', async () => {
    const keys = folder('shelf-keys-');
    const dataDir = folder('shelf-server-');
    const oldKey = writeSigningKey(keys, 'old.pem');
    const newKey = writeSigningKey(keys, 'new.pem');
    const first = await start({ dataDir, signingKey: { file: oldKey, keyId: 'k-old' } });
    const port = first.port;
    const { test, contentId: stories } = await owner(first, 'short-stories');
    await test.core.handlers['content.open']({ contentId: stories });
    await test.close();
    open.servers.splice(open.servers.indexOf(first), 1);
    await first.close();

    // The rotation as production does it with the root kept off the server: the key set naming
    // the new key (current) and the old one is signed elsewhere and given to the server as is.
    const setFile = join(keys, 'key-set.json');
    writeFileSync(
      setFile,
      JSON.stringify(
        signKeySet(testRootKeyFile(), [
          { file: newKey, keyId: 'k-new' },
          { file: oldKey, keyId: 'k-old' },
        ]),
      ),
    );
    const second = await start({
      dataDir,
      port,
      signingKey: { file: newKey, keyId: 'k-new' },
      licenseRoot: { kind: 'signedKeySet', file: setFile },
    });
    expect(second.licenseRoot).toBeNull();
    globalAgent.destroy();
    const reopened = await test.reopen();
    open.cores.push(reopened);
    const poster = second.demo?.products['lighthouse-poster']?.contentIds[0] ?? '';
    await reopened.core.handlers['store.buy']({ contentId: poster, pointsToUse: 0 });
    await reopened.core.handlers['content.download']({ contentId: poster });
    // "k-new" is not cached: the core fetches the pre-signed set, which the pinned root signed.
    expect(await reopened.core.handlers['content.open']({ contentId: poster })).toMatchObject({
      contentId: poster,
    });
    expect(await reopened.core.handlers['content.open']({ contentId: stories })).toMatchObject({
      contentId: stories,
    });
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyKeySetSignature } from '../../../shared/license-document';
import { verifyLeaseSignature } from '../../../shared/offline-lease';
import { signKeySet } from '../../../scripts/lib/license-root-tool';
import { buy, publishProduct, returnLicense } from '../../fixtures/server-catalog';
import { ENGINES, call, newUser, ok, startTestServer } from '../../fixtures/server-harness';
import { TEST_LICENSE_ROOT, testRootKeyFile } from '../../fixtures/license-root';
import { writeSigningKey } from '../../fixtures/signing-key';

const DAY = 86_400_000;
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shelf-root-'));
  folders.push(dir);
  return dir;
}

describe.each(ENGINES)('the offline lease and the root-signed key set (%s)', (engine) => {
  it('leases every license the user holds, signed with a key the root vouches for; a return drops it', async () => {
    const ts = await startTestServer(engine, { offlineLeaseDays: 7 });
    try {
      const product = await publishProduct(ts);
      const other = await publishProduct(ts);
      const user = await newUser(ts);
      const stranger = await newUser(ts);
      const first = await buy(ts, user, product.contentIds[0] ?? '');
      const second = await buy(ts, user, other.contentIds[0] ?? '');
      await buy(ts, stranger, product.contentIds[0] ?? '');

      expect((await call(ts.url, 'offlineLease')).status).toBe(401);
      const { keySet, rootSignature } = await ok(ts.url, 'licenseKeys');
      expect(await verifyKeySetSignature({ keySet, rootSignature }, [TEST_LICENSE_ROOT])).toBe(
        true,
      );
      const key = keySet.keys.find((k) => k.keyId === keySet.currentKeyId);
      if (!key) throw new Error('the current key is not in the set');

      ts.clockOffset.ms = 3 * DAY;
      const { lease } = await ok(ts.url, 'offlineLease', { token: user.token });
      expect(await verifyLeaseSignature(lease, key)).toBe(true);
      expect(lease.document).toMatchObject({ userId: user.id, keyId: key.keyId });
      expect(lease.document.licenseIds).toEqual(
        [first.license.licenseId, second.license.licenseId].sort(),
      );
      const issuedAt = Date.parse(lease.document.issuedAt);
      expect(Math.abs(issuedAt - (Date.now() + 3 * DAY))).toBeLessThan(60_000);
      expect(Date.parse(lease.document.offlineUntil) - issuedAt).toBe(7 * DAY);
      // Any edit breaks it: a longer lease cannot be written by hand.
      const extended = {
        ...lease,
        document: { ...lease.document, offlineUntil: new Date(issuedAt + 70 * DAY).toISOString() },
      };
      expect(await verifyLeaseSignature(extended, key)).toBe(false);
      // Without a nonce the lease carries none; with one, it is signed into the lease, which
      // proves to the app that its issue time is the server's time after the request left.
      expect(lease.document).not.toHaveProperty('nonce');
      const nonce = 'n'.repeat(10) + '-_0123456789AB';
      const fresh = await ok(ts.url, 'offlineLease', { token: user.token, query: { nonce } });
      expect(fresh.lease.document.nonce).toBe(nonce);
      expect(await verifyLeaseSignature(fresh.lease, key)).toBe(true);
      const replayed = {
        ...fresh.lease,
        document: { ...fresh.lease.document, nonce: 'x'.repeat(22) },
      };
      expect(await verifyLeaseSignature(replayed, key)).toBe(false);
      // A nonce that is not 22 to 64 base64url characters is refused.
      for (const bad of ['short', 'a'.repeat(65), `${'a'.repeat(21)}=`]) {
        const refused = await call(ts.url, 'offlineLease', {
          token: user.token,
          query: { nonce: bad },
        });
        expect(refused.status).toBe(400);
      }

      await returnLicense(ts, user, first.license.licenseId);
      const after = await ok(ts.url, 'offlineLease', { token: user.token });
      expect(after.lease.document.licenseIds).toEqual([second.license.licenseId]);
    } finally {
      await ts.close();
    }
  });
});

describe('the root of the key set', () => {
  it('without configuration, a root generated into the data folder, the same at every start', async () => {
    const dataDir = folder();
    const first = await startTestServer('sqlite', { keep: { dataDir }, licenseRoot: undefined });
    const root = first.server.licenseRoot;
    expect(root).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(root).not.toBe(TEST_LICENSE_ROOT);
    const set = await ok(first.url, 'licenseKeys');
    await first.close();
    expect(await verifyKeySetSignature(set, [root ?? ''])).toBe(true);
    expect(await verifyKeySetSignature(set, [TEST_LICENSE_ROOT])).toBe(false);
    const again = await startTestServer('sqlite', { keep: { dataDir }, licenseRoot: undefined });
    expect(again.server.licenseRoot).toBe(root);
    await again.close();
  });

  it('serves a pre-signed key set as given, and refuses one that does not name its key', async () => {
    const keys = folder();
    const current = writeSigningKey(keys, 'current.pem');
    const setFile = join(keys, 'set.json');
    const signed = signKeySet(testRootKeyFile(), [{ file: current, keyId: 'k-current' }]);
    writeFileSync(setFile, JSON.stringify(signed));
    const ts = await startTestServer('sqlite', {
      signingKey: { file: current, keyId: 'k-current' },
      licenseRoot: { kind: 'signedKeySet', file: setFile },
    });
    try {
      expect(await ok(ts.url, 'licenseKeys')).toEqual(signed);
    } finally {
      await ts.close();
    }

    await expect(
      startTestServer('sqlite', {
        signingKey: { file: writeSigningKey(keys, 'other.pem'), keyId: 'k-other' },
        licenseRoot: { kind: 'signedKeySet', file: setFile },
      }),
    ).rejects.toThrow(`does not name this server's signing key "k-other" as its current key`);
    writeFileSync(setFile, '{"keySet":{}}');
    await expect(
      startTestServer('sqlite', {
        signingKey: { file: current, keyId: 'k-current' },
        licenseRoot: { kind: 'signedKeySet', file: setFile },
      }),
    ).rejects.toThrow('is not a signed key set');
    const rsa = join(keys, 'rsa.pem');
    writeFileSync(
      rsa,
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }),
    );
    await expect(
      startTestServer('sqlite', { licenseRoot: { kind: 'rootKey', file: rsa } }),
    ).rejects.toThrow(
      `SHELF_LICENSE_ROOT_KEY_FILE (${rsa}) holds a rsa key; the root key is Ed25519.`,
    );
  });
});

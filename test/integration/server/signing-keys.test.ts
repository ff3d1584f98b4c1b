import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyLicenseSignature } from '../../../shared/license-document';
import type { LicenseKey, SignedLicense } from '../../../shared/license-document';
import { buy, publishProduct } from '../../fixtures/server-catalog';
import type { TestServer } from '../../fixtures/server-harness';
import {
  ENGINES,
  createPgDatabase,
  newUser,
  ok,
  startTestServer,
} from '../../fixtures/server-harness';
import { writeSigningKey } from '../../fixtures/signing-key';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shelf-keys-'));
  folders.push(dir);
  return dir;
}

async function buyOne(ts: TestServer): Promise<SignedLicense> {
  const product = await publishProduct(ts);
  const user = await newUser(ts);
  const purchase = await buy(ts, user, product.contentIds[0] ?? '');
  return purchase.license.signed;
}

function keyOf(keys: LicenseKey[], keyId: string): LicenseKey {
  const key = keys.find((k) => k.keyId === keyId);
  if (!key) throw new Error(`key ${keyId} is not published`);
  return key;
}

describe.each(ENGINES)('signing keys as configuration (%s)', (engine) => {
  it('signs with the configured key; after rotation the old key stays published', async () => {
    const dataDir = folder();
    const pg = engine === 'postgres' ? await createPgDatabase() : undefined;
    const keep = { dataDir, databaseUrl: pg?.url };
    const oldFile = writeSigningKey(folder());
    const newFile = writeSigningKey(folder());
    try {
      const first = await startTestServer(engine, {
        keep,
        signingKey: { file: oldFile, keyId: 'k-2026-01' },
      });
      const oldLicense = await buyOne(first);
      expect(oldLicense.document.keyId).toBe('k-2026-01');
      await first.close();

      const second = await startTestServer(engine, {
        keep,
        signingKey: { file: newFile, keyId: 'k-2026-02' },
      });
      try {
        const newLicense = await buyOne(second);
        expect(newLicense.document.keyId).toBe('k-2026-02');
        // The single-key route answers the current key, for clients that read only one.
        expect((await ok(second.url, 'licenseKey')).keyId).toBe('k-2026-02');
        const { keySet } = await ok(second.url, 'licenseKeys');
        expect(keySet.currentKeyId).toBe('k-2026-02');
        expect(keySet.keys.map((k) => k.keyId)).toEqual(['k-2026-02', 'k-2026-01']);
        expect(await verifyLicenseSignature(oldLicense, keyOf(keySet.keys, 'k-2026-01'))).toBe(
          true,
        );
        expect(await verifyLicenseSignature(newLicense, keyOf(keySet.keys, 'k-2026-02'))).toBe(
          true,
        );
        // A key verifies only what it signed.
        expect(await verifyLicenseSignature(oldLicense, keyOf(keySet.keys, 'k-2026-02'))).toBe(
          false,
        );
      } finally {
        await second.close();
      }

      // A different key under a published id would make old licenses unverifiable: refused.
      await expect(
        startTestServer(engine, { keep, signingKey: { file: newFile, keyId: 'k-2026-01' } }),
      ).rejects.toThrow(/"k-2026-01" is already published with another public key/);
    } finally {
      await pg?.drop();
    }
  });
});

describe('a signing key file that cannot sign licenses is refused with one sentence', () => {
  it('missing file', async () => {
    await expect(
      startTestServer('sqlite', { signingKey: { file: '/nonexistent/key.pem' } }),
    ).rejects.toThrow('SHELF_SIGNING_KEY_FILE cannot be read (/nonexistent/key.pem): ENOENT.');
  });

  it('not a key', async () => {
    const file = join(folder(), 'junk.pem');
    writeFileSync(file, 'hello');
    await expect(startTestServer('sqlite', { signingKey: { file } })).rejects.toThrow(
      'is not a PEM private key; expected Ed25519 PKCS#8.',
    );
  });

  it('an RSA key', async () => {
    const file = join(folder(), 'rsa.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(startTestServer('sqlite', { signingKey: { file } })).rejects.toThrow(
      'holds a rsa key; licenses are signed with Ed25519.',
    );
  });

  it('a key id with a space', async () => {
    const file = writeSigningKey(folder());
    await expect(
      startTestServer('sqlite', { signingKey: { file, keyId: 'bad id' } }),
    ).rejects.toThrow('SHELF_SIGNING_KEY_ID must be 1 to 64');
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../../server/index';
import { call, ok } from '../../fixtures/server-harness';
import { spawnServer } from '../../fixtures/server-process';
import { writeSigningKey } from '../../fixtures/signing-key';
import { verifyKeySetSignature } from '../../../shared/license-document';
import { signKeySet } from '../../../scripts/lib/license-root-tool';
import { TEST_LICENSE_ROOT, testRootKeyFile } from '../../fixtures/license-root';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shelf-prod-'));
  folders.push(dir);
  return dir;
}

/** A complete production environment; each refusal test breaks one part of it. */
function production(): Record<string, string> {
  const dataDir = folder();
  const signingKey = writeSigningKey(dataDir, 'prod-key.pem');
  // As the README's production example: the key set signed with the root off the server.
  const keySet = join(dataDir, 'key-set.json');
  writeFileSync(
    keySet,
    JSON.stringify(signKeySet(testRootKeyFile(), [{ file: signingKey, keyId: 'prod-1' }])),
  );
  return {
    SHELF_ENV: 'production',
    SHELF_DATA_DIR: dataDir,
    SHELF_ADMIN_TOKEN: randomBytes(32).toString('base64url'),
    SHELF_SIGNING_KEY_FILE: signingKey,
    SHELF_SIGNING_KEY_ID: 'prod-1',
    SHELF_LICENSE_KEY_SET_FILE: keySet,
    SHELF_LICENSE_ROOT_KEY_FILE: '',
    SHELF_PAYMENT_PROVIDER: 'stripe',
    STRIPE_SECRET_KEY: 'sk_test_unused',
    STRIPE_WEBHOOK_SECRET: 'whsec_unused',
    SHELF_DEMO: '',
    // Never dialled here: these tests register nobody (test/integration/server/accounts-mail.test.ts does).
    SHELF_SMTP_URL: 'smtp://shelf:unused@127.0.0.1:9',
    SHELF_PUBLIC_URL: 'https://shelf.example.test',
  };
}

async function login(url: string) {
  return call(url, 'login', {
    body: {
      email: DEMO_USER.email,
      password: DEMO_USER.password,
      deviceId: randomUUID(),
      deviceName: 'test',
    },
  });
}

describe('npm run server without SHELF_DEMO', () => {
  it('creates no demo user and no demo catalog', async () => {
    const server = await spawnServer({ SHELF_DATA_DIR: folder(), SHELF_DEMO: '' });
    try {
      expect(server.output()).not.toContain(DEMO_USER.password);
      expect((await login(server.url)).status).toBe(401);
      expect((await ok(server.url, 'listCatalog', { query: { limit: 10 } })).items).toEqual([]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe('production mode (SHELF_ENV=production)', () => {
  it('starts with every setting given: no demo data, the configured key', async () => {
    const server = await spawnServer(production());
    try {
      expect(server.output()).toContain('production');
      expect((await login(server.url)).status).toBe(401);
      expect((await ok(server.url, 'listCatalog', { query: { limit: 10 } })).items).toEqual([]);
      const set = await ok(server.url, 'licenseKeys');
      expect(set.keySet.currentKeyId).toBe('prod-1');
      expect(await verifyKeySetSignature(set, [TEST_LICENSE_ROOT])).toBe(true);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  // Every refusal's sentence is checked in test/unit/server/server-config.test.ts; these two
  // check what the process does with one: print it alone and exit with code 1.
  const refusals: [string, Record<string, string>, string][] = [
    [
      'a short admin token',
      { SHELF_ADMIN_TOKEN: 'x'.repeat(31) },
      'needs a SHELF_ADMIN_TOKEN of at least 32 characters',
    ],
    ['no license root', { SHELF_LICENSE_KEY_SET_FILE: '' }, 'needs SHELF_LICENSE_KEY_SET_FILE'],
    [
      'the test payment provider',
      { SHELF_PAYMENT_PROVIDER: 'test' },
      'needs SHELF_PAYMENT_PROVIDER=stripe',
    ],
    ['no SMTP server', { SHELF_SMTP_URL: '' }, 'Production mode needs SHELF_SMTP_URL'],
  ];
  it.each(refusals)(
    'refuses to start with %s: one sentence, exit code 1',
    async (_, change, sentence) => {
      const attempt = spawnServer({ ...production(), ...change });
      const error = await attempt.then(
        () => new Error('started'),
        (e: unknown) => e as Error,
      );
      expect(error.message).toContain('server exited (1)');
      const printed = error.message.split('\n').filter((line) => line.trim() !== '');
      // The exit line of the harness, then exactly one line from the server.
      expect(printed).toHaveLength(2);
      expect(printed[1]).toMatch(/^Shelfkeeper license server not started: .+\.$/);
      expect(printed[1]).toContain(sentence);
    },
  );
});

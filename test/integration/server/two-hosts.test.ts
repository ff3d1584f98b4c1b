import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLicenseSignature } from '../../../shared/license-document';
import { buy, publishProduct } from '../../fixtures/server-catalog';
import type { TestServer } from '../../fixtures/server-harness';
import { createPgDatabase } from '../../fixtures/pg-database';
import { newUser, ok } from '../../fixtures/server-harness';
import type { ServerProcess } from '../../fixtures/server-process';
import { spawnServer } from '../../fixtures/server-process';
import type { S3TestServer } from '../../fixtures/s3-server';
import { startS3Server } from '../../fixtures/s3-server';
import { writeSigningKey } from '../../fixtures/signing-key';

/**
 * The production set-up of the README: two server processes, each with its own data folder,
 * sharing one PostgreSQL database, one object store and one configured signing key. Whatever
 * one host did, the other must answer for.
 */
describe('two hosts on one PostgreSQL, one object store, one signing key', () => {
  const folders: string[] = [];
  const adminToken = randomBytes(32).toString('base64url');
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  let s3: S3TestServer;
  let hosts: ServerProcess[] = [];

  function folder(): string {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-host-'));
    folders.push(dir);
    return dir;
  }

  beforeAll(async () => {
    [database, s3] = await Promise.all([createPgDatabase(), startS3Server()]);
    const shared = {
      SHELF_ENV: 'production',
      DATABASE_URL: database.url,
      SHELF_ADMIN_TOKEN: adminToken,
      SHELF_SIGNING_KEY_FILE: writeSigningKey(folder()),
      SHELF_SIGNING_KEY_ID: 'shared-1',
      SHELF_PAYMENT_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_unused',
      STRIPE_WEBHOOK_SECRET: 'whsec_unused',
      SHELF_DEMO: '',
      ...s3.env('shelf'),
    };
    // One after the other: the first start runs the migrations, the second finds them done.
    hosts.push(await spawnServer({ ...shared, SHELF_DATA_DIR: folder() }));
    hosts.push(await spawnServer({ ...shared, SHELF_DATA_DIR: folder() }));
  }, 120_000);

  afterAll(async () => {
    const codes = await Promise.all(hosts.map((host) => host.stop()));
    hosts = [];
    await s3?.stop();
    await database?.drop();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
    expect(codes).toEqual([0, 0]);
  });

  it("a license issued by one host verifies with the other host's keys; content downloads from both", async () => {
    const [a, b] = hosts.map((host) => host.url) as [string, string];
    // Published through host A: the file goes to the object store, not A's data folder.
    const product = await publishProduct({ url: a, adminToken } as TestServer);
    const contentId = product.contentIds[0] ?? '';
    const file = product.files[0] ?? Buffer.alloc(0);

    const user = await newUser(a);
    const purchase = await buy({ url: b, adminToken } as TestServer, user, contentId);
    const signed = purchase.license.signed;
    expect(signed.document.keyId).toBe('shared-1');

    for (const host of [a, b]) {
      expect(await verifyLicenseSignature(signed, await ok(host, 'licenseKey'))).toBe(true);
      const { keySet } = await ok(host, 'licenseKeys');
      expect(keySet.keys.map((key) => key.keyId)).toEqual(['shared-1']);
    }

    for (const host of [a, b]) {
      const whole = await fetch(`${host}/v1/contents/${contentId}/file`, {
        headers: { authorization: `Bearer ${user.token}` },
      });
      expect(whole.status).toBe(200);
      expect(Buffer.from(await whole.arrayBuffer()).equals(file)).toBe(true);

      const part = await fetch(`${host}/v1/contents/${contentId}/file`, {
        headers: { authorization: `Bearer ${user.token}`, range: 'bytes=100-199' },
      });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 100-199/${file.byteLength}`);
      expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(100, 200))).toBe(true);
    }
  });

  // Issue 13 item 8, the order part: an order paid through one host's payment webhook is seen
  // (GET /v1/orders/:orderId, then the license) through the other. Orders and the Stripe
  // webhook come with the payments work; the hosts above are already set up for it.
  it.todo("an order paid through one host's webhook is seen by the other");
});

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyKeySetSignature, verifyLicenseSignature } from '../../../shared/license-document';
import { TEST_LICENSE_ROOT } from '../../fixtures/license-root';
import { isBought } from '../../../shared/api/purchases';
import { STRIPE_WEBHOOK_PATH } from '../../../shared/api/payments';
import { publishProduct } from '../../fixtures/server-catalog';
import type { TestServer } from '../../fixtures/server-harness';
import type { SmtpCatcher } from '../../fixtures/mailbox';
import { startSmtpCatcher } from '../../fixtures/mailbox';
import { createPgDatabase } from '../../fixtures/pg-database';
import { call, http, newUser, ok } from '../../fixtures/server-harness';
import type { ServerProcess } from '../../fixtures/server-process';
import { spawnServer } from '../../fixtures/server-process';
import type { S3TestServer } from '../../fixtures/s3-server';
import { startS3Server } from '../../fixtures/s3-server';
import { writeSigningKey } from '../../fixtures/signing-key';
import type { StripeStandIn } from '../../fixtures/stripe-stand-in';
import { startStripeStandIn } from '../../fixtures/stripe-stand-in';

/**
 * The production set-up of the README: two server processes, each with its own data folder,
 * sharing one PostgreSQL database, one object store, one configured signing key and one payment
 * provider (Stripe's SDK pointed at the local stand-in). Whatever one host did, the other must
 * answer for.
 */
describe('two hosts on one PostgreSQL, one object store, one signing key', () => {
  const folders: string[] = [];
  const adminToken = randomBytes(32).toString('base64url');
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  let s3: S3TestServer;
  let stripe: StripeStandIn;
  let smtp: SmtpCatcher;
  let hosts: ServerProcess[] = [];

  function folder(): string {
    const dir = mkdtempSync(join(tmpdir(), 'shelf-host-'));
    folders.push(dir);
    return dir;
  }

  beforeAll(async () => {
    [database, s3, stripe, smtp] = await Promise.all([
      createPgDatabase(),
      startS3Server(),
      startStripeStandIn(),
      startSmtpCatcher(),
    ]);
    const shared = {
      SHELF_ENV: 'production',
      DATABASE_URL: database.url,
      SHELF_ADMIN_TOKEN: adminToken,
      SHELF_SIGNING_KEY_FILE: writeSigningKey(folder()),
      SHELF_SIGNING_KEY_ID: 'shared-1',
      SHELF_PAYMENT_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_standin',
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_BASE: stripe.url,
      SHELF_DEMO: '',
      SHELF_SMTP_URL: smtp.url,
      SHELF_PUBLIC_URL: 'https://shelf.example.test',
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
    await stripe?.close();
    await smtp?.close();
    await database?.drop();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
    expect(codes).toEqual([0, 0]);
  });

  it("an order placed on one host, paid through the other's webhook, is a license on both; it verifies and downloads everywhere", async () => {
    const [a, b] = hosts.map((host) => host.url) as [string, string];
    // Published through host A: the file goes to the object store, not A's data folder.
    const product = await publishProduct({ url: a, adminToken } as TestServer);
    const contentId = product.contentIds[0] ?? '';
    const file = product.files[0] ?? Buffer.alloc(0);

    // Placed on B: an order waiting for payment, with a Checkout Session at the provider.
    // Registered and confirmed through the mail host A sent over SMTP.
    const user = await newUser({ url: a, mailbox: smtp });
    const placed = await call(b, 'purchase', {
      token: user.token,
      body: { contentId, pointsToUse: 0, idempotencyKey: randomUUID() },
    });
    expect(placed.status, placed.answer.text).toBe(202);
    if (isBought(placed.body)) throw new Error('a money purchase was bought without a payment');
    const orderId = placed.body.order.id;
    const session = [...stripe.sessions.values()].find((s) => s.client_reference_id === orderId);
    if (!session) throw new Error('no Checkout Session for the order');
    expect((await ok(a, 'listLicenses', { token: user.token })).licenses).toEqual([]);

    // Paid: Stripe's signed event reaches host A (the load balancer's choice), once and again.
    const event = stripe.signedEvent('checkout.session.completed', session);
    for (let i = 0; i < 2; i += 1) {
      const delivered = await http(a, 'POST', STRIPE_WEBHOOK_PATH, {
        rawBody: event.body,
        headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
      });
      expect(delivered.status).toBe(200);
    }

    // Host B, which placed the order, sees it paid and the license it became.
    const paid = await ok(b, 'getOrder', { token: user.token, params: { orderId } });
    expect(paid.state).toBe('paid');
    const { licenses } = await ok(b, 'listLicenses', { token: user.token });
    expect(licenses.map((l) => l.licenseId)).toEqual([paid.licenseId]);
    const signed = licenses[0]?.signed;
    if (!signed) throw new Error('no signed license');
    expect(signed.document.keyId).toBe('shared-1');

    for (const host of [a, b]) {
      expect(await verifyLicenseSignature(signed, await ok(host, 'licenseKey'))).toBe(true);
      const set = await ok(host, 'licenseKeys');
      expect(set.keySet.keys.map((key) => key.keyId)).toEqual(['shared-1']);
      // Both hosts sign the set with the one root the app pins (spawnServer's default file).
      expect(await verifyKeySetSignature(set, [TEST_LICENSE_ROOT])).toBe(true);
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
});

import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteName, RouteSpec } from '../../shared/api/routes';
import { routes } from '../../shared/api/routes';
import { problemSchema } from '../../shared/errors';
import { insertSession } from '../../server/db/sessions';
import { drawCover } from '../../server/seed/cover-image';
import { sha256Hex } from '../../server/util/secrets';
import { buy, publishProduct, returnLicense } from '../fixtures/server-catalog';
import type { TestServer, TestUser } from '../fixtures/server-harness';
import { nextMail, tokenOf as linkToken } from '../fixtures/mailbox';
import { ENGINES, http, newUser, ok, startTestServer } from '../fixtures/server-harness';
import { SOAK } from '../fixtures/reliability';

/**
 * Every route of the shared table × every kind of caller: no token, an expired token, another
 * user's token (on the owner's resources), the admin token, and the owner as the control.
 * Each cell has an expected status, and no answer to anyone but the owner may carry anything
 * of the owner's (ids, email, receipts).
 */
type Principal = 'none' | 'expired' | 'other' | 'admin' | 'owner';
const PRINCIPALS: Principal[] = ['none', 'expired', 'other', 'admin', 'owner'];

interface Cell {
  path: string;
  body?: unknown;
  /** Parts of the answer that only echo the caller's own request (a batch names each item). */
  echoes?: string[];
}

describe.each(SOAK ? ENGINES : ENGINES.slice(0, 1))('authorization matrix on %s', (engine) => {
  let ts: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let expiredToken: string;
  let secrets: string[];
  const ids: Record<string, string> = {};
  /** One unused link token per caller: a confirmation link and a reset link each work once. */
  const confirmTokens = {} as Record<Principal, string>;
  const resetTokens = {} as Record<Principal, string>;

  beforeAll(async () => {
    // Registrations well past the per-address default: every row below registers someone.
    ts = await startTestServer(engine, {
      limits: { registrationsPerAddress: { max: 1000, windowMs: 60 * 60 * 1000 } },
    });
    [alice, bob] = await Promise.all([newUser(ts, 'Alice'), newUser(ts, 'Bob')]);
    const cover = { mime: 'image/png' as const, base64: drawCover('Matrix').toString('base64') };
    const products = await Promise.all(
      [1, 2, 3].map(() => publishProduct(ts, { versions: 2, cover })),
    );
    // Alice holds version 1 of each: one license to read, one to return, one to quote.
    const held = await Promise.all(products.map((p) => buy(ts, alice, p.contentIds[0] ?? '')));
    ids.readLicense = held[0]!.license.licenseId;
    ids.readContent = products[0]!.contentIds[0] ?? '';
    ids.order = held[0]!.purchase.orderId ?? '';
    ids.returnLicense = held[1]!.license.licenseId;
    ids.quoteLicense = held[2]!.license.licenseId;
    ids.buyContent = products[2]!.contentIds[1] ?? '';
    ids.productId = products[0]!.productId;
    // A second device of Alice's, for the device removal row.
    const second = randomUUID();
    await ok(ts.url, 'login', {
      body: {
        email: alice.email,
        password: alice.password,
        deviceId: second,
        deviceName: 'second',
      },
    });
    ids.secondDevice = second;
    // Unconfirmed accounts and reset requests of other people, so no link touches Alice.
    for (const p of PRINCIPALS) {
      const unconfirmed = `c-${randomUUID()}@example.test`;
      await ok(ts.url, 'register', {
        body: { email: unconfirmed, password: 'long enough pw', name: 'C' },
      });
      confirmTokens[p] = linkToken((await nextMail(ts.mailbox, unconfirmed)).link);
      const forgetful = await newUser(ts, 'Forgetful');
      await ok(ts.url, 'requestPasswordReset', { body: { email: forgetful.email } });
      resetTokens[p] = linkToken((await nextMail(ts.mailbox, forgetful.email, 1)).link);
    }
    // A past return, so the lists have something of Alice's to leak.
    const extra = await publishProduct(ts);
    const bought = await buy(ts, alice, extra.contentIds[0] ?? '');
    const receipt = await returnLicense(ts, alice, bought.license.licenseId);
    // An expired session of Alice's, written as the login would have written it.
    expiredToken = randomBytes(32).toString('base64url');
    const past = new Date(Date.now() - 60_000).toISOString();
    await insertSession(ts.server.context.db, {
      token_hash: sha256Hex(expiredToken),
      user_id: alice.id,
      device_id: alice.deviceId,
      created_at: past,
      expires_at: past,
    });
    secrets = [
      alice.id,
      alice.email,
      alice.token,
      alice.deviceId,
      second,
      ids.readLicense,
      ids.returnLicense,
      ids.quoteLicense,
      ids.order,
      bought.license.licenseId,
      receipt.returnId,
    ];
  });

  afterAll(async () => {
    await ts?.close();
  });

  function tokenOf(p: Principal): string | undefined {
    return {
      none: undefined,
      expired: expiredToken,
      other: bob.token,
      admin: ts.adminToken,
      owner: alice.token,
    }[p];
  }

  /** The request of each route, aimed at Alice's resources. */
  const cells: Record<RouteName, (p: Principal) => Cell> = {
    register: () => ({
      path: '/v1/auth/register',
      body: { email: `m-${randomUUID()}@example.test`, password: 'long enough pw', name: 'M' },
    }),
    login: () => ({
      path: '/v1/auth/login',
      body: {
        email: alice.email,
        password: alice.password,
        deviceId: alice.deviceId,
        deviceName: 'd',
      },
    }),
    confirmEmail: (p) => ({ path: '/v1/auth/confirm-email', body: { token: confirmTokens[p] } }),
    resendConfirmation: () => ({
      path: '/v1/auth/confirm-email/resend',
      body: { email: `r-${randomUUID()}@example.test` },
    }),
    requestPasswordReset: () => ({
      path: '/v1/auth/password-reset',
      body: { email: `r-${randomUUID()}@example.test` },
    }),
    resetPassword: (p) => ({
      path: '/v1/auth/password-reset/complete',
      body: { token: resetTokens[p], password: 'a new long password' },
    }),
    // The caller's own password, kept the same (later rows sign in with it).
    changePassword: (p) => {
      const password = p === 'other' ? bob.password : alice.password;
      return {
        path: '/v1/auth/password',
        body: { currentPassword: password, newPassword: password },
      };
    },
    logout: () => ({ path: '/v1/auth/logout' }),
    listDevices: () => ({ path: '/v1/devices' }),
    renameDevice: () => ({
      path: `/v1/devices/${ids.secondDevice}/name`,
      body: { name: 'Kitchen tablet' },
    }),
    removeDevice: () => ({ path: `/v1/devices/${ids.secondDevice}` }),
    listCatalog: () => ({ path: '/v1/catalog' }),
    getCatalogItem: () => ({ path: `/v1/catalog/${ids.readContent}` }),
    getCatalogCover: () => ({ path: `/v1/catalog/${ids.readContent}/cover` }),
    purchase: () => ({
      path: '/v1/purchases',
      body: { contentId: ids.buyContent, pointsToUse: 0, idempotencyKey: randomUUID() },
    }),
    getOrder: () => ({ path: `/v1/orders/${ids.order}` }),
    listOrders: () => ({ path: '/v1/orders' }),
    listLicenses: () => ({ path: '/v1/licenses' }),
    downloadContent: () => ({ path: `/v1/contents/${ids.readContent}/file` }),
    returnQuote: () => ({ path: `/v1/licenses/${ids.quoteLicense}/return-quote` }),
    createReturn: (p) => ({
      path: '/v1/returns',
      body: {
        returnId: randomUUID(),
        licenseId: ids.returnLicense,
        kind: 'buyback',
        deviceId: p === 'other' ? bob.deviceId : alice.deviceId,
      },
    }),
    // Batches answer 200 whoever asks; another user's items are refused one by one (404 each).
    createReturnBatch: (p) => ({
      path: '/v1/returns/batch',
      body: {
        returns: [
          {
            returnId: randomUUID(),
            licenseId: ids.returnLicense,
            kind: 'buyback',
            deviceId: p === 'other' ? bob.deviceId : alice.deviceId,
          },
        ],
      },
    }),
    returnQuoteBatch: () => ({
      path: '/v1/return-quotes',
      body: { licenseIds: [ids.quoteLicense] },
      echoes: [`"licenseId":"${ids.quoteLicense}","outcome":"refused"`],
    }),
    listReturns: () => ({ path: '/v1/returns' }),
    wallet: () => ({ path: '/v1/wallet' }),
    sync: () => ({ path: '/v1/sync?after=0' }),
    offlineLease: () => ({ path: '/v1/lease' }),
    pushPlaces: () => ({ path: '/v1/places', body: { positions: [], bookmarks: [] } }),
    listPlaces: () => ({ path: '/v1/places?after=0' }),
    licenseKey: () => ({ path: '/v1/license-key' }),
    licenseKeys: () => ({ path: '/v1/license-keys' }),
    adminPublish: () => ({
      path: '/v1/admin/contents',
      body: {
        title: 'Matrix',
        creator: 'M',
        kind: 'ebook',
        description: '',
        priceCents: 1,
        mime: 'text/plain',
        fileBase64: 'aGk=',
      },
    }),
    adminSetPolicy: () => ({
      path: `/v1/admin/products/${ids.productId}/return-policy`,
      body: { windowDays: 30, buybackRatePct: 70, tradeIn: null, limitPer30Days: null },
    }),
    adminAddWebhook: () => ({
      path: '/v1/admin/webhooks',
      body: { url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(20) },
    }),
    adminListWebhooks: () => ({ path: '/v1/admin/webhooks' }),
    health: () => ({ path: '/healthz' }),
    metrics: () => ({ path: '/metrics' }),
  };

  /** What each kind of caller must get. Another user's token on the owner's ids is a 404. */
  function expected(name: RouteName, spec: RouteSpec, p: Principal): number[] {
    if (spec.auth === 'none') return [spec.status];
    if (spec.auth === 'admin') {
      if (p === 'admin') return [spec.status];
      return p === 'none' ? [401] : [403];
    }
    if (p === 'none' || p === 'expired' || p === 'admin') return [401];
    if (p === 'owner') return [spec.status];
    const ownerIds = [
      'renameDevice',
      'removeDevice',
      'downloadContent',
      'returnQuote',
      'createReturn',
      'getOrder',
    ];
    return ownerIds.includes(name) ? [404] : [spec.status];
  }

  it('answers every route × caller with the expected status and leaks nothing', async () => {
    const names = Object.keys(routes) as RouteName[];
    expect(Object.keys(cells).sort()).toEqual([...names].sort());
    const wrong: string[] = [];
    // Logout ends the session it is called with: run it last.
    const ordered = [...names.filter((n) => n !== 'logout'), 'logout' as const];
    for (const name of ordered) {
      const spec: RouteSpec = routes[name];
      for (const p of PRINCIPALS) {
        const cell = cells[name](p);
        const answer = await http(ts.url, spec.method, cell.path, {
          token: tokenOf(p),
          ...(cell.body !== undefined ? { body: cell.body } : {}),
        });
        const want = expected(name, spec, p);
        if (!want.includes(answer.status)) {
          wrong.push(
            `${name} as ${p}: ${answer.status}, expected ${want.join('/')}: ${answer.text.slice(0, 200)}`,
          );
        }
        if (answer.status >= 400) {
          if (!problemSchema.safeParse(answer.json).success)
            wrong.push(`${name} as ${p}: not a problem`);
          if (answer.status === 401 && answer.headers.get('www-authenticate') !== 'Bearer') {
            wrong.push(`${name} as ${p}: 401 without WWW-Authenticate: Bearer`);
          }
        }
        // Everyone but Alice herself (and the login with her password) must see nothing of hers.
        if (p !== 'owner' && name !== 'login') {
          // The problem's `instance` echoes the caller's own request path: that is not a leak.
          let visible = answer.text.split(cell.path.split('?')[0] ?? '').join('');
          for (const echo of cell.echoes ?? []) visible = visible.split(echo).join('');
          const leaked = secrets.filter((s) => visible.includes(s));
          if (leaked.length) wrong.push(`${name} as ${p}: leaks ${leaked.join(', ')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buy, returnLicense, publishProduct } from '../../fixtures/server-catalog';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, call, http, newUser, ok, startTestServer } from '../../fixtures/server-harness';

describe.each(ENGINES)('server features on %s', (engine) => {
  let ts: TestServer;
  let user: TestUser;

  beforeAll(async () => {
    ts = await startTestServer(engine, {
      limits: { deviceLimit: 2, loginPerAccountAddress: { max: 3, windowMs: 15 * 60 * 1000 } },
    });
    user = await newUser(ts);
  });
  afterAll(async () => {
    await ts?.close();
  });

  it('health, license key, OpenAPI generated from the route table, docs page', async () => {
    expect(await ok(ts.url, 'health')).toEqual({
      status: 'ok',
      database: engine,
      version: '0.1.0',
    });
    expect((await ok(ts.url, 'licenseKey')).algorithm).toBe('Ed25519');
    const openapi = await http(ts.url, 'GET', '/openapi.json');
    const doc = openapi.json as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; requestBody?: unknown }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/returns']?.post?.operationId).toBe('createReturn');
    expect(doc.paths['/v1/licenses/{licenseId}/return-quote']?.get?.operationId).toBe(
      'returnQuote',
    );
    expect(JSON.stringify(doc.paths['/v1/returns']?.post?.requestBody)).toContain('returnId');
    const full = openapi.json as {
      servers: unknown[];
      paths: Record<string, Record<string, { security?: unknown; responses: object }>>;
    };
    expect(full.servers).toHaveLength(1);
    // Bought (201), an order waiting for payment (202), a replay (200); a return's replay (200).
    expect(Object.keys(full.paths['/v1/purchases']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '201', '202', '401']),
    );
    expect(Object.keys(full.paths['/v1/returns']?.post?.responses ?? {})).toContain('200');
    expect(full.paths['/v1/orders/{orderId}']?.get?.security).toEqual([{ userToken: [] }]);
    expect(full.paths['/v1/payments/stripe/webhook']?.post?.security).toEqual([]);
    const operations = Object.values(full.paths).flatMap((ops) => Object.values(ops));
    expect(operations.every((op) => Array.isArray(op.security))).toBe(true);
    const docs = await http(ts.url, 'GET', '/docs');
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
    expect(docs.text).toContain('/v1/licenses/{licenseId}/return-quote');
    expect(docs.text).not.toMatch(/<script|https?:\/\/cdn/i);
  });

  it('metrics: request counts and latencies by route, returns by kind, webhook backlog', async () => {
    const product = await publishProduct(ts);
    const bought = await buy(ts, user, product.contentIds[0] ?? '');
    await returnLicense(ts, user, bought.license.licenseId);
    const metrics = await http(ts.url, 'GET', '/metrics');
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(
      /shelf_http_requests_total\{route="\/v1\/returns",method="POST",status="201"\} 1/,
    );
    expect(metrics.text).toContain(
      'shelf_http_request_duration_seconds_bucket{route="/v1/returns",method="POST",le="+Inf"} 1',
    );
    expect(metrics.text).toContain('shelf_returns_total{kind="buyback",privilege="points"} 1');
    expect(metrics.text).toMatch(/shelf_webhook_backlog \d+/);
  });

  it('catalog: search, kind filter, newest-only and cursor paging', async () => {
    const tag = randomUUID().slice(0, 8);
    const audio = await publishProduct(ts, { kind: 'audio', versions: 2, title: `Song ${tag}` });
    await publishProduct(ts, { kind: 'image', title: `Picture ${tag}` });
    const found = await ok(ts.url, 'listCatalog', { query: { q: tag.toUpperCase() } });
    expect(found.items).toHaveLength(3);
    const kind = await ok(ts.url, 'listCatalog', { query: { q: tag, kind: 'audio' } });
    expect(kind.items.map((i) => i.version).sort()).toEqual([1, 2]);
    expect(kind.items.every((i) => i.latestVersion === 2 && i.productId === audio.productId)).toBe(
      true,
    );
    const latest = await ok(ts.url, 'listCatalog', { query: { q: tag, latestOnly: 'true' } });
    expect(latest.items).toHaveLength(2);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof ok<'listCatalog'>>> = await ok(ts.url, 'listCatalog', {
        query: { limit: 2, ...(cursor ? { cursor } : {}) },
      });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.contentId));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await ok(ts.url, 'listCatalog', { query: { limit: 100 } });
    expect(seen).toEqual(all.items.map((i) => i.contentId));
    expect(new Set(seen).size).toBe(seen.length);
    const forged = await call(ts.url, 'listCatalog', { query: { cursor: 'bm90LWEtY3Vyc29y' } });
    expect(forged.answer.json).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(
      (await call(ts.url, 'getCatalogItem', { params: { contentId: audio.contentIds[1] ?? '' } }))
        .body,
    ).toMatchObject({ version: 2 });
  });

  it('admin: publishing a version of an unknown product or a policy for one is 404', async () => {
    const unknown = randomUUID();
    const publish = await call(ts.url, 'adminPublish', {
      token: ts.adminToken,
      body: {
        productId: unknown,
        title: 't',
        creator: 'c',
        kind: 'ebook',
        priceCents: 1,
        mime: 'text/plain',
        fileBase64: 'aGk=',
      },
    });
    expect(publish.answer.json).toMatchObject({ status: 404 });
    const policy = await call(ts.url, 'adminSetPolicy', {
      token: ts.adminToken,
      params: { productId: unknown },
      body: { windowDays: null, buybackRatePct: 10, tradeIn: null, limitPer30Days: null },
    });
    expect(policy.answer.json).toMatchObject({ status: 404 });
    const targets = await ok(ts.url, 'adminListWebhooks', { token: ts.adminToken });
    expect(JSON.stringify(targets)).not.toContain('secret');
  });

  it('downloads support Range and carry the sha256', async () => {
    const product = await publishProduct(ts);
    const buyer = await newUser(ts);
    await buy(ts, buyer, product.contentIds[0] ?? '');
    const file = product.files[0] ?? Buffer.alloc(0);
    const path = `/v1/contents/${product.contentIds[0]}/file`;
    const get = (range?: string) =>
      fetch(ts.url + path, {
        headers: { authorization: `Bearer ${buyer.token}`, ...(range ? { range } : {}) },
      });
    const full = await get();
    expect(full.status).toBe(200);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('x-content-sha256')).toBe(
      createHash('sha256').update(file).digest('hex'),
    );
    expect(Buffer.from(await full.arrayBuffer()).equals(file)).toBe(true);
    const part = await get('bytes=10-19');
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${file.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(10, 20))).toBe(true);
    const tail = await get('bytes=-5');
    expect(Buffer.from(await tail.arrayBuffer()).equals(file.subarray(file.length - 5))).toBe(true);
    const open = await get(`bytes=${file.length - 3}-`);
    expect(Buffer.from(await open.arrayBuffer()).equals(file.subarray(file.length - 3))).toBe(true);
    const beyond = await get(`bytes=${file.length}-`);
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${file.length}`);
    expect(await beyond.json()).toMatchObject({ code: 'RANGE_NOT_SATISFIABLE' });
  });

  it('devices: the per-user limit, listing, and removing one frees a place', async () => {
    const person = await newUser(ts);
    const login = (deviceId: string) =>
      call(ts.url, 'login', {
        body: { email: person.email, password: person.password, deviceId, deviceName: 'laptop' },
      });
    const second = randomUUID();
    expect((await login(second)).status).toBe(200);
    const third = await login(randomUUID());
    expect(third.answer.json).toMatchObject({ status: 422, code: 'DEVICE_LIMIT_REACHED' });
    expect((await login(person.deviceId)).status).toBe(200); // a known device signs in again
    const devices = await ok(ts.url, 'listDevices', { token: person.token });
    expect(devices.devices.map((d) => d.id).sort()).toEqual([person.deviceId, second].sort());
    await ok(ts.url, 'removeDevice', { token: person.token, params: { deviceId: second } });
    expect((await login(randomUUID())).status).toBe(200);
  });

  it('devices: renamed by the user, the name kept through sign-ins; removing ends its sessions', async () => {
    const person = await newUser(ts);
    const other = randomUUID();
    const signIn = await ok(ts.url, 'login', {
      body: { email: person.email, password: person.password, deviceId: other, deviceName: 'x' },
    });
    const renamed = await ok(ts.url, 'renameDevice', {
      token: person.token,
      params: { deviceId: other },
      body: { name: '  Kitchen tablet  ' },
    });
    expect(renamed).toMatchObject({ id: other, name: 'Kitchen tablet' });
    // Signing in again from that device does not undo the user's name for it.
    await ok(ts.url, 'login', {
      body: { email: person.email, password: person.password, deviceId: other, deviceName: 'y' },
    });
    const listed = await ok(ts.url, 'listDevices', { token: person.token });
    expect(listed.devices.find((d) => d.id === other)?.name).toBe('Kitchen tablet');
    const bad = await call(ts.url, 'renameDevice', {
      token: person.token,
      params: { deviceId: other },
      body: { name: '   ' },
    });
    expect(bad.answer.json).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const missing = await call(ts.url, 'renameDevice', {
      token: person.token,
      params: { deviceId: randomUUID() },
      body: { name: 'Ghost' },
    });
    expect(missing.answer.json).toMatchObject({ status: 404, code: 'NOT_FOUND' });

    // Removing the device revokes its session: its token no longer works.
    expect((await call(ts.url, 'listDevices', { token: signIn.token })).status).toBe(200);
    await ok(ts.url, 'removeDevice', { token: person.token, params: { deviceId: other } });
    expect((await call(ts.url, 'listDevices', { token: signIn.token })).status).toBe(401);
  });

  it('login: wrong passwords are rate limited per email, in the database', async () => {
    const person = await newUser(ts);
    const attempt = (password: string) =>
      call(ts.url, 'login', {
        body: { email: person.email, password, deviceId: person.deviceId, deviceName: 'x' },
      });
    for (let i = 0; i < 3; i++) expect((await attempt('wrong password!')).status).toBe(401);
    const limited = await attempt(person.password);
    expect(limited.status).toBe(429);
    expect(limited.answer.json).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.answer.headers.get('retry-after'))).toBeGreaterThan(0);
    ts.clockOffset.ms = 16 * 60 * 1000;
    try {
      expect((await attempt(person.password)).status).toBe(200);
    } finally {
      ts.clockOffset.ms = 0;
    }
    const unknown = await call(ts.url, 'login', {
      body: {
        email: `nobody-${randomUUID()}@example.test`,
        password: 'whatever1',
        deviceId: randomUUID(),
        deviceName: 'x',
      },
    });
    expect(unknown.answer.json).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    // A taken address is not revealed: the same answer as a new one (accounts-mail.test.ts).
    const duplicate = await call(ts.url, 'register', {
      body: { email: person.email.toUpperCase(), password: 'another pw 123', name: 'Dup' },
    });
    expect(duplicate.status).toBe(202);
    expect(duplicate.body).toEqual({ email: person.email, confirmationSent: true });
  });
});

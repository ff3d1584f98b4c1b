import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Limits } from '../../server/index';
import { startServer } from '../../server/index';
import { buy, offered, publishProduct } from '../fixtures/server-catalog';
import type { TestServer } from '../fixtures/server-harness';
import { ENGINES, call, http, newUser, ok, startTestServer } from '../fixtures/server-harness';

/**
 * Issue 14, item 1 and 6: limits that count a guess before its password is checked, keyed so an
 * attacker cannot lock the owner out; registration, quote and admin limits; scrypt cost and
 * rehash; the device of a return.
 */
const MINUTE = 60_000;
const LIMITS: Partial<Limits> = {
  loginPerAccountAddress: { max: 10, windowMs: 15 * MINUTE },
  loginPerAddress: { max: 100, windowMs: 15 * MINUTE },
  loginPerKnownDevice: { max: 10, windowMs: 15 * MINUTE },
  registrationsPerAddress: { max: 25, windowMs: 60 * MINUTE },
  adminFailuresPerAddress: { max: 3, windowMs: 15 * MINUTE },
};

function from(address: string): Record<string, string> {
  return { 'x-forwarded-for': address };
}

async function login(
  ts: TestServer,
  body: { email: string; password: string; deviceId: string; deviceSecret?: string },
  address: string,
) {
  return http(ts.url, 'POST', '/v1/auth/login', {
    body: { deviceName: 'device', ...body },
    headers: from(address),
  });
}

describe.each(ENGINES)('login and request limits on %s', (engine) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(engine, { limits: LIMITS, trustProxy: true });
  });
  afterAll(() => ts.close());

  it('200 parallel guesses: at most the limit are checked, and the right password past it is refused', async () => {
    const victim = await newUser(ts);
    const correctAt = 150;
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        login(
          ts,
          {
            email: victim.email,
            password: i === correctAt ? victim.password : `wrong guess ${i}`,
            deviceId: randomUUID(),
          },
          '10.1.0.1',
        ),
      ),
    );
    const statuses = answers.map((a) => a.status);
    const checked = statuses.filter((s) => s !== 429);
    // Every answer is a refusal, a wrong password, or (only within the limit) a sign-in.
    expect(statuses.every((s) => s === 429 || s === 401 || s === 200)).toBe(true);
    expect(checked.length).toBeLessThanOrEqual(10);
    expect(checked.length).toBeGreaterThan(0);
    const signedIn = statuses.filter((s) => s === 200).length;
    expect(signedIn).toBeLessThanOrEqual(1);
    // Past the limit the right password no longer signs in from that address.
    const after = await login(
      ts,
      { email: victim.email, password: victim.password, deviceId: randomUUID() },
      '10.1.0.1',
    );
    expect(after.status).toBe(429);
    expect(Number(after.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('the owner signs in during an attack: from a known device, and from another address', async () => {
    const owner = await newUser(ts);
    const first = await login(
      ts,
      { email: owner.email, password: owner.password, deviceId: owner.deviceId },
      '10.2.0.9',
    );
    expect(first.status).toBe(200);
    const deviceSecret = (first.json as { deviceSecret: string }).deviceSecret;
    expect(deviceSecret.length).toBeGreaterThanOrEqual(20);

    // The attack comes from the owner's own address (one NAT) and from another one.
    const guesses = (address: string) =>
      Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          login(
            ts,
            { email: owner.email, password: `guess ${i}`, deviceId: randomUUID() },
            address,
          ),
        ),
      );
    await Promise.all([guesses('10.2.0.9'), guesses('10.2.0.66')]);
    const locked = await login(
      ts,
      { email: owner.email, password: owner.password, deviceId: owner.deviceId },
      '10.2.0.9',
    );
    expect(locked.status).toBe(429);

    // A known device presents its secret: its own counter, untouched by the guesses.
    const known = await login(
      ts,
      { email: owner.email, password: owner.password, deviceId: owner.deviceId, deviceSecret },
      '10.2.0.9',
    );
    expect(known.status).toBe(200);
    // The secret is renewed at each sign-in; the old one no longer proves the device.
    const renewed = (known.json as { deviceSecret: string }).deviceSecret;
    expect(renewed).not.toBe(deviceSecret);
    const stale = await login(
      ts,
      { email: owner.email, password: owner.password, deviceId: owner.deviceId, deviceSecret },
      '10.2.0.9',
    );
    expect(stale.status).toBe(429);
    // A secret does not make another device known.
    const elsewhere = await login(
      ts,
      {
        email: owner.email,
        password: owner.password,
        deviceId: randomUUID(),
        deviceSecret: renewed,
      },
      '10.2.0.9',
    );
    expect(elsewhere.status).toBe(429);

    // Without a device secret, from an address the attacker never used: signs in.
    const otherAddress = await login(
      ts,
      { email: owner.email, password: owner.password, deviceId: owner.deviceId },
      '10.2.0.10',
    );
    expect(otherAddress.status).toBe(200);
  });

  it('an address past its limit is refused for every account; delays grow while it keeps trying', async () => {
    const people = await Promise.all([newUser(ts), newUser(ts)]);
    const address = '10.3.0.1';
    for (let round = 0; round < 10; round++) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          login(
            ts,
            { email: `nobody-${round}-${i}@example.test`, password: 'x', deviceId: randomUUID() },
            address,
          ),
        ),
      );
    }
    const refused = await login(
      ts,
      { email: people[0].email, password: people[0].password, deviceId: people[0].deviceId },
      address,
    );
    expect(refused.status).toBe(429);
    const firstWait = Number(refused.headers.get('retry-after'));
    expect(firstWait).toBeGreaterThan(0);
    expect(firstWait).toBeLessThanOrEqual(15 * 60);
    // Another limit's worth of attempts doubles the window.
    await Promise.all(
      Array.from({ length: 100 }, () =>
        login(
          ts,
          { email: `x-${randomUUID()}@example.test`, password: 'x', deviceId: randomUUID() },
          address,
        ),
      ),
    );
    const later = await login(
      ts,
      { email: people[1].email, password: people[1].password, deviceId: people[1].deviceId },
      address,
    );
    expect(later.status).toBe(429);
    expect(Number(later.headers.get('retry-after'))).toBeGreaterThan(15 * 60);
  });

  it('registration is limited per address', async () => {
    const register = (i: number) =>
      http(ts.url, 'POST', '/v1/auth/register', {
        body: {
          email: `r-${randomUUID()}@example.test`,
          password: 'long enough pw',
          name: `R${i}`,
        },
        headers: from('10.4.0.1'),
      });
    const statuses = (await Promise.all(Array.from({ length: 40 }, (_, i) => register(i)))).map(
      (a) => a.status,
    );
    expect(statuses.filter((s) => s === 202)).toHaveLength(25);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('repeated quotes each answer an offer, and the last one is honoured', async () => {
    const person = await newUser(ts);
    const product = await publishProduct(ts, { versions: 2 });
    const bought = await buy(ts, person, product.contentIds[0] ?? '');
    const licenseId = bought.license.licenseId;
    // Signed, not stored (docs/design.md §3.1; no quotes table since migration 0009): a quote
    // asked again does not replace the earlier ones, and the last is as good as the first.
    const quotes = [];
    for (let i = 0; i < 50; i++) {
      quotes.push(
        offered(await ok(ts.url, 'returnQuote', { token: person.token, params: { licenseId } })),
      );
    }
    const last = quotes.at(-1);
    const done = await call(ts.url, 'createReturn', {
      token: person.token,
      body: {
        returnId: randomUUID(),
        licenseId,
        kind: 'buyback',
        quoteId: last?.quoteId ?? '',
        deviceId: person.deviceId,
      },
    });
    expect(done.answer.status).toBe(201);
  });

  it('wrong admin tokens are limited per address; the right one is not used up', async () => {
    const admin = (token: string, address: string) =>
      http(ts.url, 'GET', '/v1/admin/webhooks', { token, headers: from(address) });
    for (let i = 0; i < 5; i++) expect((await admin(ts.adminToken, '10.5.0.1')).status).toBe(200);
    const wrong = await Promise.all(
      Array.from({ length: 20 }, () => admin(randomBytes(32).toString('hex'), '10.5.0.2')),
    );
    expect(wrong.filter((a) => a.status === 403)).toHaveLength(3);
    expect(wrong.filter((a) => a.status === 429)).toHaveLength(17);
    expect((await admin(ts.adminToken, '10.5.0.1')).status).toBe(200);
  });

  it('a return is recorded against the session device; another device id is refused', async () => {
    const person = await newUser(ts);
    const product = await publishProduct(ts);
    const bought = await buy(ts, person, product.contentIds[0] ?? '');
    const body = {
      returnId: randomUUID(),
      licenseId: bought.license.licenseId,
      kind: 'buyback' as const,
    };
    const forged = await call(ts.url, 'createReturn', {
      token: person.token,
      body: { ...body, deviceId: randomUUID() },
    });
    expect(forged.answer.json).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    await ok(ts.url, 'createReturn', {
      token: person.token,
      body: { ...body, deviceId: person.deviceId },
    });
    const row = await ts.server.context.db
      .selectFrom('returns')
      .select('device_id')
      .where('id', '=', body.returnId)
      .executeTakeFirstOrThrow();
    expect(row.device_id).toBe(person.deviceId);
  });
});

describe.each(ENGINES)('password hashing and admin token on %s', (engine) => {
  it('hashes at N=2^17, r=8, p=1 by default and rehashes a cheaper hash at the next sign-in', async () => {
    const cheap = await startTestServer(engine, { passwordCost: 14 });
    const dataDir = cheap.dataDir;
    const databaseUrl = cheap.databaseUrl;
    const person = await newUser(cheap);
    const hashOf = async (ts: TestServer) =>
      (
        await ts.server.context.db
          .selectFrom('users')
          .select('password_hash')
          .where('email', '=', person.email)
          .executeTakeFirstOrThrow()
      ).password_hash;
    expect((await hashOf(cheap)).split('$').slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
    await cheap.server.close();
    const strong = await startTestServer(engine, {
      passwordCost: 17,
      keep: { dataDir, databaseUrl },
    });
    try {
      const first = await login(
        strong,
        { email: person.email, password: person.password, deviceId: person.deviceId },
        '127.0.0.1',
      );
      expect(first.status).toBe(200);
      expect((await hashOf(strong)).split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
      // The new hash checks the same password.
      const again = await login(
        strong,
        { email: person.email, password: person.password, deviceId: person.deviceId },
        '127.0.0.1',
      );
      expect(again.status).toBe(200);
    } finally {
      await strong.server.close();
      await cheap.close();
    }
  });

  it('refuses an admin token shorter than 32 characters', async () => {
    await expect(startTestServer(engine, { adminToken: 'a'.repeat(31) })).rejects.toThrow(
      /at least 32 characters/,
    );
  });
});

// The production default, checked without a server: startServer's default cost is 2^17.
it('startServer hashes new passwords at 2^17 unless told otherwise', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shelf-cost-'));
  const server = await startServer({
    port: 0,
    logLevel: 'silent',
    dataDir,
    webhooks: { enabled: false },
  });
  try {
    expect(server.context.passwordCost).toBe(17);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

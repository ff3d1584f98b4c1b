import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextMail, tokenOf } from '../../fixtures/mailbox';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, call, newUser, ok, startTestServer } from '../../fixtures/server-harness';

/**
 * Sessions verified within `limits.sessionRecheckMs` are not looked up again (docs/design.md
 * §7.7). The bound here is a minute, longer than any of these tests takes, so a refusal can only
 * come from the session being forgotten (this process) or the bound passing (the server's clock
 * moved by the test), never from the cache running out on its own.
 */
const BOUND_MS = 60_000;

const status = async (ts: TestServer, token: string) =>
  (await call(ts.url, 'listLicenses', { token })).status;

async function secondSession(
  ts: TestServer,
  user: TestUser,
): Promise<{ token: string; deviceId: string }> {
  const deviceId = randomUUID();
  const session = await ok(ts.url, 'login', {
    body: { email: user.email, password: user.password, deviceId, deviceName: 'second device' },
  });
  return { token: session.token, deviceId };
}

describe.each(ENGINES)('sessions ended by this process end at once, on %s', (engine) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(engine, { limits: { sessionRecheckMs: BOUND_MS } });
  });
  afterAll(async () => {
    await ts?.close();
  });

  it('logout', async () => {
    const user = await newUser(ts, 'Logout');
    expect(await status(ts, user.token)).toBe(200);
    await ok(ts.url, 'logout', { token: user.token });
    expect(await status(ts, user.token)).toBe(401);
  });

  it("a password change ends the other sessions, not the caller's", async () => {
    const user = await newUser(ts, 'Change');
    const other = await secondSession(ts, user);
    expect(await status(ts, other.token)).toBe(200);
    const changed = await ok(ts.url, 'changePassword', {
      token: user.token,
      body: { currentPassword: user.password, newPassword: 'another horse battery' },
    });
    expect(changed.sessionsEnded).toBe(1);
    expect(await status(ts, other.token)).toBe(401);
    expect(await status(ts, user.token)).toBe(200);
  });

  it('a password reset ends every session', async () => {
    const user = await newUser(ts, 'Reset');
    expect(await status(ts, user.token)).toBe(200);
    await ok(ts.url, 'requestPasswordReset', { body: { email: user.email } });
    // The confirmation mail was the first.
    const mail = await nextMail(ts.mailbox, user.email, 1);
    await ok(ts.url, 'resetPassword', {
      body: { token: tokenOf(mail.link), password: 'another horse battery' },
    });
    expect(await status(ts, user.token)).toBe(401);
  });

  it("removing a device ends that device's session", async () => {
    const user = await newUser(ts, 'Device');
    const other = await secondSession(ts, user);
    expect(await status(ts, other.token)).toBe(200);
    await ok(ts.url, 'removeDevice', { token: user.token, params: { deviceId: other.deviceId } });
    expect(await status(ts, other.token)).toBe(401);
    expect(await status(ts, user.token)).toBe(200);
  });

  it('an expired session is refused even while remembered', async () => {
    const user = await newUser(ts, 'Expiry');
    expect(await status(ts, user.token)).toBe(200);
    ts.clockOffset.ms = 31 * 24 * 60 * 60 * 1000;
    try {
      expect(await status(ts, user.token)).toBe(401);
    } finally {
      ts.clockOffset.ms = 0;
    }
  });
});

describe.runIf(ENGINES.includes('postgres'))('a session ended by another process', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer('postgres', { limits: { sessionRecheckMs: BOUND_MS } });
    b = await startTestServer('postgres', {
      keep: { dataDir: a.dataDir, databaseUrl: a.databaseUrl },
      limits: { sessionRecheckMs: BOUND_MS },
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('works there until the bound, then is refused', async () => {
    const user = await newUser(a, 'Elsewhere');
    expect(await status(b, user.token)).toBe(200);
    await ok(a.url, 'logout', { token: user.token });
    expect(await status(a, user.token)).toBe(401);
    // The other process verified it less than the bound ago: what §7.7 allows.
    expect(await status(b, user.token)).toBe(200);
    b.clockOffset.ms = BOUND_MS;
    try {
      expect(await status(b, user.token)).toBe(401);
    } finally {
      b.clockOffset.ms = 0;
    }
  });

  it('with the bound at 0 every request checks the database', async () => {
    const c = await startTestServer('postgres', {
      keep: { dataDir: a.dataDir, databaseUrl: a.databaseUrl },
      limits: { sessionRecheckMs: 0 },
    });
    try {
      const user = await newUser(a, 'Unbounded');
      expect(await status(c, user.token)).toBe(200);
      await ok(a.url, 'logout', { token: user.token });
      expect(await status(c, user.token)).toBe(401);
    } finally {
      await c.close();
    }
  });
});

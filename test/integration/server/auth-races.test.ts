import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../../server/db/database';
import { nextMail, tokenOf } from '../../fixtures/mailbox';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, call, newUser, ok, startTestServer } from '../../fixtures/server-harness';

/**
 * A sign-in checks the password, then writes its device and session in a transaction: what
 * another request commits in between must not leave a session the design forbids (a session
 * made with a password that was reset meanwhile, or one that outlives its removed device).
 */

type Transaction = DatabaseHandle['transaction'];

/**
 * Wraps the server's next write transaction (the sign-in's, in these tests: nothing else writes
 * through it while the test waits for the sign-in); later ones run as before.
 */
function onNextTransaction(
  ts: TestServer,
  wrap: (original: Transaction) => Transaction,
): Disposable {
  const database = ts.server.context.database;
  const original = database.transaction.bind(database);
  database.transaction = ((fn) => {
    database.transaction = original;
    return wrap(original)(fn);
  }) as Transaction;
  // Put back at the end of the test's scope, had the sign-in failed before its transaction.
  return { [Symbol.dispose]: () => void (database.transaction = original) };
}

const signIn = (ts: TestServer, user: TestUser, deviceId: string) =>
  call(ts.url, 'login', {
    body: { email: user.email, password: user.password, deviceId, deviceName: 'raced' },
  });

const status = async (ts: TestServer, token: string) =>
  (await call(ts.url, 'listLicenses', { token })).status;

describe.each(ENGINES)('sign-in races on %s', (engine) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(engine);
  });
  afterAll(async () => {
    await ts?.close();
  });

  it('a password reset committed while a sign-in checked the old password leaves it no session', async () => {
    const user = await newUser(ts, 'Reset meanwhile');
    await ok(ts.url, 'requestPasswordReset', { body: { email: user.email } });
    const token = tokenOf((await nextMail(ts.mailbox, user.email, 1)).link);
    const deviceId = randomUUID();
    // The owner takes the account back after the old password was checked, before the sign-in
    // writes its session.
    using _wrapped = onNextTransaction(ts, (original) => async (fn) => {
      await ok(ts.url, 'resetPassword', { body: { token, password: 'the owner takes it back' } });
      return original(fn);
    });
    const raced = await signIn(ts, user, deviceId);
    expect(raced.status).toBe(401);
    const rows = await ts.server.context.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', user.id)
      .execute();
    expect(rows).toEqual([]);
    // The new password signs in.
    const after = await call(ts.url, 'login', {
      body: {
        email: user.email,
        password: 'the owner takes it back',
        deviceId,
        deviceName: 'owner',
      },
    });
    expect(after.status).toBe(200);
  });

  it('two sign-ins at once with the right password both succeed while the hash is rehashed', async () => {
    const user = await newUser(ts, 'Rehash race');
    const cost = ts.server.context.passwordCost;
    // The operator raised the cost: each sign-in checks the old hash, then rehashes. The one
    // whose rehash loses must still sign in (the hash changed, the password did not).
    (ts.server.context as { passwordCost: number }).passwordCost = cost + 1;
    try {
      const answers = await Promise.all([
        signIn(ts, user, randomUUID()),
        signIn(ts, user, randomUUID()),
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
    } finally {
      (ts.server.context as { passwordCost: number }).passwordCost = cost;
    }
  });
});

// On SQLite write transactions run one at a time: a removal cannot run inside a sign-in's.
describe.each(ENGINES.filter((e) => e === 'postgres'))(
  'device removal racing its sign-in on %s',
  (engine) => {
    let ts: TestServer;
    let watcher: pg.Client;
    beforeAll(async () => {
      ts = await startTestServer(engine);
      watcher = new pg.Client({ connectionString: ts.databaseUrl });
      await watcher.connect();
    });
    afterAll(async () => {
      await watcher?.end();
      await ts?.close();
    });

    /** Resolves once some statement of this database waits for a row lock. */
    const lockWaited = () =>
      vi.waitFor(
        async () => {
          const { rows } = await watcher.query<{ n: string }>(
            `select count(*) as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`,
          );
          if (Number(rows[0]?.n) === 0) throw new Error('no statement waits for a lock yet');
        },
        { timeout: 10_000, interval: 20 },
      );

    it('a device removed while it signs in again keeps no session', async () => {
      const user = await newUser(ts, 'Removal');
      const laptop = randomUUID();
      expect((await signIn(ts, user, laptop)).status).toBe(200);
      // The laptop signs in again; before its transaction commits, the user removes it from
      // another device, and that removal reaches a lock the sign-in holds.
      let removal: ReturnType<typeof call<'removeDevice'>> | undefined;
      using _wrapped = onNextTransaction(
        ts,
        (original) => (fn) =>
          original(async (tx, finish) => {
            const result = await fn(tx, finish);
            removal = call(ts.url, 'removeDevice', {
              token: user.token,
              params: { deviceId: laptop },
            });
            await lockWaited();
            return result;
          }),
      );
      const again = await signIn(ts, user, laptop);
      expect(again.status).toBe(200);
      expect((await removal)?.status).toBe(200);
      const token = (again.body as { token: string }).token;
      // Removed: its token stops working at once, and no session of it remains.
      expect(await status(ts, token)).toBe(401);
      const rows = await ts.server.context.db
        .selectFrom('sessions')
        .select('device_id')
        .where('user_id', '=', user.id)
        .execute();
      expect(rows).toEqual([{ device_id: user.deviceId }]);
    });
  },
);

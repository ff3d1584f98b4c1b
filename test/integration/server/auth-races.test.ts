import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../server/db/database';
import { nextMail, tokenOf } from '../../fixtures/mailbox';
import type { TestServer, TestUser } from '../../fixtures/server-harness';
import { ENGINES, call, newUser, ok, startTestServer } from '../../fixtures/server-harness';

/**
 * A sign-in checks the password, then writes its device and session in a transaction: what
 * another request commits in between must not leave a session the design forbids: a session
 * made with a password that was reset meanwhile.
 */

type Transaction = DatabaseHandle['transaction'];

/**
 * Wraps the server's next write transaction (the sign-in's, in these tests: nothing else writes
 * through it while the test waits for the sign-in); later ones run as before.
 */
function onNextTransaction(ts: TestServer, wrap: (original: Transaction) => Transaction): void {
  const database = ts.server.context.database;
  const original = database.transaction.bind(database);
  database.transaction = ((fn) => {
    database.transaction = original;
    return wrap(original)(fn);
  }) as Transaction;
}

const signIn = (ts: TestServer, user: TestUser, deviceId: string) =>
  call(ts.url, 'login', {
    body: { email: user.email, password: user.password, deviceId, deviceName: 'raced' },
  });

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
    onNextTransaction(ts, (original) => async (fn) => {
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
});

import { afterEach, describe, expect, it } from 'vitest';
import { accountQueries } from '../../../../../main/core/store/account';
import { encryptedStore, migrateTo } from '../../../../fixtures/store-migrations';

let close = () => {};
afterEach(() => close());

const SESSION = {
  serverUrl: 'https://license.example',
  userId: '00000000-0000-4000-8000-000000000001',
  email: 'reader@example.test',
  name: 'Reader',
  token: 'token-1',
  tokenExpiresAt: '2027-01-01T00:00:00.000Z',
};

describe('store migration 7 (device-secret)', () => {
  it('adds the device secret to the account, keeping the signed-in session', async () => {
    const store = await encryptedStore();
    close = store.close;
    migrateTo(store.db, 6);
    store.db
      .prepare(
        `INSERT INTO account (id, device_id, server_url, user_id, email, name, token, token_expires_at)
         VALUES (1, 'device-1', @serverUrl, @userId, @email, @name, @token, @tokenExpiresAt)`,
      )
      .run(SESSION);
    expect(migrateTo(store.db, 7)).toEqual([7]);

    const account = accountQueries(store.db);
    expect(account.get()).toMatchObject({
      deviceId: 'device-1',
      token: 'token-1',
      deviceSecret: null,
    });
    account.setSession({ ...SESSION, token: 'token-2', deviceSecret: 'secret-from-the-server-1' });
    // A sign-in whose answer carries no secret keeps the one the server issued before.
    account.setSession({ ...SESSION, token: 'token-3', deviceSecret: null });
    expect(account.get()).toMatchObject({
      token: 'token-3',
      deviceSecret: 'secret-from-the-server-1',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { licenseServerPerFile, openTestCore, registerUser } from '../../fixtures/core-integration';

const suite = licenseServerPerFile();

/** Wrong passwords for `email` from this machine's address, as an attacker beside the owner. */
async function guess(serverUrl: string, email: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const response = await fetch(`${serverUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email,
        password: `wrong-${i}`,
        deviceId: crypto.randomUUID(),
        deviceName: 'attacker',
      }),
    });
    statuses.push(response.status);
  }
  return statuses;
}

describe('a known device during an attack on its account', () => {
  it('signs in with the device secret kept from its last sign-in; a new device is held back', async () => {
    const user = await registerUser(suite.server);
    const owner = await openTestCore(suite.server.url);
    const stranger = await openTestCore(suite.server.url);
    suite.cores.push(owner, stranger);
    await owner.core.handlers['account.signIn'](user);
    await owner.core.handlers['account.signOut']({});

    // From the owner's own address: the account+address counter runs out.
    const statuses = await guess(suite.server.url, user.email, 15);
    expect(statuses.at(-1)).toBe(429);

    // The right password from a device the server has never seen waits like the attacker...
    await expect(stranger.core.handlers['account.signIn'](user)).rejects.toSatisfy(
      (error) => error instanceof AppError && error.code === 'RATE_LIMITED',
    );
    // ...while the owner's device proves itself with the secret from its last sign-in.
    const account = await owner.core.handlers['account.signIn'](user);
    expect(account.signedIn).toBe(true);
    // The secret stays in the main process: nothing the renderer reads carries it.
    expect(JSON.stringify(account)).not.toMatch(/secret/i);
  });
});

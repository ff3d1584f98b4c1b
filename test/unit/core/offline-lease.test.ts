import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLease, offlineUntil } from '../../../main/core/offline-lease';
import { META_KEYS } from '../../../main/core/store/meta';
import { AppError } from '../../../shared/errors';
import {
  createTestContext,
  licenseSigner,
  storeLease,
  tempDir,
  type TestContext,
} from '../../fixtures/core-fixtures';

// The server URL is a closed port: a renewal attempt fails as "server unreachable".
const signer = licenseSigner();
const userId = randomUUID();
const licenseId = randomUUID();
let dir: ReturnType<typeof tempDir>;
let ctx: TestContext;

beforeEach(async () => {
  dir = tempDir();
  ctx = await createTestContext(dir.path, { userId, signer });
});
afterEach(() => {
  ctx.close();
  dir.remove();
});

async function codeOf(run: () => Promise<unknown>): Promise<string | null> {
  return run().then(
    () => null,
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
}

describe('the offline lease in the core', () => {
  it('lets a listed license open until the lease ends, then not', async () => {
    const lease = storeLease(ctx, signer, userId, [licenseId, randomUUID()]);
    expect(await offlineUntil(ctx, licenseId)).toBe(lease.document.offlineUntil);
    await checkLease(ctx, licenseId);
    expect(await codeOf(() => checkLease(ctx, randomUUID()))).toBe('OFFLINE_LEASE_EXPIRED');

    storeLease(ctx, signer, userId, [licenseId], -1);
    expect(await codeOf(() => checkLease(ctx, licenseId))).toBe('OFFLINE_LEASE_EXPIRED');
  });

  it('ignores a lease edited by hand, for another user, or signed by a key the root did not sign', async () => {
    const lease = storeLease(ctx, signer, userId, [licenseId], -1);
    const later = new Date(Date.now() + 365 * 86_400_000).toISOString();
    ctx.store.meta.set(META_KEYS.offlineLease, {
      ...lease,
      document: { ...lease.document, offlineUntil: later },
    });
    expect(await offlineUntil(ctx, licenseId)).toBeNull();
    expect(await codeOf(() => checkLease(ctx, licenseId))).toBe('OFFLINE_LEASE_EXPIRED');

    storeLease(ctx, signer, randomUUID(), [licenseId]);
    expect(await offlineUntil(ctx, licenseId)).toBeNull();

    // A key of the user's own making, even with the same key id: not in the root-signed set.
    const forger = licenseSigner(signer.key.keyId);
    storeLease(ctx, forger, userId, [licenseId]);
    expect(await offlineUntil(ctx, licenseId)).toBeNull();
    expect(await codeOf(() => checkLease(ctx, licenseId))).toBe('OFFLINE_LEASE_EXPIRED');
  });
});

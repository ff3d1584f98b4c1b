import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CLOCK_SKEW_MS,
  leaseTimeOf,
  MARK_EVERY_MS,
  noteSignedTime,
  observeLeaseTime,
} from '../../../main/core/lease-clock';
import { checkLease, offlineStatus } from '../../../main/core/offline-lease';
import { META_KEYS } from '../../../main/core/store/meta';
import { AppError } from '../../../shared/errors';
import {
  createTestContext,
  licenseSigner,
  tempDir,
  throwawayKey,
  type TestContext,
} from '../../fixtures/core-fixtures';

// The server URL is a closed port: a renewal attempt fails as "server unreachable", so every
// check here is an offline one.
const DAY = 86_400_000;
const MINUTE = 60_000;
const T0 = Date.parse('2026-06-01T12:00:00.000Z');
const signer = licenseSigner();
const userId = randomUUID();
const licenseId = randomUUID();

/** The device's date setting and the computer's uptime, moved by the tests. */
const clocks = { deviceMs: T0, uptimeMs: 1_000_000 };
const key = throwawayKey();
let dir: ReturnType<typeof tempDir>;
let ctx: TestContext;

async function open(): Promise<TestContext> {
  const opened = await createTestContext(dir.path, { userId, signer, keyProvider: key.provider });
  return Object.assign(opened, {
    now: () => new Date(clocks.deviceMs).toISOString(),
    uptimeMs: () => clocks.uptimeMs,
  });
}

/** Real time passes: the uptime counts it, and the device clock too unless `deviceMs` says. */
function pass(ms: number, deviceMs = clocks.deviceMs + ms): void {
  clocks.uptimeMs += ms;
  clocks.deviceMs = deviceMs;
}

/** A lease the server signed at `issuedAt`, usable offline for 30 days, as a sync stores it. */
function storeLeaseAt(issuedAt: number): string {
  const lease = signer.signLease({
    v: 1,
    userId,
    issuedAt: new Date(issuedAt).toISOString(),
    offlineUntil: new Date(issuedAt + 30 * DAY).toISOString(),
    licenseIds: [licenseId],
    keyId: signer.key.keyId,
  });
  ctx.store.meta.set(META_KEYS.offlineLease, lease);
  noteSignedTime(ctx, lease.document.issuedAt, true);
  return lease.document.offlineUntil;
}

async function codeOf(run: () => Promise<unknown>): Promise<string | null> {
  return run().then(
    () => null,
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );
}

beforeEach(async () => {
  clocks.deviceMs = T0;
  clocks.uptimeMs = 1_000_000;
  dir = tempDir();
  ctx = await open();
});
afterEach(() => {
  ctx.close();
  dir.remove();
});

describe('the lease clock', () => {
  it('is the latest of the device clock, the signed floor and the last time seen plus uptime', () => {
    const mark = {
      v: 1 as const,
      signedAt: new Date(T0).toISOString(),
      seenAt: new Date(T0 + DAY).toISOString(),
      uptimeMs: 5_000,
    };
    // The device clock set back two days: the uptime since the mark counts.
    expect(leaseTimeOf(T0 - DAY, 5_000 + MINUTE, mark, null)).toEqual({
      nowMs: T0 + DAY + MINUTE,
      behindMs: 2 * DAY + MINUTE,
    });
    // An uptime below the stored one (the computer restarted) counts nothing.
    expect(leaseTimeOf(T0 - DAY, 1_000, mark, null).nowMs).toBe(T0 + DAY);
    // A device clock ahead is taken as it is.
    expect(leaseTimeOf(T0 + 3 * DAY, 5_000, mark, null)).toEqual({
      nowMs: T0 + 3 * DAY,
      behindMs: 0,
    });
    // Without a mark: the verified lease's issue time is the floor.
    expect(leaseTimeOf(T0 - DAY, 0, null, T0).nowMs).toBe(T0);
    expect(leaseTimeOf(T0 + 1, 0, null, null)).toEqual({ nowMs: T0 + 1, behindMs: 0 });
  });

  it('normal use: opens until the lease ends, then not', async () => {
    const until = storeLeaseAt(T0);
    pass(29 * DAY);
    await checkLease(ctx, licenseId);
    expect(await offlineStatus(ctx, licenseId)).toEqual({
      offlineUntil: until,
      clockBehind: false,
    });
    pass(DAY);
    expect(await codeOf(() => checkLease(ctx, licenseId))).toBe('OFFLINE_LEASE_EXPIRED');
  });

  it('a clock set back after the lease does not move its end', async () => {
    storeLeaseAt(T0);
    pass(20 * DAY);
    await checkLease(ctx, licenseId);
    // A minute past the end, the clock set back four minutes (within the skew): it has ended.
    pass(10 * DAY + MINUTE, T0 + 30 * DAY - 3 * MINUTE);
    expect(await codeOf(() => checkLease(ctx, licenseId))).toBe('OFFLINE_LEASE_EXPIRED');
  });

  it('set back a little at a time, the clock falls behind by the sum', async () => {
    storeLeaseAt(T0);
    pass(DAY);
    await checkLease(ctx, licenseId);
    pass(MINUTE, clocks.deviceMs - 2 * MINUTE);
    await checkLease(ctx, licenseId);
    pass(MINUTE, clocks.deviceMs - 2 * MINUTE);
    expect(await codeOf(() => checkLease(ctx, licenseId))).toBe('DEVICE_CLOCK_BEHIND');
  });

  it('a device clock set back behind the time already seen is refused with its own code', async () => {
    const until = storeLeaseAt(T0);
    pass(DAY);
    await checkLease(ctx, licenseId);
    // Back before the lease was signed: the sentence says so, the data names the lease's end.
    pass(MINUTE, T0 - DAY);
    const refusal = checkLease(ctx, licenseId);
    await expect(refusal).rejects.toMatchObject({
      code: 'DEVICE_CLOCK_BEHIND',
      data: { offlineUntil: until },
    });
    await expect(refusal).rejects.toThrow(/Your computer's clock is behind/);
    expect(await offlineStatus(ctx, licenseId)).toEqual({
      offlineUntil: until,
      clockBehind: true,
    });
    // Within the skew it still opens (clocks drift a little).
    pass(MINUTE, T0 + DAY + 2 * MINUTE - CLOCK_SKEW_MS + MINUTE);
    await checkLease(ctx, licenseId);
  });

  it('keeps its mark across a restart of the app and of the computer', async () => {
    storeLeaseAt(T0);
    pass(10 * DAY);
    observeLeaseTime(ctx);
    ctx.close();

    // The app restarts with the clock set back five days: the uptime since counts.
    pass(HOUR(2), T0 + 5 * DAY);
    ctx = await open();
    expect(await codeOf(() => checkLease(ctx, licenseId))).toBe('DEVICE_CLOCK_BEHIND');
    ctx.close();

    // The computer restarts (its uptime starts again): the mark itself still holds.
    clocks.uptimeMs = 0;
    ctx = await open();
    expect(await codeOf(() => checkLease(ctx, licenseId))).toBe('DEVICE_CLOCK_BEHIND');
    const detail = await offlineStatus(ctx, licenseId);
    expect(detail.clockBehind).toBe(true);
    // Set right, it opens again.
    clocks.deviceMs = T0 + 10 * DAY + HOUR(3);
    await checkLease(ctx, licenseId);
  });

  it('a stored mark that does not parse counts as none: the signed lease still bounds the clock', async () => {
    storeLeaseAt(T0);
    for (const bad of [
      'not json',
      { v: 1, signedAt: null, seenAt: 'yesterday', uptimeMs: 0 },
      { v: 1, signedAt: null, seenAt: new Date(T0).toISOString(), uptimeMs: -1 },
      { v: 2, signedAt: null, seenAt: new Date(T0).toISOString(), uptimeMs: 0 },
    ]) {
      ctx.store.meta.set(META_KEYS.leaseClock, bad);
      clocks.deviceMs = T0 - HOUR(1);
      expect(await codeOf(() => checkLease(ctx, licenseId))).toBe('DEVICE_CLOCK_BEHIND');
      clocks.deviceMs = T0 + DAY;
      ctx.store.meta.set(META_KEYS.leaseClock, bad);
      await checkLease(ctx, licenseId);
    }
    // A good mark replaced the bad one.
    expect(ctx.store.meta.get(META_KEYS.leaseClock, z.unknown())).toMatchObject({
      v: 1,
      seenAt: new Date(T0 + DAY).toISOString(),
    });
  });

  it('writes its mark when the device clock moved it or MARK_EVERY_MS passed, not at every look', () => {
    storeLeaseAt(T0);
    const stored = () => ctx.store.meta.get(META_KEYS.leaseClock, z.unknown());
    const first = stored();
    pass(MARK_EVERY_MS - MINUTE);
    observeLeaseTime(ctx);
    expect(stored()).toEqual(first);
    // The device clock ahead of the mark moved on by the uptime: written at once.
    pass(0, clocks.deviceMs + 2 * MINUTE);
    observeLeaseTime(ctx);
    expect(stored()).toMatchObject({ seenAt: new Date(clocks.deviceMs).toISOString() });
    const second = stored();
    pass(MARK_EVERY_MS - MINUTE);
    observeLeaseTime(ctx);
    expect(stored()).toEqual(second);
    pass(MINUTE);
    observeLeaseTime(ctx);
    expect(stored()).toMatchObject({
      seenAt: new Date(clocks.deviceMs).toISOString(),
      uptimeMs: clocks.uptimeMs,
    });
  });

  it('a signed time without the nonce only moves forward; a fresh one may set it back', () => {
    noteSignedTime(ctx, new Date(T0).toISOString(), true);
    expect(noteSignedTime(ctx, new Date(T0 - DAY).toISOString(), false)).toBe(false);
    expect(noteSignedTime(ctx, new Date(T0 + DAY).toISOString(), false)).toBe(true);
    // The device clock had run ahead: a fresh lease heals it.
    clocks.deviceMs = T0 + 90 * DAY;
    observeLeaseTime(ctx);
    clocks.deviceMs = T0 + DAY;
    expect(observeLeaseTime(ctx).behindMs).toBe(89 * DAY);
    expect(noteSignedTime(ctx, new Date(T0 + DAY).toISOString(), true)).toBe(true);
    expect(observeLeaseTime(ctx).behindMs).toBe(0);
  });
});

function HOUR(n: number): number {
  return n * 60 * MINUTE;
}

import { describe, expect, it } from 'vitest';
import {
  licenseServerPerFile,
  openTestCore,
  registerUser,
  type TestCore,
} from '../../fixtures/core-integration';

/** A port nothing listens on: the app is "offline" but keeps its session (same host). */
const OFFLINE_URL = 'http://127.0.0.1:9';
const DAY = 86_400_000;
const MINUTE = 60_000;
const LEASE_DAYS = 2;

// Real time passing is `elapsedMs`: the server's clock and the computer's uptime count it. The
// device's date setting is its own, moved by the tests (set back, or run ahead).
const clocks = { elapsedMs: 0, deviceMs: 0, bootMs: 0 };
const serverNow = () => Date.now() + clocks.elapsedMs;
const deviceNow = () => Date.now() + clocks.deviceMs;
const uptime = () => performance.now() + clocks.elapsedMs - clocks.bootMs;
const suite = licenseServerPerFile({ offlineLeaseDays: LEASE_DAYS, clock: serverNow });
const cores = suite.cores;

/** A signed-in device holding a downloaded content and a lease from a sync. */
async function deviceWithContent(): Promise<{ test: TestCore; contentId: string }> {
  const test = await openTestCore(suite.server.url, undefined, undefined, {
    clock: deviceNow,
    uptime,
  });
  cores.push(test);
  await test.core.handlers['account.signIn'](await registerUser(suite.server));
  const contentId = suite.server.demo?.products['short-stories']?.contentIds[0] ?? '';
  await test.core.handlers['store.buy']({ contentId, pointsToUse: 0 });
  await test.core.handlers['content.download']({ contentId });
  await test.core.handlers['sync.now']({});
  return { test, contentId };
}

/** Real time passes; the device clock follows it unless set to read `deviceOffsetMs`. */
function pass(ms: number, deviceOffsetMs = clocks.deviceMs + ms): void {
  clocks.elapsedMs += ms;
  clocks.deviceMs = deviceOffsetMs;
}

describe('the offline lease against a device clock set back', () => {
  it('a clock set back after a sync does not keep the lease alive, across restarts of the app and the computer', async () => {
    Object.assign(clocks, { elapsedMs: 0, deviceMs: 0, bootMs: 0 });
    const device = await deviceWithContent();
    const { contentId } = device;
    let { test } = device;
    await test.core.handlers['settings.set']({ serverUrl: OFFLINE_URL });
    expect(await test.core.handlers['content.open']({ contentId })).toMatchObject({ contentId });

    // Three days offline, the device clock set back to read one day after the sync: by the
    // device clock the two-day lease holds, by the time that passed it does not.
    pass(3 * DAY, 1 * DAY);
    await expect(test.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'DEVICE_CLOCK_BEHIND',
      message: expect.stringContaining("Your computer's clock is behind") as unknown,
    });
    expect(await test.core.handlers['library.get']({ contentId })).toMatchObject({
      offlineClockBehind: true,
    });

    // The app restarts: the mark is in the store.
    test = await test.reopen();
    cores.push(test);
    await expect(test.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'DEVICE_CLOCK_BEHIND',
    });

    // The computer restarts (its uptime starts again), the clock still set back: the mark holds.
    await test.close();
    clocks.bootMs = uptime();
    test = await test.reopen();
    cores.push(test);
    await expect(test.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'DEVICE_CLOCK_BEHIND',
    });

    // Set back by less than the skew: the lease ended a day ago, and says so.
    pass(MINUTE, clocks.elapsedMs - 3 * MINUTE);
    await expect(test.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'OFFLINE_LEASE_EXPIRED',
    });
    expect(await test.core.handlers['library.get']({ contentId })).toMatchObject({
      offlineClockBehind: false,
    });

    // Back online with the clock still behind: a sync renews the lease, and it opens.
    clocks.deviceMs = clocks.elapsedMs - 2 * DAY;
    await test.core.handlers['settings.set']({ serverUrl: suite.server.url });
    await test.core.handlers['sync.now']({});
    expect(await test.core.handlers['content.open']({ contentId })).toMatchObject({ contentId });
  });

  it('a clock that ran ahead ends the lease only until a sync, whose signed time (with the nonce) heals it', async () => {
    Object.assign(clocks, { elapsedMs: 0, deviceMs: 0, bootMs: 0 });
    const { test, contentId } = await deviceWithContent();

    // The clock runs forty days ahead: past the lease, even online (the device's date is taken
    // when it is ahead).
    clocks.deviceMs = 40 * DAY;
    await test.core.handlers['sync.now']({});
    await expect(test.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'OFFLINE_LEASE_EXPIRED',
    });

    // Set right, online: it opens, and the server's fresh time replaced the forty days...
    clocks.deviceMs = 0;
    expect(await test.core.handlers['content.open']({ contentId })).toMatchObject({ contentId });
    // ...so offline too, with the clock right, it opens until the lease ends.
    await test.core.handlers['settings.set']({ serverUrl: OFFLINE_URL });
    expect(await test.core.handlers['library.get']({ contentId })).toMatchObject({
      offlineClockBehind: false,
    });
    expect(await test.core.handlers['content.open']({ contentId })).toMatchObject({ contentId });
    pass(LEASE_DAYS * DAY + MINUTE);
    await expect(test.core.handlers['content.open']({ contentId })).rejects.toMatchObject({
      code: 'OFFLINE_LEASE_EXPIRED',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { cpuShare, cpuSnapshot, type CpuSnapshot } from '../../../bench/lib/cpu-usage';

const at = (busy: number, idle: number, steal: number, servers: number, self: number) =>
  ({ busy, idle, steal, servers, self }) satisfies CpuSnapshot;

describe('benchmark CPU accounting', () => {
  it('splits the busy time of a run per operation and derives the ceiling', () => {
    const share = cpuShare(at(1000, 500, 0, 100, 50), at(2600, 800, 100, 700, 350), 400);
    expect(share?.busyShare).toBeCloseTo(1600 / 2000);
    expect(share?.stealShare).toBeCloseTo(100 / 2000);
    expect(share?.perOperation.total).toBeCloseTo(4);
    expect(share?.perOperation.servers).toBeCloseTo(1.5);
    expect(share?.perOperation.loadGenerator).toBeCloseTo(0.75);
    expect(share?.perOperation.rest).toBeCloseTo(1.75);
    expect(share?.ceilingPerSecond).toBeGreaterThan(0);
  });

  it('answers nothing for an empty run', () => {
    expect(cpuShare(at(0, 0, 0, 0, 0), at(0, 0, 0, 0, 0), 10)).toBeNull();
    expect(cpuShare(at(0, 0, 0, 0, 0), at(10, 10, 0, 0, 0), 0)).toBeNull();
  });

  it.skipIf(process.platform !== 'linux')('reads this process and the machine from /proc', () => {
    const before = cpuSnapshot([process.pid]);
    const until = Date.now() + 60;
    while (Date.now() < until); // keep a core busy
    const after = cpuSnapshot([process.pid]);
    expect(before).not.toBeNull();
    expect(after!.self).toBeGreaterThan(before!.self);
    // The same process read two ways (/proc ticks of 10 ms, and process.cpuUsage()).
    expect(Math.abs(after!.servers - before!.servers - (after!.self - before!.self))).toBeLessThan(
      30,
    );
    expect(after!.busy + after!.idle).toBeGreaterThan(before!.busy + before!.idle);
    expect(cpuSnapshot([2 ** 30])).toBeNull(); // a process that does not exist
  });
});

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Where the machine's CPU went during a load run (Linux /proc): the server processes, this
 * process (the load generator), and the rest of the machine (PostgreSQL, mostly, and anything
 * else running then). It tells whether a second server process had any core to run on.
 */
export interface CpuSnapshot {
  /** Whole machine, ms: time spent running something, idle, and taken by the hypervisor. */
  busy: number;
  idle: number;
  steal: number;
  /** The given processes' user + system time, ms. */
  servers: number;
  /** This process's user + system time, ms. */
  self: number;
}

// /proc counts in USER_HZ ticks, 100 per second on every Linux this runs on.
const TICK_MS = 10;

function machineTicks(): { busy: number; idle: number; steal: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    fields;
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}

function processTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is [0], utime [11], stime [12].
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Null where /proc is missing (not Linux): the figures are then left out. */
export function cpuSnapshot(serverPids: readonly number[]): CpuSnapshot | null {
  try {
    const machine = machineTicks();
    const self = process.cpuUsage();
    return {
      busy: machine.busy * TICK_MS,
      idle: machine.idle * TICK_MS,
      steal: machine.steal * TICK_MS,
      servers: serverPids.reduce((sum, pid) => sum + processTicks(pid), 0) * TICK_MS,
      self: (self.user + self.system) / 1000,
    };
  } catch {
    return null;
  }
}

export interface CpuShare {
  /** Share of the machine's time spent running something (of busy + idle + steal). */
  busyShare: number;
  stealShare: number;
  /** CPU ms per operation: all of it, and the servers', the load generator's and the rest's. */
  perOperation: { total: number; servers: number; loadGenerator: number; rest: number };
  /** Operations per second the machine's cores could run at that cost, all busy. */
  ceilingPerSecond: number;
}

export function cpuShare(
  before: CpuSnapshot,
  after: CpuSnapshot,
  operations: number,
): CpuShare | null {
  const busy = after.busy - before.busy;
  const all = busy + (after.idle - before.idle) + (after.steal - before.steal);
  if (all <= 0 || operations <= 0) return null;
  const servers = after.servers - before.servers;
  const loadGenerator = after.self - before.self;
  const total = busy / operations;
  return {
    busyShare: busy / all,
    stealShare: (after.steal - before.steal) / all,
    perOperation: {
      total,
      servers: servers / operations,
      loadGenerator: loadGenerator / operations,
      rest: Math.max(0, busy - servers - loadGenerator) / operations,
    },
    ceilingPerSecond: (availableParallelism() * 1000) / total,
  };
}

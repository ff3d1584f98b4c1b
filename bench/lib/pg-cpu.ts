import { readdirSync, readFileSync } from 'node:fs';

/**
 * PostgreSQL's CPU during a load run, from Linux /proc: the backends serving one database plus
 * the cluster's own processes (WAL writer, checkpointer, background writer, launchers), which
 * every database's writes keep busy. Other databases' backends (other jobs on the machine) are
 * left out, so the figure does not depend on them; the cluster's own processes are shared and
 * counted whole, which can only make a figure larger.
 *
 * A backend that exits takes its counters with it (its time lands in the postmaster's
 * children's total, unattributed), so the meter samples every `intervalMs` and keeps each
 * process's last reading: a backend that ends during the run loses at most one interval.
 *
 * Each process's time is read from /proc/<pid>/schedstat (nanoseconds run) rather than
 * /proc/<pid>/stat's utime + stime in whole 10 ms ticks. The ticks agree for long-lived
 * processes (the servers' pools) but undercounted backends that start and end within a run,
 * which all of pgbench's do: 11–20 % of PostgreSQL's time in a 64-client pgbench run, 4–7 % at
 * 16 clients, where schedstat agrees within 2 % with the time the postmaster reaped from those
 * backends (bench/findings.md). Backends are single-threaded, so the main task is all of it.
 *
 * The meter runs in the load generator's process: what its sampling costs is kept apart
 * (`ownCpuMs`) for the caller to take out of the load generator's share.
 */

// /proc counts in USER_HZ ticks, 100 per second on every Linux this runs on.
const TICK_MS = 10;

interface Reading {
  /** CPU time run at the first and the latest sample, ms. */
  first: number;
  last: number;
}

/** A process's CPU time so far, ms (exact: schedstat counts nanoseconds); null once gone. */
function cpuMs(pid: number): number | null {
  try {
    const schedstat = readFileSync(`/proc/${pid}/schedstat`, 'latin1');
    return Number(schedstat.slice(0, schedstat.indexOf(' '))) / 1e6;
  } catch {
    return null; // gone between the listing and the read
  }
}

function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
  } catch {
    return '';
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/**
 * Whether a postgres process counts for `database`: its backends and autovacuum workers name
 * it as a word of their title; the cluster's own processes serve no client (no `host(port)`)
 * and no database.
 */
export function countsFor(title: string, database: string): boolean {
  const words = title.split(' ');
  if (words.includes(database)) return true;
  return !/\(\d+\)/.test(title) && !title.includes('worker');
}

export class PgCpuMeter {
  private readonly readings = new Map<number, Reading>();
  /** Pids already looked at that are not ours to count (other databases, other programs). */
  private readonly ignored = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private ownMs = 0;

  constructor(
    private readonly database: string,
    private readonly intervalMs = 100,
  ) {}

  private sample(): void {
    const started = process.threadCpuUsage();
    let pids: number[];
    try {
      pids = readdirSync('/proc').flatMap((name) => (/^\d+$/.test(name) ? [Number(name)] : []));
    } catch {
      return;
    }
    for (const pid of pids) {
      if (this.ignored.has(pid)) continue;
      const known = this.readings.get(pid);
      if (known) {
        known.last = cpuMs(pid) ?? known.last;
        continue;
      }
      if (commandName(pid) !== 'postgres' || !countsFor(commandLine(pid), this.database)) {
        this.ignored.add(pid);
        continue;
      }
      const ms = cpuMs(pid);
      if (ms === null) continue;
      // A backend first seen after the start began during the run: all its time is the run's.
      this.readings.set(pid, { first: this.timer === undefined ? ms : 0, last: ms });
    }
    const spent = process.threadCpuUsage(started);
    this.ownMs += (spent.user + spent.system) / 1000;
  }

  /** What the sampling itself cost this process (the load generator's), ms. */
  get ownCpuMs(): number {
    return this.ownMs;
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** CPU ms PostgreSQL spent for the database since `start()`. */
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    let total = 0;
    for (const r of this.readings.values()) total += r.last - r.first;
    return total;
  }
}

/** This process's reaped children's CPU (user + system), ms: a child's time once it exited. */
export function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

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
 */

// /proc counts in USER_HZ ticks, 100 per second on every Linux this runs on.
const TICK_MS = 10;

interface Reading {
  /** utime + stime at the first and the latest sample, ms. */
  first: number;
  last: number;
}

function readStat(pid: number): { comm: string; ticks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // gone between the listing and the read
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

  constructor(
    private readonly database: string,
    private readonly intervalMs = 100,
  ) {}

  private sample(): void {
    let pids: number[];
    try {
      pids = readdirSync('/proc').flatMap((name) => (/^\d+$/.test(name) ? [Number(name)] : []));
    } catch {
      return;
    }
    for (const pid of pids) {
      if (this.ignored.has(pid)) continue;
      const known = this.readings.get(pid);
      const stat = readStat(pid);
      if (!stat) continue;
      if (known) {
        known.last = stat.ticks * TICK_MS;
        continue;
      }
      if (stat.comm !== 'postgres' || !countsFor(commandLine(pid), this.database)) {
        this.ignored.add(pid);
        continue;
      }
      // A backend first seen after the start began during the run: all its time is the run's.
      const first = this.timer === undefined ? stat.ticks * TICK_MS : 0;
      this.readings.set(pid, { first, last: stat.ticks * TICK_MS });
    }
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

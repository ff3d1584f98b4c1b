import type { Logger } from 'pino';
import type { ContentStore } from './content/content-store';
import type { DatabaseHandle, Db, Engine } from './db/database';
import type { Metrics } from './http/metrics';
import type { LicenseSigner } from './services/license-signer';
import type { Clock } from './util/clock';

export interface Limits {
  /** Devices per user (docs/design.md §2.1: default 5). */
  deviceLimit: number;
  sessionTtlMs: number;
  quoteTtlMs: number;
  /** Failed logins per email, and per client address, within `loginWindowMs`. */
  loginFailuresPerEmail: number;
  loginFailuresPerIp: number;
  loginWindowMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  deviceLimit: 5,
  sessionTtlMs: 30 * 24 * 60 * 60 * 1000,
  quoteTtlMs: 10 * 60 * 1000,
  loginFailuresPerEmail: 10,
  loginFailuresPerIp: 100,
  loginWindowMs: 15 * 60 * 1000,
};

/** Everything a service needs, built once per server and passed explicitly (no globals). */
export interface ServerContext {
  database: DatabaseHandle;
  db: Db;
  engine: Engine;
  clock: Clock;
  signer: LicenseSigner;
  contents: ContentStore;
  logger: Logger;
  metrics: Metrics;
  limits: Limits;
  /** Tells this process's webhook worker that new deliveries are waiting. */
  notifyOutbox(): void;
}

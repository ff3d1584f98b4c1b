import type { Logger } from 'pino';
import type { ContentStore } from './content/content-store';
import type { DatabaseHandle, Db, Engine } from './db/database';
import type { Metrics } from './http/metrics';
import type { PaymentProvider } from './payments/payment-provider';
import type { LicenseSigner } from './services/license-signer';
import type { Clock } from './util/clock';

export interface Limits {
  /** Devices per user (DESIGN.md: default 5). */
  deviceLimit: number;
  sessionTtlMs: number;
  quoteTtlMs: number;
  /** Failed logins per email, and per client address, within `loginWindowMs`. */
  loginFailuresPerEmail: number;
  loginFailuresPerIp: number;
  loginWindowMs: number;
  /**
   * How long an order waits for its payment. At least Stripe's minimum Checkout Session life
   * (30 minutes): the session is made to expire with the order.
   */
  orderTtlMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  deviceLimit: 5,
  sessionTtlMs: 30 * 24 * 60 * 60 * 1000,
  quoteTtlMs: 10 * 60 * 1000,
  loginFailuresPerEmail: 10,
  loginFailuresPerIp: 100,
  loginWindowMs: 15 * 60 * 1000,
  orderTtlMs: 31 * 60 * 1000,
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
  payments: PaymentProvider;
  /** Tells this process's webhook worker that new deliveries are waiting. */
  notifyOutbox(): void;
}

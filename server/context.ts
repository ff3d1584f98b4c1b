import type { Logger } from 'pino';
import type { ContentStore } from './content/content-store';
import type { DatabaseHandle, Db, Engine } from './db/database';
import type { Metrics } from './http/metrics';
import type { MailOutbox } from './mail/mail-outbox';
import type { PaymentProvider } from './payments/payment-provider';
import type { LicenseSigner } from './services/license-signer';
import type { QuoteTokens } from './services/quote-tokens';
import type { QuoteReads } from './services/quote-reads';
import type { SessionCache } from './services/session-cache';
import type { KeySetSigner } from './services/license-root';
import type { Clock } from './util/clock';

/** At most `max` attempts per `windowMs`; the window grows while the limit keeps being overrun. */
export interface LimitRule {
  max: number;
  windowMs: number;
}

export interface Limits {
  /** Devices per user (docs/design.md §2.1: default 5). */
  deviceLimit: number;
  sessionTtlMs: number;
  /**
   * How long this process trusts a session it verified in the database (docs/design.md §7.7):
   * the most a session ended by another process keeps working here. 0 checks every request.
   */
  sessionRecheckMs: number;
  quoteTtlMs: number;
  /**
   * Sign-in attempts for one account from one client address: an attacker elsewhere uses up
   * their own counter, never the owner's. Successful attempts are given back.
   */
  loginPerAccountAddress: LimitRule;
  /** Sign-in attempts from one client address, whatever the account. */
  loginPerAddress: LimitRule;
  /** Sign-in attempts from a known device (one that presents its device secret). */
  loginPerKnownDevice: LimitRule;
  /** Accounts registered from one client address. */
  registrationsPerAddress: LimitRule;
  /** Account mails (confirmation again, password reset) asked for from one client address. */
  accountMailsPerAddress: LimitRule;
  /** Account mails to one address (registration, confirmation again, reset), from anywhere. */
  accountMailsPerAccount: LimitRule;
  /** Current-password checks of a signed-in password change, per account. */
  passwordChangesPerAccount: LimitRule;
  /** Uses of mailed links (confirm, reset) from one client address. */
  linkUsesPerAddress: LimitRule;
  /** How long a confirmation link works. */
  confirmLinkTtlMs: number;
  /** How long a password reset link works. */
  resetLinkTtlMs: number;
  /** Requests with a wrong admin token from one client address. */
  adminFailuresPerAddress: LimitRule;
  /**
   * How long an order waits for its payment. At least Stripe's minimum Checkout Session life
   * (30 minutes): the session is made to expire with the order.
   */
  orderTtlMs: number;
}

const MINUTE = 60 * 1000;

/** The offline lease's default length: a month without the server, then a sync is needed. */
export const DEFAULT_OFFLINE_LEASE_DAYS = 30;

export const DEFAULT_LIMITS: Limits = {
  deviceLimit: 5,
  sessionTtlMs: 30 * 24 * 60 * MINUTE,
  sessionRecheckMs: 5_000,
  quoteTtlMs: 10 * MINUTE,
  loginPerAccountAddress: { max: 10, windowMs: 15 * MINUTE },
  loginPerAddress: { max: 100, windowMs: 15 * MINUTE },
  loginPerKnownDevice: { max: 10, windowMs: 15 * MINUTE },
  registrationsPerAddress: { max: 20, windowMs: 60 * MINUTE },
  accountMailsPerAddress: { max: 20, windowMs: 60 * MINUTE },
  accountMailsPerAccount: { max: 5, windowMs: 60 * MINUTE },
  passwordChangesPerAccount: { max: 10, windowMs: 15 * MINUTE },
  linkUsesPerAddress: { max: 30, windowMs: 15 * MINUTE },
  confirmLinkTtlMs: 48 * 60 * MINUTE,
  resetLinkTtlMs: 60 * MINUTE,
  adminFailuresPerAddress: { max: 30, windowMs: 15 * MINUTE },
  orderTtlMs: 31 * MINUTE,
};

/** Everything a service needs, built once per server and passed explicitly (no globals). */
export interface ServerContext {
  database: DatabaseHandle;
  db: Db;
  engine: Engine;
  clock: Clock;
  signer: LicenseSigner;
  /** Gives the served key set its root signature (docs/design.md §7.4). */
  keySetSigner: KeySetSigner;
  /** How long a lease lets contents open without the server (SHELF_OFFLINE_LEASE_DAYS). */
  offlineLeaseMs: number;
  contents: ContentStore;
  logger: Logger;
  metrics: Metrics;
  limits: Limits;
  /** Sessions verified within `limits.sessionRecheckMs` (docs/design.md §7.7). */
  sessions: SessionCache;
  /** This process's quotes' reads of their licenses, for the returns that name them (§3.2). */
  quoteReads: QuoteReads;
  /** Signs and opens quote ids with the key every process shares (§3.1). */
  quoteTokens: QuoteTokens;
  /** scrypt cost as log2(N) for new password hashes (DEFAULT_PASSWORD_COST in production). */
  passwordCost: number;
  payments: PaymentProvider;
  /** Account mail (confirmation, notice, reset), sent after the request's answer. */
  mail: MailOutbox;
  /** The server's address as a user's browser reaches it (SHELF_PUBLIC_URL): mailed links. */
  publicUrl: string;
  /** Tells this process's webhook worker that new deliveries are waiting. */
  notifyOutbox(): void;
  /** Tells this process's refund worker that a refund is owed (docs/design.md §4.8). */
  notifyRefunds(): void;
}

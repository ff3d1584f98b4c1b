import { resolve, join } from 'node:path';
import type { Logger } from 'pino';
import type { Limits, ServerContext } from './context';
import { DEFAULT_LIMITS, DEFAULT_OFFLINE_LEASE_DAYS } from './context';
import type { ContentStoreSetting } from './config/content-store-setting';
import type { MailSetting } from './config/mail-setting';
import { DEFAULT_MAIL_FROM } from './config/mail-setting';
import type { ContentStore } from './content/content-store';
import { openContentStore } from './content/open-content-store';
import { openDatabase } from './db/database';
import type { DatabaseHandle, Engine } from './db/database';
import { deleteAccountTokensExpiredBefore } from './db/account-tokens';
import { deleteRateLimitsEndedBefore } from './db/rate-limits';
import { deleteExpiredSessions } from './db/sessions';
import { buildApp } from './http/app';
import { Metrics } from './http/metrics';
import { LogSink } from './log-sink';
import { createLogger } from './logger';
import { folderMailer } from './mail/folder-mailer';
import type { Mailer } from './mail/mail-message';
import { MailOutbox } from './mail/mail-outbox';
import { smtpMailer } from './mail/smtp-mailer';
import type { PaymentProvider } from './payments/payment-provider';
import { TestPaymentProvider } from './payments/test-provider';
import type { DemoSeed } from './seed/seed-demo';
import { seedDemoData } from './seed/seed-demo';
import { ensureAdminToken } from './services/admin-token';
import { loadSigner } from './services/license-signer';
import { QuoteTokens, loadQuoteKey } from './services/quote-tokens';
import type { SigningKeySetting } from './services/license-signer';
import { loadKeySetSigner } from './services/license-root';
import type { LicenseRootSetting } from './services/license-root';
import { publishSigningKey } from './services/published-keys';
import { QuoteReads } from './services/quote-reads';
import { SessionCache } from './services/session-cache';
import { expireOverdueOrders } from './services/order-settle';
import { RefundWorker } from './services/refund-worker';
import { DEFAULT_REFUND_POLICY } from './services/refunds';
import type { Clock } from './util/clock';
import { DEFAULT_PASSWORD_COST } from './util/secrets';
import { iso, systemClock } from './util/clock';
import type { BackoffPolicy } from './webhooks/backoff';
import { DEFAULT_BACKOFF } from './webhooks/backoff';
import { WebhookWorker } from './webhooks/worker';

export { DEMO_USER, DEMO_BALANCE, seedDemoData } from './seed/seed-demo';
export type { DemoSeed } from './seed/seed-demo';
export { verifyWebhook, signWebhook } from './webhooks/signing';
export { CONTENT_SHA256_HEADER } from './http/content-download';
export type { ServerContext, Limits } from './context';

export interface StartServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** SQLite file, signing key and content files. Default `./.data/server`. */
  dataDir?: string;
  /** `postgres://…` selects PostgreSQL; otherwise SQLite in the data directory. */
  databaseUrl?: string;
  /** Admin token to accept; otherwise one is generated at first start (see `adminToken`). */
  adminToken?: string;
  /** Seed the demo catalog and demo user on first start. Default false. */
  seedDemo?: boolean;
  /** pino level (`silent` for benchmarks). Default `info`. */
  logLevel?: string;
  logger?: Logger;
  /** Milliseconds clock; tests move it to expire quotes or windows. */
  clock?: Clock;
  limits?: Partial<Limits>;
  webhooks?: {
    enabled?: boolean;
    pollMs?: number;
    timeoutMs?: number;
    backoff?: Partial<BackoffPolicy>;
  };
  /**
   * The refund worker (docs/design.md §4.8): on unless `enabled: false` (tests that run its
   * passes themselves). Polls every `pollMs` (default 5 s) beside being woken by a capture.
   */
  refunds?: { enabled?: boolean; pollMs?: number; backoff?: Partial<BackoffPolicy> };
  /** scrypt cost, log2(N), for new password hashes. Default 17 (DEFAULT_PASSWORD_COST). */
  passwordCost?: number;
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client address (Fastify's
   * `trustProxy`: true, a hop count, or addresses/CIDRs). Default false: the socket address.
   */
  trustProxy?: boolean | number | string;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
  /** A content store instance (tests); otherwise one from `contentStoreSetting`. */
  contentStore?: ContentStore;
  /** The signing key file; without it, a key generated into the data directory. */
  signingKey?: SigningKeySetting;
  /**
   * The root key file, or a key set signed elsewhere; without either, a root key generated into
   * the data directory (its public key is `licenseRoot`, for the development app to pin).
   */
  licenseRoot?: LicenseRootSetting;
  /** Days a lease lets contents open offline. Default 30 (SHELF_OFFLINE_LEASE_DAYS). */
  offlineLeaseDays?: number;
  /** The data folder (default) or S3-compatible object storage. */
  contentStoreSetting?: ContentStoreSetting;
  /** Default: the `test` provider (captures at once, marks everything "test payment"). */
  payments?: PaymentProvider;
  /** Account mail: SMTP, or by default `mail/` in the data folder and the log. */
  mail?: MailSetting;
  /** The address mailed links start with, as a browser reaches the server. Default: `url`. */
  publicUrl?: string;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  engine: Engine;
  dataDir: string;
  /**
   * The root public key the key set is signed with (base64url), for an app to pin; null when the
   * server serves a key set signed elsewhere.
   */
  licenseRoot: string | null;
  /** The admin token when given or generated by this start; null if set at an earlier start. */
  adminToken: string | null;
  /** What the demo seed created (also on later starts), or null when not seeding. */
  demo: DemoSeed | null;
  /** For tests and tools in-process: the services' context (database, clock, signer…). */
  context: ServerContext;
  /** Stops accepting, lets in-flight requests finish, stops the webhook worker, closes the db. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir ?? './.data/server');
  const metrics = new Metrics();
  const logger =
    options.logger ??
    createLogger(
      options.logLevel ?? 'info',
      new LogSink(process.stdout.fd, () => metrics.countDroppedLogLine()),
    );
  const clock = options.clock ?? systemClock;
  // Configuration that can be wrong is checked before anything opens, so a refusal leaves
  // nothing half-started behind it.
  const signer = loadSigner(dataDir, options.signingKey);
  const keySetSigner = loadKeySetSigner(dataDir, signer, options.licenseRoot);
  const contents =
    options.contentStore ??
    (await openContentStore(options.contentStoreSetting ?? { kind: 'folder' }, dataDir));
  const closeContents = () => {
    // A store passed in by the caller is the caller's to close.
    if (!options.contentStore) contents.close?.();
  };
  let database: DatabaseHandle;
  try {
    database = await openDatabase({
      databaseUrl: options.databaseUrl,
      sqlitePath: join(dataDir, 'shelf.sqlite'),
      poolSize: options.poolSize,
    });
  } catch (error) {
    closeContents();
    throw error;
  }
  const hooks = { notify: () => undefined as void, notifyRefunds: () => undefined as void };
  const mailSetting = options.mail ?? { kind: 'folder', from: DEFAULT_MAIL_FROM };
  const mailer: Mailer =
    mailSetting.kind === 'smtp'
      ? smtpMailer(mailSetting.url)
      : folderMailer(join(dataDir, 'mail'), logger);
  // Known once the port is: filled in below, before the first request can make a link.
  const links = { publicUrl: options.publicUrl?.replace(/\/+$/, '') ?? '' };
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  // The rows every start makes sure of: a failure here closes what was opened.
  let quoteKey: Buffer;
  let adminToken: string | null;
  try {
    quoteKey = await loadQuoteKey(database.db);
    await publishSigningKey(database.db, signer);
    adminToken = await ensureAdminToken(database.db, options.adminToken);
  } catch (error) {
    await database.close();
    closeContents();
    throw error;
  }
  const ctx: ServerContext = {
    database,
    db: database.db,
    engine: database.engine,
    clock,
    signer,
    keySetSigner,
    offlineLeaseMs: (options.offlineLeaseDays ?? DEFAULT_OFFLINE_LEASE_DAYS) * 24 * 60 * 60 * 1000,
    contents,
    logger,
    metrics,
    limits,
    sessions: new SessionCache(limits.sessionRecheckMs),
    quoteReads: new QuoteReads(),
    quoteTokens: new QuoteTokens(quoteKey),
    passwordCost: options.passwordCost ?? DEFAULT_PASSWORD_COST,
    payments: options.payments ?? new TestPaymentProvider(),
    mail: new MailOutbox(mailer, mailSetting.from, logger, (result) => metrics.countMail(result)),
    get publicUrl() {
      return links.publicUrl;
    },
    notifyOutbox: () => hooks.notify(),
    notifyRefunds: () => hooks.notifyRefunds(),
  };
  const demo = options.seedDemo ? await seedDemoData(ctx) : null;

  const worker = new WebhookWorker({
    database,
    clock,
    logger,
    backoff: { ...DEFAULT_BACKOFF, ...options.webhooks?.backoff },
    pollMs: options.webhooks?.pollMs ?? 1000,
    timeoutMs: options.webhooks?.timeoutMs ?? 10_000,
    batchSize: 20,
  });
  if (options.webhooks?.enabled !== false) {
    hooks.notify = () => worker.nudge();
    worker.start();
  }
  const refunds = new RefundWorker(
    ctx,
    {
      ...DEFAULT_REFUND_POLICY,
      backoff: { ...DEFAULT_REFUND_POLICY.backoff, ...options.refunds?.backoff },
    },
    options.refunds?.pollMs ?? 5000,
  );
  if (options.refunds?.enabled !== false) {
    hooks.notifyRefunds = () => refunds.nudge();
    refunds.start();
  }
  const housekeeping = setInterval(
    () => {
      const now = iso(clock());
      Promise.all([
        deleteExpiredSessions(ctx.db, now),
        deleteRateLimitsEndedBefore(ctx.db, now),
        deleteAccountTokensExpiredBefore(ctx.db, now),
      ]).catch((error: unknown) => logger.warn({ err: error }, 'housekeeping failed'));
    },
    10 * 60 * 1000,
  );
  housekeeping.unref();
  // Orders past their time give their held points back within a minute.
  const orderSweep = setInterval(() => {
    expireOverdueOrders(ctx).catch((error: unknown) =>
      logger.warn({ err: error }, 'order expiry failed'),
    );
  }, 60 * 1000);
  orderSweep.unref();

  const app = buildApp(ctx, { trustProxy: options.trustProxy ?? false });
  try {
    await app.listen({ host, port: options.port ?? 8787 });
  } catch (error) {
    await worker.stop();
    await refunds.stop();
    clearInterval(housekeeping);
    clearInterval(orderSweep);
    await database.close();
    closeContents();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 8787);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  links.publicUrl ||= url;
  logger.info({ url, database: ctx.engine }, 'license server listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    engine: ctx.engine,
    dataDir,
    licenseRoot: keySetSigner.rootPublicKey,
    adminToken,
    demo,
    context: ctx,
    close: () =>
      (closing ??= (async () => {
        clearInterval(housekeeping);
        clearInterval(orderSweep);
        // A response in flight when closing started leaves its keep-alive connection open
        // afterwards; closing idle connections until the server is down avoids waiting out
        // the keep-alive timeout.
        const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
        try {
          await app.close();
        } finally {
          clearInterval(sweep);
        }
        await worker.stop();
        await refunds.stop();
        // Mail already promised in an answer goes out before the process ends.
        await ctx.mail.drain();
        ctx.mail.close();
        await database.close();
        closeContents();
        logger.info('license server stopped');
      })()),
  };
}

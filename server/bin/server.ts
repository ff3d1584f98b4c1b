import { DEMO_USER, startServer } from '../index';
import type { PaymentProvider } from '../payments/payment-provider';
import { paymentProviderFromEnv } from '../payments/payment-config';

/**
 * `npm run server`: the license server alone. Environment: HOST, PORT, SHELF_DATA_DIR,
 * DATABASE_URL, SHELF_ADMIN_TOKEN, LOG_LEVEL, and the payment provider's
 * (SHELF_PAYMENT_PROVIDER, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, SHELF_PUBLIC_URL).
 */
const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT ? Number(process.env.PORT) : 8787;
let payments: PaymentProvider;
try {
  payments = paymentProviderFromEnv(process.env, `http://${host}:${port}`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const server = await startServer({
  host,
  port,
  payments,
  dataDir: process.env.SHELF_DATA_DIR || './.data/server',
  databaseUrl: process.env.DATABASE_URL || undefined,
  adminToken: process.env.SHELF_ADMIN_TOKEN || undefined,
  logLevel: process.env.LOG_LEVEL || 'info',
  seedDemo: true,
});

// The banner is for the operator's terminal, not the log stream: the admin token is shown here
// once (first start only) and never written to a log line.
const adminLine = server.adminToken
  ? process.env.SHELF_ADMIN_TOKEN
    ? 'admin token: from SHELF_ADMIN_TOKEN'
    : `admin token: ${server.adminToken}   (shown once; only its hash is stored)`
  : 'admin token: set at first start (not shown again; set SHELF_ADMIN_TOKEN to replace it)';
process.stdout.write(
  [
    '',
    `Shelfkeeper license server: ${server.url}  (${server.engine})`,
    `  API reference: ${server.url}/docs`,
    `  demo login:    ${DEMO_USER.email} / ${DEMO_USER.password}`,
    `  payments:      ${payments.name === 'test' ? 'test payment (no money moves)' : payments.name}`,
    `  ${adminLine}`,
    '',
  ].join('\n') + '\n',
);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

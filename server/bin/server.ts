import { resolve } from 'node:path';
import { ConfigError } from '../config/config-error';
import type { ServerConfig } from '../config/server-config';
import { readServerConfig } from '../config/server-config';
import { DEMO_USER, startServer } from '../index';
import type { RunningServer } from '../index';
import { writeFully } from '../log-sink';
import { describeStartupError } from '../startup-error';
import { createPaymentProvider } from '../payments/payment-config';

/**
 * `npm run server` (through tsx) and `node dist/server/bin/server.js` (compiled, production):
 * the license server alone, configured from its environment (server/config/server-config.ts;
 * the README's Configuration table lists every variable). A refused setting, or a start that
 * fails (a data folder that cannot be written, a full disk), prints one sentence and exits 1.
 */
let config: ServerConfig;
let server: RunningServer;
try {
  config = readServerConfig(process.env);
  // Checkout return links point back here; SHELF_PUBLIC_URL overrides behind a proxy.
  const payments = createPaymentProvider(config.payment, `http://${config.host}:${config.port}`);
  server = await startServer({
    host: config.host,
    port: config.port,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    adminToken: config.adminToken,
    logLevel: config.logLevel,
    seedDemo: config.seedDemo,
    signingKey: config.signingKey,
    licenseRoot: config.licenseRoot,
    offlineLeaseDays: config.offlineLeaseDays,
    trustProxy: config.trustProxy,
    contentStoreSetting: config.contentStore,
    payments,
    mail: config.mail,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
  });
} catch (error) {
  // One sentence naming the setting, or the path and the cause; never a stack trace.
  const sentence =
    error instanceof ConfigError
      ? `Shelfkeeper license server not started: ${error.message}`
      : describeStartupError(error, resolve(process.env.SHELF_DATA_DIR || './.data/server'));
  writeFully(process.stderr.fd, Buffer.from(sentence + '\n'));
  process.exit(1);
}

// The banner is for the operator's terminal, not the log stream: the admin token is shown here
// once (first start only) and never written to a log line.
const adminLine = server.adminToken
  ? process.env.SHELF_ADMIN_TOKEN
    ? 'admin token: from SHELF_ADMIN_TOKEN'
    : `admin token: ${server.adminToken}   (shown once; only its hash is stored)`
  : 'admin token: set at first start (not shown again; set SHELF_ADMIN_TOKEN to replace it)';
// Through writeFully: a failed write to stdout (a full disk) must not end or stall the server.
writeFully(
  process.stdout.fd,
  Buffer.from(
    [
      '',
      `Shelfkeeper license server: ${server.url}  (${server.engine}${config.production ? ', production' : ''})`,
      `  API reference: ${server.url}/docs`,
      server.demo
        ? `  demo login:    ${DEMO_USER.email} / ${DEMO_USER.password}`
        : '  demo data:     none (SHELF_DEMO=1 seeds the demo user and catalog)',
      `  mail:          ${config.mail.kind === 'smtp' ? 'SMTP (SHELF_SMTP_URL)' : `written to ${server.dataDir}/mail and the log (no SHELF_SMTP_URL)`}`,
      `  payments:      ${server.context.payments.name === 'test' ? 'test payment (no money moves)' : server.context.payments.name}`,
      `  ${adminLine}`,
      // A public key: the development app trusts this server's key set when pointed at it.
      server.licenseRoot
        ? `  license root:  ${server.licenseRoot}   (SHELF_LICENSE_ROOT=this for a development app)`
        : '  license root:  key set signed elsewhere (SHELF_LICENSE_KEY_SET_FILE)',
      '',
    ].join('\n') + '\n',
  ),
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

import { resolve } from 'node:path';
import { DEMO_USER, startServer } from '../index';
import type { RunningServer } from '../index';
import { writeFully } from '../log-sink';
import { describeStartupError } from '../startup-error';

/**
 * `npm run server`: the license server alone. Environment: HOST, PORT, SHELF_DATA_DIR,
 * DATABASE_URL, SHELF_ADMIN_TOKEN, SHELF_TRUST_PROXY, LOG_LEVEL.
 */
const dataDir = resolve(process.env.SHELF_DATA_DIR || './.data/server');

/** SHELF_TRUST_PROXY: `true`, a hop count, or proxy addresses/CIDRs (comma-separated). */
function trustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

let server: RunningServer;
try {
  server = await startServer({
    host: process.env.HOST || '127.0.0.1',
    port: process.env.PORT ? Number(process.env.PORT) : 8787,
    dataDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
    adminToken: process.env.SHELF_ADMIN_TOKEN || undefined,
    trustProxy: trustProxy(process.env.SHELF_TRUST_PROXY),
    logLevel: process.env.LOG_LEVEL || 'info',
    seedDemo: true,
  });
} catch (error) {
  // One sentence naming the path and the cause, not a stack trace; a supervisor sees exit 1.
  writeFully(process.stderr.fd, Buffer.from(describeStartupError(error, dataDir) + '\n'));
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
      `Shelfkeeper license server: ${server.url}  (${server.engine})`,
      `  API reference: ${server.url}/docs`,
      `  demo login:    ${DEMO_USER.email} / ${DEMO_USER.password}`,
      `  ${adminLine}`,
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

import { ConfigError } from '../config/config-error';
import type { ServerConfig } from '../config/server-config';
import { readServerConfig } from '../config/server-config';
import { DEMO_USER, startServer } from '../index';
import type { RunningServer } from '../index';

/**
 * `npm run server` (through tsx) and `node dist/server/bin/server.js` (compiled, production):
 * the license server alone, configured from its environment (server/config/server-config.ts;
 * the README's Configuration table lists every variable). A refused setting prints one
 * sentence and exits with code 1.
 */
let config: ServerConfig;
let server: RunningServer;
try {
  config = readServerConfig(process.env);
  server = await startServer({
    host: config.host,
    port: config.port,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    adminToken: config.adminToken,
    logLevel: config.logLevel,
    seedDemo: config.seedDemo,
    signingKey: config.signingKey,
    trustProxy: config.trustProxy,
    contentStoreSetting: config.contentStore,
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Shelfkeeper license server not started: ${error.message}\n`);
  process.exit(1);
}

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
    `Shelfkeeper license server: ${server.url}  (${server.engine}${config.production ? ', production' : ''})`,
    `  API reference: ${server.url}/docs`,
    server.demo
      ? `  demo login:    ${DEMO_USER.email} / ${DEMO_USER.password}`
      : '  demo data:     none (SHELF_DEMO=1 seeds the demo user and catalog)',
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

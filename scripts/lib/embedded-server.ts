import path from 'node:path';
import type { Logger } from 'pino';
import { DEMO_USER, startServer } from '../../server/index';
import type { DemoCredentials } from '../../main/electron/first-run-sign-in';
import { licenseRootsFromEnv } from '../../main/core/license-roots';
import { dataRoot } from './build-steps';

export interface LicenseServerHandle {
  url: string;
  /** True when this process runs it (false: SHELF_SERVER_URL points elsewhere). */
  embedded: boolean;
  /** The embedded server's data folder (null when SHELF_SERVER_URL points elsewhere). */
  dataDir: string | null;
  demo: DemoCredentials;
  /**
   * The root keys the app is to trust: the embedded server's generated root, or SHELF_LICENSE_ROOT
   * with SHELF_SERVER_URL (undefined: the ones the app ships with).
   */
  licenseRoots: readonly string[] | undefined;
  /** Shown once, at the first start of a new data dir; null otherwise. */
  adminToken: string | null;
  close(): Promise<void>;
}

export const DEFAULT_SERVER_PORT = 8787;

/**
 * The license server `npm start` and `npm run start:browser` talk to: SHELF_SERVER_URL when set,
 * else an embedded one (SQLite and the demo catalog in .data/server; SHELF_DATA_DIR moves .data) on port 8787, or on a free
 * port when 8787 is taken (by a separate `npm run server`, say).
 */
export async function licenseServer(logger: Logger): Promise<LicenseServerHandle> {
  const demo = { email: DEMO_USER.email, password: DEMO_USER.password };
  const configured = process.env.SHELF_SERVER_URL;
  if (configured) {
    return {
      url: configured,
      embedded: false,
      dataDir: null,
      demo,
      licenseRoots: licenseRootsFromEnv(process.env.SHELF_LICENSE_ROOT),
      adminToken: null,
      close: async () => {},
    };
  }
  const options = {
    dataDir: path.join(dataRoot, 'server'),
    seedDemo: true,
    logger: logger.child({ service: 'license-server' }, { level: 'warn' }),
  };
  let server;
  try {
    server = await startServer({ ...options, port: DEFAULT_SERVER_PORT });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    logger.warn(
      `Port ${DEFAULT_SERVER_PORT} is taken; the embedded license server uses a free port instead.`,
    );
    server = await startServer({ ...options, port: 0 });
  }
  return {
    url: server.url,
    embedded: true,
    dataDir: server.dataDir,
    demo,
    licenseRoots: server.licenseRoot ? [server.licenseRoot] : undefined,
    adminToken: server.adminToken,
    close: () => server.close(),
  };
}

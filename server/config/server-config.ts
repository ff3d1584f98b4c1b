import type { PaymentSetting } from '../payments/payment-setting';
import { readPaymentSetting } from '../payments/payment-setting';
import type { LicenseRootSetting } from '../services/license-root';
import type { SigningKeySetting } from '../services/license-signer';
import { DEFAULT_OFFLINE_LEASE_DAYS } from '../context';
import { ConfigError } from './config-error';
import type { ContentStoreSetting } from './content-store-setting';
import { readContentStoreSetting } from './content-store-setting';
import type { MailSetting } from './mail-setting';
import { readMailSetting } from './mail-setting';

type Env = Record<string, string | undefined>;

/** Everything `npm run server` (and the compiled server) reads from its environment. */
export interface ServerConfig {
  production: boolean;
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  adminToken: string | undefined;
  logLevel: string;
  seedDemo: boolean;
  signingKey: SigningKeySetting | undefined;
  /** SHELF_LICENSE_ROOT_KEY_FILE or SHELF_LICENSE_KEY_SET_FILE; unset = generated (development). */
  licenseRoot: LicenseRootSetting | undefined;
  offlineLeaseDays: number;
  payment: PaymentSetting;
  /** Fastify's `trustProxy`: true, a hop count, or proxy addresses/CIDRs; false = the socket. */
  trustProxy: boolean | number | string;
  contentStore: ContentStoreSetting;
  mail: MailSetting;
  /** SHELF_PUBLIC_URL without a trailing slash; unset = `http://HOST:PORT`. */
  publicUrl: string | undefined;
}

export const MIN_PRODUCTION_ADMIN_TOKEN = 32;

/**
 * Reads and checks the configuration. In production (`SHELF_ENV=production`) a setting that
 * would make the server unsafe (a guessable admin token, a signing key nobody else has, the test
 * payment provider, the demo user with its public password) stops the start with one sentence.
 */
export function readServerConfig(env: Env): ServerConfig {
  const production = env.SHELF_ENV === 'production';
  const keyFile = env.SHELF_SIGNING_KEY_FILE || undefined;
  const config: ServerConfig = {
    production,
    host: env.HOST || '127.0.0.1',
    port: readPort(env.PORT),
    dataDir: env.SHELF_DATA_DIR || './.data/server',
    databaseUrl: env.DATABASE_URL || undefined,
    adminToken: env.SHELF_ADMIN_TOKEN || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    seedDemo: env.SHELF_DEMO === '1',
    signingKey: keyFile
      ? { file: keyFile, keyId: env.SHELF_SIGNING_KEY_ID || undefined }
      : undefined,
    licenseRoot: readLicenseRoot(env),
    offlineLeaseDays: readOfflineLeaseDays(env.SHELF_OFFLINE_LEASE_DAYS),
    payment: readPaymentSetting(env, production),
    // Explicit only: behind a reverse proxy, set it so client addresses come from X-Forwarded-For.
    trustProxy: readTrustProxy(env.SHELF_TRUST_PROXY),
    contentStore: readContentStoreSetting(env),
    mail: readMailSetting(env),
    publicUrl: readPublicUrl(env.SHELF_PUBLIC_URL),
  };
  if (production) checkProduction(config);
  return config;
}

function checkProduction(config: ServerConfig): void {
  if (!config.adminToken) {
    throw new ConfigError(
      `Production mode needs SHELF_ADMIN_TOKEN (at least ${MIN_PRODUCTION_ADMIN_TOKEN} characters).`,
    );
  }
  if (config.adminToken.length < MIN_PRODUCTION_ADMIN_TOKEN) {
    throw new ConfigError(
      `Production mode needs a SHELF_ADMIN_TOKEN of at least ${MIN_PRODUCTION_ADMIN_TOKEN} characters.`,
    );
  }
  if (!config.signingKey) {
    throw new ConfigError(
      'Production mode needs SHELF_SIGNING_KEY_FILE (an Ed25519 PKCS#8 PEM key shared by every host).',
    );
  }
  if (!config.licenseRoot) {
    throw new ConfigError(
      'Production mode needs SHELF_LICENSE_KEY_SET_FILE (a key set signed with the root key the app ships with) or SHELF_LICENSE_ROOT_KEY_FILE (that root key itself).',
    );
  }
  if (config.mail.kind !== 'smtp') {
    throw new ConfigError(
      'Production mode needs SHELF_SMTP_URL: accounts are confirmed and passwords reset by mail.',
    );
  }
  if (!config.publicUrl) {
    throw new ConfigError(
      'Production mode needs SHELF_PUBLIC_URL (the address users reach the server at): mailed links start with it.',
    );
  }
  if (config.seedDemo) {
    throw new ConfigError(
      'Production mode refuses SHELF_DEMO=1: the demo user has a public password.',
    );
  }
}

function readLicenseRoot(env: Env): LicenseRootSetting | undefined {
  const rootKeyFile = env.SHELF_LICENSE_ROOT_KEY_FILE || undefined;
  const keySetFile = env.SHELF_LICENSE_KEY_SET_FILE || undefined;
  if (rootKeyFile && keySetFile) {
    throw new ConfigError(
      'Set SHELF_LICENSE_ROOT_KEY_FILE or SHELF_LICENSE_KEY_SET_FILE, not both: the key set is either signed here or signed elsewhere.',
    );
  }
  if (keySetFile) return { kind: 'signedKeySet', file: keySetFile };
  return rootKeyFile ? { kind: 'rootKey', file: rootKeyFile } : undefined;
}

function readOfflineLeaseDays(value: string | undefined): number {
  if (!value) return DEFAULT_OFFLINE_LEASE_DAYS;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new ConfigError(
      `SHELF_OFFLINE_LEASE_DAYS must be a whole number of days from 1 to 365, not "${value}".`,
    );
  }
  return days;
}

function readPublicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `SHELF_PUBLIC_URL must be a URL such as https://shelf.example.com, not "${value}".`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`SHELF_PUBLIC_URL must be an http(s) URL, not "${value}".`);
  }
  return value.replace(/\/+$/, '');
}

function readPort(value: string | undefined): number {
  if (!value) return 8787;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`PORT must be a number from 0 to 65535, not "${value}".`);
  }
  return port;
}

/** SHELF_TRUST_PROXY: `true`, a hop count, or proxy addresses/CIDRs (comma-separated). */
function readTrustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

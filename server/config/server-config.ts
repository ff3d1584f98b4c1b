import type { SigningKeySetting } from '../services/license-signer';
import { ConfigError } from './config-error';
import type { ContentStoreSetting } from './content-store-setting';
import { readContentStoreSetting } from './content-store-setting';
import type { MailSetting } from './mail-setting';
import { readMailSetting } from './mail-setting';

type Env = Record<string, string | undefined>;

export type PaymentProvider = 'stripe' | 'test';

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
  paymentProvider: PaymentProvider;
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
    paymentProvider: readPaymentProvider(env, production),
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

function readPaymentProvider(env: Env, production: boolean): PaymentProvider {
  const value = env.SHELF_PAYMENT_PROVIDER || undefined;
  if (value === undefined || value === 'test') {
    if (production) {
      throw new ConfigError(
        'Production mode needs SHELF_PAYMENT_PROVIDER=stripe; the test provider takes no money.',
      );
    }
    return 'test';
  }
  if (value !== 'stripe') {
    throw new ConfigError(`SHELF_PAYMENT_PROVIDER must be "stripe" or "test", not "${value}".`);
  }
  for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'] as const) {
    if (!env[name]) throw new ConfigError(`SHELF_PAYMENT_PROVIDER=stripe needs ${name}.`);
  }
  return 'stripe';
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

import { ConfigError } from '../config/config-error';
import type { StripeSettings } from './stripe-provider';

type Env = Record<string, string | undefined>;
export type StripeApi = NonNullable<StripeSettings['api']>;

/** The payment provider as configured: read and checked once, at start (server-config.ts). */
export type PaymentSetting =
  | { provider: 'test' }
  | {
      provider: 'stripe';
      secretKey: string;
      webhookSecret: string;
      /** SHELF_PUBLIC_URL: where Stripe sends the buyer back; unset = the server's own address. */
      publicUrl: string | undefined;
      /** STRIPE_API_BASE: a local stand-in instead of api.stripe.com; unset = Stripe itself. */
      api: StripeApi | undefined;
    };

/**
 * `SHELF_PAYMENT_PROVIDER=stripe|test` (default `test`), with `STRIPE_SECRET_KEY`,
 * `STRIPE_WEBHOOK_SECRET`, `STRIPE_API_BASE` and `SHELF_PUBLIC_URL` for Stripe. Throws one
 * sentence when the choice cannot run; production mode refuses the `test` provider, which would
 * give licenses away.
 */
export function readPaymentSetting(env: Env, production: boolean): PaymentSetting {
  const value = env.SHELF_PAYMENT_PROVIDER || undefined;
  if (value === undefined || value === 'test') {
    if (production) {
      throw new ConfigError(
        'Production mode needs SHELF_PAYMENT_PROVIDER=stripe; the test provider takes no money.',
      );
    }
    return { provider: 'test' };
  }
  if (value !== 'stripe') {
    throw new ConfigError(`SHELF_PAYMENT_PROVIDER must be "stripe" or "test", not "${value}".`);
  }
  const secretKey = env.STRIPE_SECRET_KEY;
  if (!secretKey) throw new ConfigError('SHELF_PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY.');
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET;
  if (!webhookSecret) {
    throw new ConfigError('SHELF_PAYMENT_PROVIDER=stripe needs STRIPE_WEBHOOK_SECRET.');
  }
  return {
    provider: 'stripe',
    secretKey,
    webhookSecret,
    publicUrl: env.SHELF_PUBLIC_URL || undefined,
    api: readStripeApi(env.STRIPE_API_BASE),
  };
}

function readStripeApi(value: string | undefined): StripeApi | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `STRIPE_API_BASE must be a URL such as https://api.stripe.com, not "${value}".`,
    );
  }
  const protocol = url.protocol === 'http:' ? 'http' : url.protocol === 'https:' ? 'https' : null;
  if (!protocol) throw new ConfigError(`STRIPE_API_BASE must be an http(s) URL, not "${value}".`);
  const port = url.port ? Number(url.port) : protocol === 'https' ? 443 : 80;
  return { host: url.hostname, port, protocol };
}

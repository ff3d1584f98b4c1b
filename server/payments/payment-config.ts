import { ConfigError } from '../config/config-error';
import { CHECKOUT_RETURN_PATH } from '../http/checkout-return-page';
import type { PaymentProvider } from './payment-provider';
import type { StripeSettings } from './stripe-provider';
import { StripePaymentProvider } from './stripe-provider';
import { TestPaymentProvider } from './test-provider';

type StripeApi = NonNullable<StripeSettings['api']>;

/**
 * The payment provider from the environment: `SHELF_PAYMENT_PROVIDER=stripe|test` (default
 * `test`), `STRIPE_SECRET_KEY`, `STRIPE_WEBHOOK_SECRET`, `SHELF_PUBLIC_URL` (where Stripe sends
 * the buyer back). Throws one sentence when the choice cannot run; the `test` provider is refused
 * in production mode (`SHELF_ENV=production`): it would give licenses away.
 */
export function paymentProviderFromEnv(
  env: NodeJS.ProcessEnv,
  defaultPublicUrl: string,
): PaymentProvider {
  const name = env.SHELF_PAYMENT_PROVIDER || 'test';
  const production = env.SHELF_ENV === 'production';
  if (name === 'test') {
    if (production) {
      throw new ConfigError(
        'SHELF_PAYMENT_PROVIDER=test is refused in production mode: set it to stripe.',
      );
    }
    return new TestPaymentProvider();
  }
  if (name !== 'stripe') {
    throw new ConfigError(`SHELF_PAYMENT_PROVIDER must be stripe or test, not "${name}".`);
  }
  const secretKey = env.STRIPE_SECRET_KEY;
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET;
  if (!secretKey || !webhookSecret) {
    throw new ConfigError(
      'SHELF_PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.',
    );
  }
  const base = (env.SHELF_PUBLIC_URL || defaultPublicUrl).replace(/\/+$/, '');
  return new StripePaymentProvider({
    secretKey,
    webhookSecret,
    ...stripeApi(env.STRIPE_API_BASE),
    successUrl: `${base}${CHECKOUT_RETURN_PATH}?order={ORDER_ID}&result=paid`,
    cancelUrl: `${base}${CHECKOUT_RETURN_PATH}?order={ORDER_ID}&result=cancelled`,
  });
}

/**
 * STRIPE_API_BASE: where the SDK sends its API calls instead of api.stripe.com (a local
 * stand-in or stripe-mock; the two-host test uses it). Unset: Stripe itself.
 */
function stripeApi(value: string | undefined): { api?: StripeApi } {
  if (!value) return {};
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
  return { api: { host: url.hostname, port, protocol } };
}

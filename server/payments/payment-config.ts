import { CHECKOUT_RETURN_PATH } from '../http/checkout-return-page';
import type { PaymentProvider } from './payment-provider';
import type { PaymentSetting } from './payment-setting';
import { StripePaymentProvider } from './stripe-provider';
import { TestPaymentProvider } from './test-provider';

/**
 * The payment provider for a checked setting (payment-setting.ts). `defaultPublicUrl` is the
 * server's own address, where Stripe sends the buyer back unless SHELF_PUBLIC_URL says otherwise.
 */
export function createPaymentProvider(
  setting: PaymentSetting,
  defaultPublicUrl: string,
): PaymentProvider {
  if (setting.provider === 'test') return new TestPaymentProvider();
  const base = (setting.publicUrl ?? defaultPublicUrl).replace(/\/+$/, '');
  return new StripePaymentProvider({
    secretKey: setting.secretKey,
    webhookSecret: setting.webhookSecret,
    ...(setting.api ? { api: setting.api } : {}),
    successUrl: `${base}${CHECKOUT_RETURN_PATH}?order={ORDER_ID}&result=paid`,
    cancelUrl: `${base}${CHECKOUT_RETURN_PATH}?order={ORDER_ID}&result=cancelled`,
  });
}

import type { Order, OrderState, PaymentProviderName } from '../../shared/api/orders';
import type { OrderRow } from '../db/orders';

/** The contract's view of an order row. */
export function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    contentId: row.content_id,
    state: row.state as OrderState,
    priceCents: row.price_cents,
    pointsHeld: row.points_held,
    moneyDueCents: row.money_due_cents,
    currency: row.currency,
    provider: row.provider as PaymentProviderName,
    testPayment: row.provider === 'test',
    checkoutUrl: row.checkout_url,
    purchaseId: row.purchase_id,
    licenseId: row.license_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
  };
}

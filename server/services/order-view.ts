import type { Order, OrderRefund, OrderState, PaymentProviderName } from '../../shared/api/orders';
import { orderHasRefund } from '../../shared/api/orders';
import type { Db } from '../db/database';
import type { OrderRow } from '../db/orders';
import { findRefundAmount } from '../db/refunds';

/**
 * The contract's view of an order row. `refund`: what its refund gives back, for an order whose
 * payment is owed back (refund_pending, refunded); null otherwise.
 */
export function toOrder(row: OrderRow, refund: OrderRefund | null): Order {
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
    refund,
    paymentSettling: row.settling_since !== null,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
  };
}

/** The view of an order as stored, its refund read when it has one. */
export async function readOrderView(db: Db, row: OrderRow): Promise<Order> {
  const found = orderHasRefund(row.state as OrderState)
    ? await findRefundAmount(db, row.id)
    : undefined;
  return toOrder(row, found ? { amountCents: found.amount_cents, currency: found.currency } : null);
}

import { randomUUID } from 'node:crypto';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderHistoryItem } from '../../../../shared/api/orders';
import { AppError } from '../../../../shared/errors';
import { WalletScreen } from '../../../../renderer/src/screens/wallet-screen';
import { installFakeShelf } from '../fake-shelf';

afterEach(cleanup);

const at = '2026-11-20T10:00:00.000Z';
function order(overrides: Partial<OrderHistoryItem>): OrderHistoryItem {
  return {
    id: randomUUID(),
    contentId: randomUUID(),
    title: 'A book',
    state: 'paid',
    priceCents: 1299,
    pointsHeld: 0,
    moneyDueCents: 1299,
    currency: 'usd',
    provider: 'stripe',
    testPayment: false,
    checkoutUrl: null,
    purchaseId: null,
    licenseId: null,
    refund: null,
    paymentSettling: false,
    createdAt: at,
    expiresAt: at,
    updatedAt: at,
    ...overrides,
  };
}

const base = {
  'wallet.get': () => ({ balance: 0, entries: [], asOf: null }),
  'returns.list': () => ({ queued: [], receipts: [] }),
  'sync.now': () => ({
    online: true,
    syncing: false,
    lastSyncAt: null,
    lastError: null,
    queuedReturns: 0,
    nextRetryAt: null,
  }),
};

describe('WalletScreen: purchases with money', () => {
  it('lists each order with its amount, points part, state and test mark, in the order given', async () => {
    installFakeShelf({
      ...base,
      'wallet.orders': () => ({
        orders: [
          order({
            title: 'Waiting One',
            state: 'awaiting_payment',
            moneyDueCents: 1800,
            pointsHeld: 200,
            checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test_1',
          }),
          // Checkout done, the payment settling (a bank debit): no checkout page left.
          order({
            title: 'Debit One',
            state: 'awaiting_payment',
            moneyDueCents: 900,
            paymentSettling: true,
          }),
          // Its Checkout Session not made yet: waiting for the buyer, not settling.
          order({ title: 'Starting One', state: 'awaiting_payment', moneyDueCents: 300 }),
          order({ title: 'Test One', provider: 'test', testPayment: true, moneyDueCents: 499 }),
          order({ title: 'Gone One', state: 'expired', moneyDueCents: 450 }),
          order({ title: 'Yen One', state: 'cancelled', moneyDueCents: 500, currency: 'jpy' }),
        ],
      }),
    });
    render(<WalletScreen />);
    const table = await screen.findByTestId('orders-table');
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .slice(1)
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ['Waiting One', '$18.00', '200 points', 'Waiting for payment'],
      ['Debit One', '$9.00', '—', 'Payment processing'],
      ['Starting One', '$3.00', '—', 'Waiting for payment'],
      ['Test One', '$4.99', '—', 'Paid · test payment'],
      ['Gone One', '$4.50', '—', 'Expired: not paid in time'],
      ['Yen One', '¥500', '—', 'Cancelled: not paid'],
    ]);
  });

  it('says with the amount that a payment that could not be used is being, or was, refunded', async () => {
    installFakeShelf({
      ...base,
      'wallet.orders': () => ({
        orders: [
          order({
            title: 'Late One',
            state: 'refund_pending',
            moneyDueCents: 800,
            pointsHeld: 200,
            refund: { amountCents: 800, currency: 'usd' },
          }),
          order({
            title: 'Yen Back',
            state: 'refunded',
            moneyDueCents: 500,
            currency: 'jpy',
            refund: { amountCents: 500, currency: 'jpy' },
          }),
        ],
      }),
    });
    render(<WalletScreen />);
    const table = await screen.findByTestId('orders-table');
    const states = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('cell').at(-1)?.textContent);
    expect(states).toEqual([
      'Refund under wayYour payment could not be used for this order: $8.00 is being refunded.',
      'RefundedYour payment could not be used for this order: ¥500 was refunded.',
    ]);
  });

  it('says plainly that orders cannot be shown offline', async () => {
    installFakeShelf({
      ...base,
      'wallet.orders': () => {
        throw new AppError('OFFLINE');
      },
    });
    render(<WalletScreen />);
    expect(
      await screen.findByText(
        'You are offline: purchases with money are shown when the connection is back.',
      ),
    ).toBeTruthy();
    expect(screen.queryByTestId('orders-table')).toBeNull();
  });
});

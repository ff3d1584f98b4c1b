import { randomUUID } from 'node:crypto';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Order } from '../../../../shared/api/orders';
import { AppError } from '../../../../shared/errors';
import { BuyDialog } from '../../../../renderer/src/components/buy-dialog';
import { sampleCatalogItem } from '../../../fixtures/contract-samples';
import { installFakeShelf } from '../fake-shelf';

afterEach(cleanup);

const item = {
  ...sampleCatalogItem({ title: 'Night Songs', priceCents: 1200 }),
  owned: false,
  held: null,
};
const wallet = (balance: number) => () => ({ balance, entries: [], asOf: null });

describe('BuyDialog', () => {
  it('shows price and buyback terms before buying', async () => {
    installFakeShelf({ 'wallet.get': wallet(5000) });
    render(<BuyDialog item={item} onClose={() => {}} />);
    expect(screen.getByText('$12.00')).toBeTruthy();
    expect(
      screen.getByText(/Sell back for 70% of the price as points \(840 points\)/),
    ).toBeTruthy();
    expect(await screen.findByText(/Your balance: 5,000 points/)).toBeTruthy();
  });

  it('buys with points only', async () => {
    const fake = installFakeShelf({
      'wallet.get': wallet(5000),
      'store.buy': (input) => ({
        contentId: input.contentId,
        licenseId: randomUUID(),
        balance: 3800,
        order: null,
        testPayment: false,
      }),
    });
    render(<BuyDialog item={item} onClose={() => {}} />);
    await screen.findByText(/Your balance: 5,000 points/);
    fireEvent.click(screen.getByLabelText(/^Points/));
    fireEvent.click(screen.getByRole('button', { name: 'Buy for 1,200 points' }));
    expect(await screen.findByText('“Night Songs” is in your library.')).toBeTruthy();
    expect(screen.getByText(/3,800 points/)).toBeTruthy();
    expect(fake.callsTo('store.buy')).toEqual([{ contentId: item.contentId, pointsToUse: 1200 }]);
  });

  it('buys with money and points', async () => {
    const fake = installFakeShelf({
      'wallet.get': wallet(500),
      'store.buy': (input) => ({
        contentId: input.contentId,
        licenseId: randomUUID(),
        balance: 200,
        order: null,
        testPayment: true,
      }),
    });
    render(<BuyDialog item={item} onClose={() => {}} />);
    await screen.findByText(/Your balance: 500 points/);
    expect((screen.getByLabelText(/^Points/) as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('Both'));
    fireEvent.change(screen.getByLabelText(/Points to use/), { target: { value: '300' } });
    fireEvent.click(screen.getByRole('button', { name: 'Buy for $9.00 + 300 points' }));
    await screen.findByTestId('purchase-confirmation');
    expect(fake.callsTo('store.buy')).toEqual([{ contentId: item.contentId, pointsToUse: 300 }]);
  });

  const order = (state: Order['state']): Order => ({
    id: '00000000-0000-4000-8000-000000000001',
    contentId: item.contentId,
    state,
    priceCents: 1200,
    pointsHeld: 0,
    moneyDueCents: 1200,
    currency: 'usd',
    provider: 'stripe',
    testPayment: false,
    checkoutUrl: state === 'awaiting_payment' ? 'https://checkout.stripe.com/c/pay/cs_1' : null,
    purchaseId: null,
    licenseId: null,
    refund:
      state === 'refund_pending' || state === 'refunded'
        ? { amountCents: 1200, currency: 'usd' }
        : null,
    paymentSettling: false,
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    updatedAt: new Date().toISOString(),
  });

  /**
   * Buys "Night Songs" with money: the order is placed waiting, and the dialog then reads it as
   * `read()` answers (its checkout page opened in the browser).
   */
  const buyWithMoney = async (read: () => Order) => {
    installFakeShelf({
      'wallet.get': wallet(0),
      'store.buy': (input) => ({
        contentId: input.contentId,
        licenseId: null,
        balance: 0,
        order: order('awaiting_payment'),
        testPayment: false,
      }),
      'store.order': read,
    });
    render(<BuyDialog item={item} onClose={() => {}} />);
    await screen.findByText(/Your balance: 0 points/);
    fireEvent.click(screen.getByRole('button', { name: 'Buy for $12.00' }));
  };

  it.each([
    ['awaiting_payment', 'order-waiting', /Waiting for payment of \$12\.00/],
    ['paid', 'order-paid', /“Night Songs” is in your library/],
    ['expired', 'order-unpaid', /The time to pay for this order ran out/],
    ['cancelled', 'order-unpaid', /The checkout ended without a payment/],
    [
      'refund_pending',
      'order-refund',
      /Your payment could not be used for this order: \$12\.00 is being refunded\./,
    ],
    [
      'refunded',
      'order-refund',
      /Your payment could not be used for this order: \$12\.00 was refunded\./,
    ],
  ] as const)(
    'a money order %s: opens the checkout and shows its state',
    async (state, id, text) => {
      const open = vi.spyOn(window, 'open').mockImplementation(() => null);
      await buyWithMoney(() => order(state));
      const shown = await screen.findByTestId(id);
      expect(shown.textContent).toMatch(text);
      expect(open).toHaveBeenCalledWith(
        'https://checkout.stripe.com/c/pay/cs_1',
        '_blank',
        'noopener',
      );
      if (state === 'awaiting_payment') {
        const link = screen.getByRole('link', { name: 'Open the checkout page' });
        expect(link.getAttribute('href')).toBe('https://checkout.stripe.com/c/pay/cs_1');
        // Closing the dialog cancels nothing on the server: the button says Close.
        expect(within(shown).getByRole('button', { name: 'Close' })).toBeTruthy();
      }
      open.mockRestore();
    },
  );

  it('says a payment that settles later is being processed, with no checkout page left to open', async () => {
    const open = vi.spyOn(window, 'open').mockImplementation(() => null);
    const settling: Order = {
      ...order('awaiting_payment'),
      checkoutUrl: null,
      paymentSettling: true,
      expiresAt: new Date(Date.now() + 21 * 86_400_000).toISOString(),
    };
    await buyWithMoney(() => settling);
    const shown = await screen.findByTestId('order-settling');
    expect(shown.textContent).toMatch(
      /Your payment of \$12\.00 for “Night Songs” is being processed\./,
    );
    expect(screen.queryByRole('link', { name: 'Open the checkout page' })).toBeNull();
    open.mockRestore();
  });

  it.each([
    [
      'expired',
      /Your bank payment did not clear in time\.If your bank payment still goes through, it will be refunded\./,
    ],
    ['cancelled', /Your bank payment did not go through\.Nothing was charged\./],
  ] as const)('says what became of a bank payment when its order %s', async (state, text) => {
    vi.spyOn(window, 'open').mockImplementation(() => null);
    await buyWithMoney(() => ({ ...order(state), paymentSettling: true }));
    expect((await screen.findByTestId('order-unpaid')).textContent).toMatch(text);
  });

  it('follows a refund under way until it is done', async () => {
    vi.spyOn(window, 'open').mockImplementation(() => null);
    let state: Order['state'] = 'refund_pending';
    await buyWithMoney(() => order(state));
    expect((await screen.findByTestId('order-refund')).textContent).toMatch(/is being refunded/);
    state = 'refunded';
    await vi.waitFor(
      () => expect(screen.getByTestId('order-refund').textContent).toMatch(/was refunded/),
      { timeout: 5000 },
    );
  });

  it('explains a refusal', async () => {
    installFakeShelf({
      'wallet.get': wallet(5000),
      'store.buy': () => {
        throw new AppError('INSUFFICIENT_POINTS');
      },
    });
    render(<BuyDialog item={item} onClose={() => {}} />);
    await screen.findByText(/Your balance: 5,000 points/);
    fireEvent.click(screen.getByLabelText(/^Points/));
    fireEvent.click(screen.getByRole('button', { name: /Buy for/ }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'You do not have enough points for that.',
    );
  });
});

import { randomUUID } from 'node:crypto';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { BuyDialog } from '../../../../renderer/src/components/buy-dialog';
import { sampleCatalogItem } from '../../../fixtures/contract-samples';
import { installFakeShelf } from '../fake-shelf';

afterEach(cleanup);

const item = { ...sampleCatalogItem({ title: 'Night Songs', priceCents: 1200 }), owned: false };
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

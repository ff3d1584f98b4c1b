import { randomUUID } from 'node:crypto';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReturnOptions } from '../../../../shared/ipc/contract';
import { AppError } from '../../../../shared/errors';
import { ReturnDialog } from '../../../../renderer/src/components/return-dialog';
import {
  sampleLicenseView,
  sampleReceipt,
  sampleCatalogItem,
} from '../../../fixtures/contract-samples';
import { installFakeShelf, libraryDetail } from '../fake-shelf';

afterEach(cleanup);

const item = libraryDetail({
  title: 'Atlas of Rivers',
  version: 1,
  latestVersion: 3,
  downloaded: true,
  size: 3 * 1024 * 1024,
});

function quoteOptions(): ReturnOptions {
  return {
    quote: {
      status: 'offered',
      quoteId: randomUUID(),
      policy: item.returnPolicy,
      limit: null,
      licenseId: item.licenseId,
      expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
      returnDeadline: '2026-12-24T12:00:00.000Z',
      options: [
        {
          kind: 'buyback',
          privilege: { type: 'points', points: 700 },
          basis: 'buyback_rate',
          ratePct: 70,
        },
        {
          kind: 'trade_in',
          basis: 'newest_version',
          ratePct: null,
          privilege: {
            type: 'upgrade',
            contentId: randomUUID(),
            version: 3,
            title: 'Atlas of Rivers',
          },
        },
      ],
    },
    refusal: null,
    offline: false,
    offlineKinds: [],
    policy: item.returnPolicy,
    limit: null,
    returnDeadline: '2026-12-24T12:00:00.000Z',
    deletes: { title: item.title, downloaded: true, size: item.size },
  };
}

describe('ReturnDialog', () => {
  it('shows the options side by side, the window end and what will be deleted', async () => {
    installFakeShelf({ 'returns.options': () => quoteOptions() });
    render(<ReturnDialog item={item} onClose={() => {}} />);
    expect(await screen.findByLabelText(/Sell back for 700 points/)).toBeTruthy();
    expect(screen.getByLabelText(/Trade in for version 3/)).toBeTruthy();
    expect(screen.getByText('Ends 24 Dec 2026')).toBeTruthy();
    expect(screen.getByText(/the downloaded file \(3\.0 MB\) and its license/)).toBeTruthy();
  });

  it('confirms a buyback and shows the points and the new balance', async () => {
    const options = quoteOptions();
    const fake = installFakeShelf({
      'returns.options': () => options,
      'returns.request': (input) => ({
        returnId: randomUUID(),
        status: 'confirmed',
        receipt: sampleReceipt({
          contentId: input.contentId,
          title: item.title,
          privilege: { type: 'points', points: 700 },
          balance: 1700,
        }),
      }),
    });
    render(<ReturnDialog item={item} onClose={() => {}} />);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Confirm: Sell back for 700 points' }),
    );
    expect(await screen.findByText('You received 700 points.')).toBeTruthy();
    expect(screen.getByText('1,700 points')).toBeTruthy();
    expect(fake.callsTo('returns.request')).toEqual([
      { contentId: item.contentId, kind: 'buyback', quoteId: options.quote?.quoteId },
    ]);
  });

  it('confirms a trade-in and offers the upgraded version for download', async () => {
    const upgraded = sampleCatalogItem({ title: item.title, version: 3, latestVersion: 3 });
    installFakeShelf({
      'returns.options': () => quoteOptions(),
      'returns.request': () => ({
        returnId: randomUUID(),
        status: 'confirmed',
        receipt: sampleReceipt({
          kind: 'trade_in',
          privilege: { type: 'upgrade', license: sampleLicenseView(upgraded) },
        }),
      }),
    });
    render(<ReturnDialog item={item} onClose={() => {}} />);
    fireEvent.click(await screen.findByLabelText(/Trade in for version 3/));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm: Trade in for version 3' }));
    expect(await screen.findByText('You now have version 3 of “Atlas of Rivers”.')).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Download version 3' });
    expect(link.getAttribute('href')).toBe(`#/item/${upgraded.contentId}`);
  });

  it('explains a refusal as a sentence', async () => {
    installFakeShelf({
      'returns.options': () => quoteOptions(),
      'returns.request': () => {
        throw new AppError('RETURN_WINDOW_CLOSED', 'window closed at 2026-01-01');
      },
    });
    render(<ReturnDialog item={item} onClose={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: /Confirm/ }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The return period for this content has ended.',
    );
  });

  it('a refusal from the server shows its reason instead of Confirm', async () => {
    const freesAt = '2026-12-20T09:30:00.000Z';
    installFakeShelf({
      'returns.options': () => ({
        ...quoteOptions(),
        quote: null,
        refusal: { code: 'RETURN_LIMIT_REACHED', freesAt },
        limit: { allowed: 2, used: 2, periodDays: 30, nextFreeAt: freesAt },
      }),
    });
    render(<ReturnDialog item={item} onClose={() => {}} />);
    const refusal = await screen.findByTestId('return-refused');
    expect(refusal.textContent).toContain('You have used all 2 returns allowed in any 30 days');
    expect(refusal.textContent).toContain('Your next return is possible from 20 Dec 2026');
    expect(refusal.textContent).toContain('2 of 2 used in the last 30 days');
    expect(screen.queryByRole('button', { name: /Confirm/ })).toBeNull();
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
  });

  it('a balance too near its cap for any option shows why, and no Confirm', async () => {
    installFakeShelf({
      'returns.options': () => ({
        ...quoteOptions(),
        quote: null,
        refusal: { code: 'BALANCE_LIMIT_REACHED', freesAt: null },
      }),
    });
    render(<ReturnDialog item={item} onClose={() => {}} />);
    const refusal = await screen.findByTestId('return-refused');
    expect(refusal.textContent).toContain(
      'would take your balance past its maximum of 1,000,000,000 points (points your unpaid orders hold count too)',
    );
    expect(refusal.textContent).not.toContain('BALANCE_LIMIT_REACHED');
    expect(screen.queryByRole('button', { name: /Confirm/ })).toBeNull();
  });

  it('an expired offer reads "Offer expired", with one way to a new one and no Confirm', async () => {
    const fake = installFakeShelf({
      'returns.options': () => quoteOptions(),
      'returns.request': () => {
        throw new AppError('QUOTE_EXPIRED');
      },
    });
    render(<ReturnDialog item={item} onClose={() => {}} />);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Confirm: Sell back for 700 points' }),
    );
    expect((await screen.findByTestId('offer-expired')).textContent).toContain('Offer expired');
    expect(screen.queryByRole('button', { name: /Confirm/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Get a new offer' }));
    expect(
      await screen.findByRole('button', { name: 'Confirm: Sell back for 700 points' }),
    ).toBeTruthy();
    expect(fake.callsTo('returns.options')).toHaveLength(2);
  });

  it('an offer whose hold time passes while open turns to "Offer expired" by itself', async () => {
    const options = quoteOptions();
    // Still held when the dialog opens: nothing but the passing time expires it.
    if (options.quote) options.quote.expiresAt = new Date(Date.now() + 500).toISOString();
    installFakeShelf({ 'returns.options': () => options });
    render(<ReturnDialog item={item} onClose={() => {}} />);
    expect(await screen.findByTestId('offer-expired', {}, { timeout: 3_000 })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Confirm/ })).toBeNull();
  });

  it('offline: offers the known kinds and says the return is queued', async () => {
    installFakeShelf({
      'returns.options': () => ({
        quote: null,
        refusal: null,
        offline: true,
        offlineKinds: ['buyback'],
        policy: item.returnPolicy,
        limit: null,
        returnDeadline: item.returnDeadline,
        deletes: { title: item.title, downloaded: false, size: 0 },
      }),
      'returns.request': () => ({ returnId: randomUUID(), status: 'queued', receipt: null }),
    });
    render(<ReturnDialog item={item} onClose={() => {}} />);
    expect(
      await screen.findByText(/The return will be sent when you are back online/),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Confirm: Sell back for points' }));
    expect(await screen.findByTestId('return-queued')).toBeTruthy();
  });
});

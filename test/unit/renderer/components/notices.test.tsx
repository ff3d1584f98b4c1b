import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Notices } from '../../../../renderer/src/components/notices';
import {
  sampleCatalogItem,
  sampleLicenseView,
  sampleReceipt,
} from '../../../fixtures/contract-samples';
import { installFakeShelf } from '../fake-shelf';

afterEach(cleanup);

/** A queued return the server refused, as the core tells it. */
function refuse(fake: ReturnType<typeof installFakeShelf>, title: string, message: string) {
  act(() =>
    fake.emit('return.failed', {
      contentId: sampleCatalogItem().contentId,
      title,
      code: 'RETURN_LIMIT_REACHED',
      message,
    }),
  );
}

describe('Notices', () => {
  it('tells a return confirmed later (queued offline) with the points and the balance', () => {
    const fake = installFakeShelf({});
    render(<Notices />);
    act(() =>
      fake.emit('return.confirmed', {
        receipt: sampleReceipt({
          title: 'Atlas',
          privilege: { type: 'points', points: 699 },
          balance: 2699,
        }),
      }),
    );
    expect(screen.getByText('Return of “Atlas” confirmed')).toBeTruthy();
    expect(
      screen.getByText('You received 699 points. Your balance is now 2,699 points.'),
    ).toBeTruthy();
  });

  it('offers the download of an upgrade', () => {
    const fake = installFakeShelf({});
    render(<Notices />);
    const upgraded = sampleCatalogItem({ title: 'Atlas', version: 3 });
    act(() =>
      fake.emit('return.confirmed', {
        receipt: sampleReceipt({
          title: 'Atlas',
          kind: 'trade_in',
          privilege: { type: 'upgrade', license: sampleLicenseView(upgraded) },
        }),
      }),
    );
    expect(screen.getByRole('link', { name: 'Download version 3' }).getAttribute('href')).toBe(
      `#/item/${upgraded.contentId}`,
    );
  });

  it('explains a refused queued return as a sentence', () => {
    const fake = installFakeShelf({});
    render(<Notices />);
    refuse(fake, 'Atlas', 'limit 5/30d');
    expect(screen.getByText('The return of “Atlas” was refused')).toBeTruthy();
    expect(
      screen.getByText(
        'You have used every return your returns limit allows for now (all your returns count). It is back in your library.',
      ),
    ).toBeTruthy();
    expect(screen.queryByText(/limit 5\/30d|RETURN_LIMIT_REACHED/)).toBeNull();
  });

  it('folds many returns told at once into one summary per outcome', () => {
    const fake = installFakeShelf({});
    render(<Notices />);
    const confirm = (title: string) =>
      act(() => fake.emit('return.confirmed', { receipt: sampleReceipt({ title }) }));
    for (const title of ['One', 'Two', 'Three']) confirm(title);
    expect(screen.getByText('Return of “Three” confirmed')).toBeTruthy();
    for (let i = 0; i < 7; i++) confirm(`More ${i}`);
    expect(screen.getByText('10 returns confirmed')).toBeTruthy();
    expect(screen.queryByText(/^Return of “/)).toBeNull();
    expect(screen.getByRole('link', { name: 'Show receipts' }).getAttribute('href')).toBe(
      '#/wallet',
    );

    refuse(fake, 'Refused one', 'limit');
    expect(screen.getByText('The return of “Refused one” was refused')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Dismiss' })).toHaveLength(2);
  });
});

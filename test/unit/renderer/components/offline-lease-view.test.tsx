import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ItemFacts } from '../../../../renderer/src/components/item-facts';
import { ErrorMessage } from '../../../../renderer/src/components/error-message';
import { formatDateTime, leaseEndedSentence } from '../../../../renderer/src/lib/format';
import { libraryDetail } from '../fake-shelf';

afterEach(cleanup);

const DAY = 86_400_000;

describe('the offline lease on screen', () => {
  it('the details say until when the content opens offline, or that a sync is needed', () => {
    const until = new Date(Date.now() + 12 * DAY).toISOString();
    render(<ItemFacts item={libraryDetail({ offlineUntil: until })} />);
    expect(screen.getByTestId('offline-until').textContent).toBe(
      `Usable offline until ${formatDateTime(until)}`,
    );
    cleanup();
    render(
      <ItemFacts
        item={libraryDetail({ offlineUntil: new Date(Date.now() - DAY).toISOString() })}
      />,
    );
    expect(screen.getByTestId('offline-until').textContent).toBe('Sync to open again');
    cleanup();
    render(<ItemFacts item={libraryDetail({ offlineUntil: null })} />);
    expect(screen.getByTestId('offline-until').textContent).toBe('Sync to open again');
  });

  it('a computer clock behind the time the core last confirmed is named, in the details and on a refused open', () => {
    const until = new Date(Date.now() + 12 * DAY).toISOString();
    render(<ItemFacts item={libraryDetail({ offlineUntil: until, offlineClockBehind: true })} />);
    expect(screen.getByTestId('offline-until').textContent).toBe(
      "Your computer's clock is behind; sync to open offline",
    );
    cleanup();
    render(<ErrorMessage error={{ code: 'DEVICE_CLOCK_BEHIND', message: 'from the bridge' }} />);
    expect(screen.getByRole('alert').textContent).toContain(
      "Your computer's clock is behind, so this content cannot open offline.",
    );
  });

  it('a refused open names the date the lease ended (as the viewer screen builds it)', () => {
    const ended = new Date(Date.now() - 2 * DAY).toISOString();
    const sentence = leaseEndedSentence(ended);
    render(
      <ErrorMessage
        error={{ code: 'OFFLINE_LEASE_EXPIRED', message: 'from the bridge' }}
        onRetry={() => {}}
        sentences={sentence ? { OFFLINE_LEASE_EXPIRED: sentence } : undefined}
      />,
    );
    expect(screen.getByRole('alert').querySelector('p')?.textContent).toBe(
      `This content could be used offline until ${formatDateTime(ended)}, and that time has passed. Connect to the internet and sync to open it again.`,
    );
    cleanup();
    // Without a date (no lease lists it), the registry's sentence.
    expect(leaseEndedSentence(null)).toBeUndefined();
    render(<ErrorMessage error={{ code: 'OFFLINE_LEASE_EXPIRED' }} />);
    expect(screen.getByRole('alert').textContent).toContain(
      'the license server has not confirmed it recently enough',
    );
  });
});

import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpdateState } from '../../../../shared/ipc/updates';
import { UpdateSection } from '../../../../renderer/src/components/update-section';
import { installFakeShelf } from '../fake-shelf';

afterEach(cleanup);

const state = (status: UpdateState['status'], extra: Partial<UpdateState> = {}): UpdateState => ({
  status,
  version: null,
  percent: null,
  message: null,
  ...extra,
});

describe('UpdateSection', () => {
  it('follows a download pushed by main, then offers "Restart to update"', async () => {
    const fake = installFakeShelf({
      'update.status': () => state('idle'),
      'update.check': () => state('available', { version: '0.2.0', percent: 0 }),
      'update.install': () => ({ restarting: true }),
    });
    render(<UpdateSection />);
    fireEvent.click(await screen.findByRole('button', { name: 'Check for updates' }));
    expect(await screen.findByText(/Version 0\.2\.0 is available/)).toBeTruthy();
    act(() =>
      fake.emit('update.status', state('downloading', { version: '0.2.0', percent: 42.7 })),
    );
    expect(screen.getByRole('progressbar', { name: 'Update download' }).getAttribute('value')).toBe(
      '42.7',
    );
    expect(screen.getByText('42%')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Restart to update' })).toBeNull();
    act(() => fake.emit('update.status', state('ready', { version: '0.2.0', percent: 100 })));
    expect(screen.getByText(/Version 0\.2\.0 is ready/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Restart to update' }));
    await vi.waitFor(() => expect(fake.callsTo('update.install')).toEqual([{}]));
  });

  it('says the desktop app manages updates in the browser host, with no buttons', async () => {
    installFakeShelf({ 'update.status': () => state('unsupported') });
    render(<UpdateSection />);
    expect(
      await screen.findByText('Updates are managed by the Shelfkeeper desktop app.'),
    ).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows a failed update as its sentence and lets the user try again', async () => {
    installFakeShelf({
      'update.status': () =>
        state('error', { message: 'The update could not be checked or downloaded.' }),
    });
    render(<UpdateSection />);
    expect(await screen.findByText('The update could not be checked or downloaded.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Check for updates' })).toBeTruthy();
  });
});

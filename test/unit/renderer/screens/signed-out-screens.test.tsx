import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { SignedOutScreens } from '../../../../renderer/src/screens/signed-out-screens';
import { installFakeShelf } from '../fake-shelf';

afterEach(cleanup);

const signedOut = {
  signedIn: false,
  user: null,
  deviceId: null,
  serverUrl: 'http://127.0.0.1:4000',
};

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('the signed-out screens', () => {
  it('creates an account, then says where the confirmation link went and can send it again', async () => {
    const fake = installFakeShelf({
      'account.register': (input) => ({ email: input.email.toLowerCase() }),
      'account.resendConfirmation': (input) => ({ email: input.email }),
    });
    render(<SignedOutScreens account={signedOut} onSignedIn={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Create an account' }));
    const heading = screen.getByRole('heading', { name: 'Create a Shelfkeeper account' });
    // Focus moves to the new screen's heading, not back to the top of the page.
    await vi.waitFor(() => expect(document.activeElement).toBe(heading));
    type('Your name', ' Nell ');
    type('Email', 'Nell@Example.com');
    type('Password', 'long enough');
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('heading', { name: 'Check your mail' })).toBeTruthy();
    expect(screen.getByText(/We sent a mail to nell@example.com/).textContent).toContain(
      'The link works for 48 hours.',
    );
    expect(fake.callsTo('account.register')).toEqual([
      { name: 'Nell', email: 'Nell@Example.com', password: 'long enough' },
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Send the link again' }));
    expect((await screen.findByRole('status')).textContent).toContain('Sent again.');
    expect(fake.callsTo('account.resendConfirmation')).toEqual([{ email: 'nell@example.com' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Back to sign in' }));
    expect(screen.getByRole('heading', { name: 'Sign in to Shelfkeeper' })).toBeTruthy();
  });

  it('explains an unconfirmed address after sign-in and offers the link again', async () => {
    const fake = installFakeShelf({
      'account.signIn': () => {
        throw new AppError('EMAIL_NOT_CONFIRMED');
      },
      'account.resendConfirmation': (input) => ({ email: input.email }),
    });
    render(<SignedOutScreens account={signedOut} onSignedIn={() => {}} />);
    type('Email', 'new@example.com');
    type('Password', 'long enough');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Your email address is not confirmed yet. Open the link in the mail we sent you, or have it sent again.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send the link again' }));
    expect(await screen.findByRole('heading', { name: 'Check your mail' })).toBeTruthy();
    expect(fake.callsTo('account.resendConfirmation')).toEqual([{ email: 'new@example.com' }]);
  });

  it('asks for a reset link with the email typed so far, and promises nothing about the account', async () => {
    const fake = installFakeShelf({
      'account.requestPasswordReset': (input) => ({ email: input.email }),
    });
    render(<SignedOutScreens account={signedOut} onSignedIn={() => {}} />);
    type('Email', 'me@example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Forgot your password?' }));
    expect(screen.getByRole('heading', { name: 'Set a new password' })).toBeTruthy();
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('me@example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Send the link' }));
    const text = await screen.findByText(/If me@example.com has a Shelfkeeper account/);
    expect(text.textContent).toContain('The link works for one hour.');
    expect(screen.queryByRole('button', { name: 'Send the link again' })).toBeNull();
    expect(fake.callsTo('account.requestPasswordReset')).toEqual([{ email: 'me@example.com' }]);
  });

  it('shows a refused sign-up as a sentence', async () => {
    const onSignedIn = vi.fn();
    installFakeShelf({
      'account.register': () => {
        throw new AppError('RATE_LIMITED');
      },
    });
    render(<SignedOutScreens account={signedOut} onSignedIn={onSignedIn} />);
    fireEvent.click(screen.getByRole('button', { name: 'Create an account' }));
    type('Your name', 'N');
    type('Email', 'n@example.com');
    type('Password', 'long enough');
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Too many accounts were created from here just now. Please try again later.',
    );
    expect(onSignedIn).not.toHaveBeenCalled();
  });
});

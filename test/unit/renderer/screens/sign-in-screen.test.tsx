import { randomUUID } from 'node:crypto';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { SignInScreen } from '../../../../renderer/src/screens/sign-in-screen';
import { installFakeShelf } from '../fake-shelf';

afterEach(cleanup);

const signedOut = {
  signedIn: false,
  user: null,
  deviceId: null,
  serverUrl: 'http://127.0.0.1:4000',
};

const callbacks = {
  onCreateAccount: () => {},
  onForgotPassword: () => {},
  onConfirmationSent: () => {},
};

function fillAndSubmit() {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'demo@shelfkeeper.test' } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInScreen', () => {
  it('signs in and tells the app', async () => {
    const onSignedIn = vi.fn();
    const fake = installFakeShelf({
      'account.signIn': (input) => ({
        signedIn: true,
        user: { id: randomUUID(), email: input.email, name: 'Demo' },
        deviceId: randomUUID(),
        serverUrl: signedOut.serverUrl,
      }),
    });
    render(<SignInScreen {...callbacks} account={signedOut} onSignedIn={onSignedIn} />);
    fillAndSubmit();
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(fake.callsTo('account.signIn')).toEqual([
      { email: 'demo@shelfkeeper.test', password: 'secret' },
    ]);
  });

  it('shows a refused sign-in as a sentence, never the code', async () => {
    installFakeShelf({
      'account.signIn': () => {
        throw new AppError('UNAUTHENTICATED', 'bad credentials');
      },
    });
    render(<SignInScreen {...callbacks} account={signedOut} onSignedIn={() => {}} />);
    fillAndSubmit();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'That email and password do not match an account on this server.',
    );
    expect(alert.textContent).not.toContain('UNAUTHENTICATED');
  });

  it('refuses http:// to another computer with a sentence, and accepts it for this one', async () => {
    const fake = installFakeShelf({
      'settings.set': (patch) => ({ serverUrl: patch.serverUrl ?? '', theme: 'system' }),
    });
    render(<SignInScreen {...callbacks} account={signedOut} onSignedIn={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Change server' }));
    const field = screen.getByLabelText('License server address');
    fireEvent.change(field, { target: { value: 'http://shelf.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save address' }));
    const sentence = await screen.findByText(/must start with https:\/\//);
    expect(sentence.textContent).toContain('only for a server on this computer');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(fake.callsTo('settings.set')).toEqual([]);
    fireEvent.change(field, { target: { value: 'http://localhost:8787' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save address' }));
    expect(await screen.findByText(/Saved/)).toBeTruthy();
    expect(screen.queryByText(/must start with https:\/\//)).toBeNull();
    expect(fake.callsTo('settings.set')).toEqual([{ serverUrl: 'http://localhost:8787' }]);
  });

  it('changes the server address, refusing one that is not http(s)', async () => {
    const fake = installFakeShelf({
      'settings.set': (patch) => ({ serverUrl: patch.serverUrl ?? '', theme: 'system' }),
    });
    render(<SignInScreen {...callbacks} account={signedOut} onSignedIn={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Change server' }));
    const field = screen.getByLabelText('License server address');
    fireEvent.change(field, { target: { value: 'ftp://nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save address' }));
    expect(await screen.findByText(/Enter a full address starting with http/)).toBeTruthy();
    expect(fake.callsTo('settings.set')).toEqual([]);
    fireEvent.change(field, { target: { value: 'https://shelf.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save address' }));
    expect(await screen.findByText(/Saved/)).toBeTruthy();
    expect(screen.getByText('https://shelf.example.com')).toBeTruthy();
    expect(fake.callsTo('settings.set')).toEqual([{ serverUrl: 'https://shelf.example.com' }]);
  });
});

import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Account } from '../../../shared/ipc/contract';
import { ErrorMessage } from '../components/error-message';
import { ServerUrlForm } from '../components/server-url-form';
import { useAction } from '../hooks/use-action';
import { errorCode } from '../lib/errors';
import { getShelf } from '../lib/shelf';

const SIGN_IN_SENTENCES = {
  UNAUTHENTICATED: 'That email and password do not match an account on this server.',
  EMAIL_NOT_CONFIRMED:
    'Your email address is not confirmed yet. Open the link in the mail we sent you, or have it sent again.',
  VALIDATION_FAILED: 'Enter your email address and your password.',
} as const;

interface Props {
  account: Account;
  onSignedIn: () => void;
  onCreateAccount: () => void;
  /** With the email typed so far, so the reset form starts with it. */
  onForgotPassword: (email: string) => void;
  /** A new confirmation link was mailed to `email` (after EMAIL_NOT_CONFIRMED). */
  onConfirmationSent: (email: string) => void;
}

/** Email and password against the license server, whose address can be changed right here. */
export function SignInScreen({
  account,
  onSignedIn,
  onCreateAccount,
  onForgotPassword,
  onConfirmationSent,
}: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [serverUrl, setServerUrl] = useState(account.serverUrl);
  const [editServer, setEditServer] = useState(false);
  const signIn = useAction(async () =>
    getShelf().invoke('account.signIn', { email: email.trim(), password }),
  );

  const resend = useAction(async () =>
    getShelf().invoke('account.resendConfirmation', { email: email.trim() }),
  );
  const unconfirmed = errorCode(signIn.error) === 'EMAIL_NOT_CONFIRMED';

  const onResend = async () => {
    const sent = await resend.run();
    if (sent) onConfirmationSent(sent.email);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await signIn.run();
    if (result?.signedIn) onSignedIn();
  };

  return (
    <main className="center-screen sign-in">
      <h1 tabIndex={-1}>Sign in to Shelfkeeper</h1>
      <form className="form card" onSubmit={(e) => void onSubmit(e)}>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorMessage error={signIn.error} sentences={SIGN_IN_SENTENCES} />
        {unconfirmed ? (
          <>
            <ErrorMessage error={resend.error} />
            <button
              type="button"
              className="button"
              disabled={resend.pending}
              onClick={() => void onResend()}
            >
              {resend.pending ? 'Sending…' : 'Send the link again'}
            </button>
          </>
        ) : null}
        <button type="submit" className="button primary" disabled={signIn.pending}>
          {signIn.pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <nav className="account-links" aria-label="Account">
        <button type="button" className="button ghost" onClick={onCreateAccount}>
          Create an account
        </button>
        <button
          type="button"
          className="button ghost"
          onClick={() => onForgotPassword(email.trim())}
        >
          Forgot your password?
        </button>
      </nav>
      <section className="server-choice" aria-label="License server">
        <p>
          Server: <code>{serverUrl}</code>{' '}
          <button
            type="button"
            className="button ghost"
            aria-expanded={editServer}
            onClick={() => setEditServer((v) => !v)}
          >
            {editServer ? 'Done' : 'Change server'}
          </button>
        </p>
        {editServer ? <ServerUrlForm serverUrl={serverUrl} onSaved={setServerUrl} /> : null}
      </section>
    </main>
  );
}

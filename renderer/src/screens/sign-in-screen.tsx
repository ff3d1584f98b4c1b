import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Account } from '../../../shared/ipc/contract';
import { ErrorMessage } from '../components/error-message';
import { ServerUrlForm } from '../components/server-url-form';
import { useAction } from '../hooks/use-action';
import { getShelf } from '../lib/shelf';

const SIGN_IN_SENTENCES = {
  UNAUTHENTICATED: 'That email and password do not match an account on this server.',
  VALIDATION_FAILED: 'Enter your email address and your password.',
} as const;

interface Props {
  account: Account;
  onSignedIn: () => void;
}

/** Email and password against the license server, whose address can be changed right here. */
export function SignInScreen({ account, onSignedIn }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [serverUrl, setServerUrl] = useState(account.serverUrl);
  const [editServer, setEditServer] = useState(false);
  const signIn = useAction(async () =>
    getShelf().invoke('account.signIn', { email: email.trim(), password }),
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await signIn.run();
    if (result?.signedIn) onSignedIn();
  };

  return (
    <main className="center-screen sign-in">
      <h1>Sign in to Shelfkeeper</h1>
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
        <button type="submit" className="button primary" disabled={signIn.pending}>
          {signIn.pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
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

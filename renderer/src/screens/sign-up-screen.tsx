import { useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorMessage } from '../components/error-message';
import { useAction } from '../hooks/use-action';
import { getShelf } from '../lib/shelf';

const SIGN_UP_SENTENCES = {
  VALIDATION_FAILED:
    'Enter your name, a full email address and a password of at least 8 characters.',
  RATE_LIMITED: 'Too many accounts were created from here just now. Please try again later.',
} as const;

interface Props {
  /** The mail with the confirmation link is on its way to `email`. */
  onMailSent: (email: string) => void;
  onSignIn: () => void;
}

/** A new account: name, email and password; it is usable once the mailed link is opened. */
export function SignUpScreen({ onMailSent, onSignIn }: Props) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const register = useAction(async () =>
    getShelf().invoke('account.register', { name: name.trim(), email: email.trim(), password }),
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const sent = await register.run();
    if (sent) onMailSent(sent.email);
  };

  return (
    <main className="center-screen sign-in">
      <h1 tabIndex={-1}>Create a Shelfkeeper account</h1>
      <form className="form card" onSubmit={(e) => void onSubmit(e)}>
        <label htmlFor="name">Your name</label>
        <input
          id="name"
          type="text"
          autoComplete="name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={200}
          aria-describedby="password-hint"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <p id="password-hint" className="hint">
          At least 8 characters.
        </p>
        <ErrorMessage error={register.error} sentences={SIGN_UP_SENTENCES} />
        <button type="submit" className="button primary" disabled={register.pending}>
          {register.pending ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account?{' '}
        <button type="button" className="button ghost" onClick={onSignIn}>
          Sign in
        </button>
      </p>
    </main>
  );
}

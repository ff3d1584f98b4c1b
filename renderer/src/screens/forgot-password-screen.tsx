import { useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorMessage } from '../components/error-message';
import { useAction } from '../hooks/use-action';
import { getShelf } from '../lib/shelf';

const RESET_SENTENCES = {
  VALIDATION_FAILED: 'Enter the full email address of your account.',
  RATE_LIMITED: 'Several links were asked for just now. Please wait an hour, or use the last mail.',
} as const;

interface Props {
  email: string;
  onMailSent: (email: string) => void;
  onSignIn: () => void;
}

/** Asks for a password reset link; the link opens the server's page to choose the new one. */
export function ForgotPasswordScreen({ email: initial, onMailSent, onSignIn }: Props) {
  const [email, setEmail] = useState(initial);
  const request = useAction(async () =>
    getShelf().invoke('account.requestPasswordReset', { email: email.trim() }),
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const sent = await request.run();
    if (sent) onMailSent(sent.email);
  };

  return (
    <main className="center-screen sign-in">
      <h1 tabIndex={-1}>Set a new password</h1>
      <form className="form card" onSubmit={(e) => void onSubmit(e)}>
        <p className="hint">
          We mail you a link to choose a new password. Setting it signs your account out on every
          device.
        </p>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <ErrorMessage error={request.error} sentences={RESET_SENTENCES} />
        <button type="submit" className="button primary" disabled={request.pending}>
          {request.pending ? 'Sending…' : 'Send the link'}
        </button>
      </form>
      <p>
        <button type="button" className="button ghost" onClick={onSignIn}>
          Back to sign in
        </button>
      </p>
    </main>
  );
}

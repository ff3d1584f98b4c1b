import { ErrorMessage } from '../components/error-message';
import { useAction } from '../hooks/use-action';
import { getShelf } from '../lib/shelf';

export type MailPurpose = 'confirm' | 'reset';

interface Props {
  email: string;
  purpose: MailPurpose;
  onSignIn: () => void;
}

/*
 * The words promise only what the server does: it answers the same whether or not an address has
 * an account (docs/design.md §7.11), so the screen cannot say more, and the link lifetimes are
 * the server's (48 hours to confirm, one hour to reset).
 */
const TEXT: Record<MailPurpose, { title: string; body: (email: string) => string }> = {
  confirm: {
    title: 'Check your mail',
    body: (email) =>
      `We sent a mail to ${email}. Open the link in it to confirm your address, then come back and sign in. The link works for 48 hours.`,
  },
  reset: {
    title: 'Check your mail',
    body: (email) =>
      `If ${email} has a Shelfkeeper account, we sent it a link to set a new password. Open it, choose your new password, then sign in here with it. The link works for one hour.`,
  },
};

/** After a sign-up or a reset request: where the link went, and what to do with it. */
export function CheckMailScreen({ email, purpose, onSignIn }: Props) {
  const resend = useAction(async () => getShelf().invoke('account.resendConfirmation', { email }));
  const text = TEXT[purpose];

  return (
    <main className="center-screen sign-in">
      <h1 tabIndex={-1}>{text.title}</h1>
      <div className="card check-mail">
        <p>{text.body(email)}</p>
        {purpose === 'confirm' ? (
          <>
            <p className="hint">No mail? Look in your spam folder, or have it sent again.</p>
            <ErrorMessage error={resend.error} />
            {resend.result ? (
              <p className="field-ok" role="status">
                Sent again. Use the link in the newest mail.
              </p>
            ) : null}
            <button
              type="button"
              className="button"
              disabled={resend.pending}
              onClick={() => void resend.run()}
            >
              {resend.pending ? 'Sending…' : 'Send the link again'}
            </button>
          </>
        ) : null}
        <button type="button" className="button primary" onClick={onSignIn}>
          Back to sign in
        </button>
      </div>
    </main>
  );
}

import { useState } from 'react';
import type { FormEvent } from 'react';
import { ErrorMessage } from './error-message';
import { useAction } from '../hooks/use-action';
import { getShelf } from '../lib/shelf';

/** Which field a refused change was about: the server names `currentPassword` when it is wrong. */
function wrongCurrent(error: unknown): boolean {
  const issues = (error as { issues?: { path: string }[] } | null)?.issues ?? [];
  return issues.some((issue) => issue.path === 'currentPassword');
}

/** The signed-in password change; every other device is signed out by it. */
export function ChangePasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useAction(async () =>
    getShelf().invoke('account.changePassword', { currentPassword: current, newPassword: next }),
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (await change.run()) {
      setCurrent('');
      setNext('');
    }
  };

  const ended = change.result?.otherSessionsEnded;
  return (
    <form
      className="form change-password"
      aria-label="Change password"
      onSubmit={(e) => void onSubmit(e)}
    >
      <label htmlFor="current-password">Current password</label>
      <input
        id="current-password"
        type="password"
        autoComplete="current-password"
        required
        maxLength={200}
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <label htmlFor="new-password">New password</label>
      <input
        id="new-password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={200}
        aria-describedby="new-password-hint"
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      <p id="new-password-hint" className="hint">
        At least 8 characters. Your other devices are signed out and sign in with the new one.
      </p>
      <ErrorMessage
        error={change.error}
        sentences={{
          VALIDATION_FAILED: wrongCurrent(change.error)
            ? 'The current password is not right, so nothing was changed.'
            : 'The new password must have at least 8 characters.',
        }}
      />
      {ended !== undefined && !change.error ? (
        <p className="field-ok" role="status">
          Password changed.{' '}
          {ended === 0
            ? 'No other device was signed in.'
            : ended === 1
              ? 'One other session was signed out.'
              : `${ended} other sessions were signed out.`}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={change.pending}>
        {change.pending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}

import { useState } from 'react';
import type { Settings } from '../../../shared/ipc/contract';
import { ChangePasswordForm } from '../components/change-password-form';
import { ErrorMessage } from '../components/error-message';
import { ServerUrlForm } from '../components/server-url-form';
import { UpdateSection } from '../components/update-section';
import { useAction } from '../hooks/use-action';
import { useChannel } from '../hooks/use-channel';
import { getShelf } from '../lib/shelf';

interface Props {
  onSignedOut: () => void;
  onSettingsChanged: () => void;
}

const THEMES: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Server address, theme, account, the app's updates. */
export function SettingsScreen({ onSignedOut, onSettingsChanged }: Props) {
  const settings = useChannel('settings.get', {});
  const account = useChannel('account.get', {});
  // Shown at once on click; the saved value takes over when it comes back.
  const [chosenTheme, setChosenTheme] = useState<Settings['theme'] | null>(null);
  const setTheme = useAction(async (theme: Settings['theme']) => {
    setChosenTheme(theme);
    await getShelf().invoke('settings.set', { theme });
    settings.reload();
    onSettingsChanged();
  });
  const signOut = useAction(async () => {
    await getShelf().invoke('account.signOut', {});
    onSignedOut();
  });

  return (
    <div className="screen settings">
      <h1>Settings</h1>
      <ErrorMessage error={settings.error} onRetry={settings.reload} />
      {settings.data ? (
        <>
          <section className="card">
            <h2>License server</h2>
            <ServerUrlForm serverUrl={settings.data.serverUrl} onSaved={onSettingsChanged} />
          </section>
          <section className="card">
            <fieldset className="theme-choice">
              <legend>Theme</legend>
              {THEMES.map((theme) => (
                <label key={theme.value} className="radio">
                  <input
                    type="radio"
                    name="theme"
                    value={theme.value}
                    checked={(chosenTheme ?? settings.data?.theme) === theme.value}
                    onChange={() => void setTheme.run(theme.value)}
                  />
                  {theme.label}
                </label>
              ))}
            </fieldset>
            <ErrorMessage error={setTheme.error} />
          </section>
        </>
      ) : null}
      <section className="card">
        <h2>Account</h2>
        {account.data?.user ? (
          <p>
            Signed in as <strong>{account.data.user.name}</strong> ({account.data.user.email}).
          </p>
        ) : null}
        <button
          type="button"
          className="button"
          onClick={() => void signOut.run()}
          disabled={signOut.pending}
        >
          Sign out
        </button>
        <ErrorMessage error={signOut.error} />
        <h3>Password</h3>
        <ChangePasswordForm />
      </section>
      <UpdateSection />
    </div>
  );
}

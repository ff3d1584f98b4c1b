import { AppShell } from './components/app-shell';
import { useChannel } from './hooks/use-channel';
import { useTheme } from './hooks/use-theme';
import { hasShelf } from './lib/shelf';
import { SignedOutScreens } from './screens/signed-out-screens';
import { ErrorMessage } from './components/error-message';
import { dropBootAnswers, firstRenderCommitted } from './lib/boot';
import { useEffect } from 'react';
import { APP_STARTED_MARK } from '../../shared/app-started-mark';

/** Signed out → the sign-in screen; signed in → the app. Applies the theme either way. */
export function App() {
  useEffect(() => {
    firstRenderCommitted();
    performance.mark(APP_STARTED_MARK);
  }, []);
  if (!hasShelf()) {
    return (
      <main className="center-screen">
        <h1>Shelfkeeper</h1>
        <p>This page must be opened from the Shelfkeeper app; it cannot reach your library here.</p>
      </main>
    );
  }
  return <Root />;
}

function Root() {
  const account = useChannel('account.get', {}, ['library.changed']);
  const settings = useChannel('settings.get', {});
  useTheme(settings.data?.theme);
  const signedOut = account.data?.signedIn === false;
  // The library's answers the boot asked are not for the account signed in later.
  useEffect(() => {
    if (signedOut) dropBootAnswers();
  }, [signedOut]);

  if (!account.data) {
    return (
      <main className="center-screen" aria-busy={account.loading}>
        {account.error ? (
          <ErrorMessage error={account.error} onRetry={account.reload} />
        ) : (
          <p>Opening your library…</p>
        )}
      </main>
    );
  }
  if (!account.data.signedIn) {
    return <SignedOutScreens account={account.data} onSignedIn={account.reload} />;
  }
  return (
    <AppShell
      account={account.data}
      onSignedOut={account.reload}
      onSettingsChanged={settings.reload}
    />
  );
}

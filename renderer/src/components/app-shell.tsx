import { lazy, Suspense, useEffect, useRef } from 'react';
import type { Account } from '../../../shared/ipc/contract';
import { AudioPlayerProvider } from '../hooks/audio-player';
import { useScreenFocus } from '../hooks/use-screen-focus';
import { useChannel } from '../hooks/use-channel';
import { useRoute } from '../hooks/use-route';
import type { Route } from '../hooks/use-route';
import { useSyncStatus } from '../hooks/use-sync-status';
import { useSyncOnReconnect } from '../hooks/use-sync-on-reconnect';
import { dropBootAnswers } from '../lib/boot';
import { formatPoints } from '../lib/format';
import { LibraryScreen } from '../screens/library-screen';
import { MiniPlayer } from './mini-player';
import { NavBar } from './nav-bar';
import { Notices } from './notices';
import { StatusPill } from './status-pill';

interface Props {
  account: Account;
  onSignedOut: () => void;
  onSettingsChanged: () => void;
}

/*
 * Every screen but the library (the first route) is its own chunk, loaded when first opened: the
 * viewer alone brings pdf.js, and parsing the whole app before the library's first paint cost
 * about a third of it (bench/findings.md, renderer first paint, 2026-11-29 late).
 */
const ItemScreen = lazy(() =>
  import('../screens/item-screen').then((m) => ({ default: m.ItemScreen })),
);
const ViewerScreen = lazy(() =>
  import('../screens/viewer-screen').then((m) => ({ default: m.ViewerScreen })),
);
const StoreScreen = lazy(() =>
  import('../screens/store-screen').then((m) => ({ default: m.StoreScreen })),
);
const WalletScreen = lazy(() =>
  import('../screens/wallet-screen').then((m) => ({ default: m.WalletScreen })),
);
const SyncScreen = lazy(() =>
  import('../screens/sync-screen').then((m) => ({ default: m.SyncScreen })),
);
const DevicesScreen = lazy(() =>
  import('../screens/devices-screen').then((m) => ({ default: m.DevicesScreen })),
);
const SettingsScreen = lazy(() =>
  import('../screens/settings-screen').then((m) => ({ default: m.SettingsScreen })),
);

/** The signed-in frame: header (sync state, balance), navigation, the current screen, notices. */
export function AppShell({ account, onSignedOut, onSettingsChanged }: Props) {
  const route = useRoute();
  const mainRef = useRef<HTMLElement>(null);
  useScreenFocus(route, mainRef);
  const sync = useSyncStatus();
  useSyncOnReconnect();
  const wallet = useChannel('wallet.get', {}, ['wallet.changed']);
  // Answers the boot asked for the library screen are not for a later visit to it.
  useEffect(() => {
    if (route.screen !== 'library') dropBootAnswers();
  }, [route.screen]);

  return (
    <AudioPlayerProvider>
      <div className="shell">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="topbar">
          <span className="brand">Shelfkeeper</span>
          <StatusPill status={sync.status} />
          {wallet.data ? (
            <a
              className="balance"
              href="#/wallet"
              aria-label={`Points balance: ${formatPoints(wallet.data.balance)}`}
            >
              {formatPoints(wallet.data.balance)}
            </a>
          ) : null}
          <span className="user" title={account.user?.email}>
            {account.user?.name}
          </span>
        </header>
        <NavBar route={route} />
        <main id="main" className="main" tabIndex={-1} ref={mainRef}>
          <Suspense fallback={<div className="screen" aria-busy="true" />}>
            <Screen
              route={route}
              syncStatus={sync.status}
              onSignedOut={onSignedOut}
              onSettingsChanged={onSettingsChanged}
            />
          </Suspense>
        </main>
        <MiniPlayer />
        <Notices />
      </div>
    </AudioPlayerProvider>
  );
}

function Screen({
  route,
  syncStatus,
  onSignedOut,
  onSettingsChanged,
}: {
  route: Route;
  syncStatus: ReturnType<typeof useSyncStatus>['status'];
  onSignedOut: () => void;
  onSettingsChanged: () => void;
}) {
  switch (route.screen) {
    case 'item':
      return (
        <ItemScreen key={route.contentId} contentId={route.contentId} syncStatus={syncStatus} />
      );
    case 'viewer':
      return <ViewerScreen key={route.contentId} contentId={route.contentId} />;
    case 'store':
      return <StoreScreen />;
    case 'wallet':
      return <WalletScreen />;
    case 'sync':
      return <SyncScreen />;
    case 'devices':
      return <DevicesScreen onSignedOut={onSignedOut} />;
    case 'settings':
      return <SettingsScreen onSignedOut={onSignedOut} onSettingsChanged={onSettingsChanged} />;
    default:
      return <LibraryScreen syncStatus={syncStatus} />;
  }
}

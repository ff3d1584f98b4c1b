import type { Route } from '../hooks/use-route';

const LINKS: { screen: Route['screen']; label: string }[] = [
  { screen: 'library', label: 'Library' },
  { screen: 'store', label: 'Store' },
  { screen: 'wallet', label: 'Wallet & history' },
  { screen: 'sync', label: 'Sync status' },
  { screen: 'devices', label: 'Devices' },
  { screen: 'settings', label: 'Settings' },
];

/** The main navigation; the item screens count as the library. */
export function NavBar({ route }: { route: Route }) {
  const active = route.screen === 'item' || route.screen === 'viewer' ? 'library' : route.screen;
  return (
    <nav className="nav" aria-label="Main">
      <ul>
        {LINKS.map((link) => (
          <li key={link.screen}>
            <a href={`#/${link.screen}`} aria-current={active === link.screen ? 'page' : undefined}>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

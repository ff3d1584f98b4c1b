import type { LibraryItem } from '../../../shared/ipc/library';

type BadgeSource = Pick<
  LibraryItem,
  'downloaded' | 'state' | 'version' | 'latestVersion' | 'lastReturnError'
>;

/** What a library item's state means to the user, as short labelled badges. */
export function ItemBadges({ item }: { item: BadgeSource }) {
  return (
    <span className="badges">
      <span className="badge version" title={`Version ${item.version}`}>
        v{item.version}
      </span>
      {item.downloaded ? <span className="badge ok">Downloaded</span> : null}
      {item.state !== 'active' ? <span className="badge pending">Return pending</span> : null}
      {item.latestVersion > item.version && item.state === 'active' ? (
        <span className="badge upgrade">Upgrade available</span>
      ) : null}
      {item.lastReturnError ? <span className="badge danger">Return refused</span> : null}
    </span>
  );
}

import type { ReturnPolicy } from '../../../shared/api/catalog';
import type { LibraryItem } from '../../../shared/ipc/library';
import { policyGivesVersion } from '../lib/return-kind-wording';

type BadgeSource = Pick<
  LibraryItem,
  'downloaded' | 'state' | 'version' | 'latestVersion' | 'lastReturnError'
> & {
  /** Known on the item page: says whether a trade-in would give the newer version. */
  returnPolicy?: ReturnPolicy | null;
};

/** What a library item's state means to the user, as short labelled badges. */
export function ItemBadges({ item }: { item: BadgeSource }) {
  const newer = item.latestVersion > item.version && item.state === 'active';
  // "Upgrade available" is a promise: only where the policy trades in for the newest version.
  const upgrade = newer && policyGivesVersion(item.returnPolicy);
  return (
    <span className="badges">
      <span className="badge version" title={`Version ${item.version}`}>
        {`v${item.version}`}
      </span>
      {item.downloaded ? <span className="badge ok">Downloaded</span> : null}
      {item.state !== 'active' ? <span className="badge pending">Return pending</span> : null}
      {upgrade ? <span className="badge upgrade">Upgrade available</span> : null}
      {newer && !upgrade ? (
        <span className="badge version">Version {item.latestVersion} out</span>
      ) : null}
      {item.lastReturnError ? (
        item.lastReturnError.code === 'QUOTE_EXPIRED' ? (
          <span className="badge pending">Offer expired</span>
        ) : (
          <span className="badge danger">Return refused</span>
        )
      ) : null}
    </span>
  );
}

import type { StoreItem } from '../../../shared/ipc/contract';
import { formatMoney, kindLabel } from '../lib/format';
import { KIND_WORDING } from '../lib/return-kind-wording';
import { PolicyTerms } from './policy-terms';

interface Props {
  item: StoreItem;
  onBuy: (item: StoreItem) => void;
}

/** A catalog item: what it is, its price and its return terms, and the buy action. */
export function StoreCard({ item, onBuy }: Props) {
  return (
    <article
      className={`store-card card kind-${item.kind}`}
      data-testid="store-item"
      aria-labelledby={`store-${item.contentId}`}
    >
      <header>
        <h2 id={`store-${item.contentId}`}>{item.title}</h2>
        <p className="card-meta">
          {item.creator} · {kindLabel(item.kind)} · version {item.version}
        </p>
      </header>
      <p className="description">{item.description}</p>
      <PolicyTerms item={item} />
      {!item.owned && item.held && <HeldVersion item={item} held={item.held} />}
      <footer className="store-card-foot">
        <span className="price">{formatMoney(item.priceCents)}</span>
        {item.owned ? (
          <a className="button" href={`#/item/${item.contentId}`}>
            In your library
          </a>
        ) : (
          <button
            type="button"
            className="button primary"
            onClick={() => onBuy(item)}
            aria-label={
              item.held
                ? `Buy ${item.title} version ${item.version} (you own version ${item.held.version})`
                : `Buy ${item.title}`
            }
          >
            {item.held ? `Buy version ${item.version}…` : 'Buy…'}
          </button>
        )}
      </footer>
    </article>
  );
}

/**
 * The user holds another version of this product: say so before they pay for it again, and
 * where a trade-in of the held version would give this one (the newest), point there.
 */
function HeldVersion({ item, held }: { item: StoreItem; held: NonNullable<StoreItem['held']> }) {
  const upgradeBy =
    held.version < item.version && item.version === item.latestVersion ? held.upgradeBy : null;
  return (
    <p className="held-version" data-testid="held-version">
      You own version {held.version}.{' '}
      {upgradeBy ? (
        <>
          {KIND_WORDING[upgradeBy].verb} version {held.version} to get this version without buying
          it: <a href={`#/item/${held.contentId}`}>see its return options</a>.
        </>
      ) : (
        <a href={`#/item/${held.contentId}`}>Open version {held.version}</a>
      )}
    </p>
  );
}

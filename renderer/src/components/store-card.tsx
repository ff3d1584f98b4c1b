import type { StoreItem } from '../../../shared/ipc/contract';
import { formatMoney, kindLabel } from '../lib/format';
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
            aria-label={`Buy ${item.title}`}
          >
            Buy…
          </button>
        )}
      </footer>
    </article>
  );
}

import { useEffect, useState } from 'react';
import type { StoreItem } from '../../../shared/ipc/contract';
import { formatMoney, kindLabel } from '../lib/format';
import { getShelf } from '../lib/shelf';
import { KIND_WORDING } from '../lib/return-kind-wording';
import { PolicyTerms } from './policy-terms';

interface Props {
  item: StoreItem;
  onBuy: (item: StoreItem) => void;
}

/**
 * Catalog covers already asked, by their sha256 (a cover's bytes never change under it): a new
 * search or page shows them at once. Bounded like the library's.
 */
const covers = new Map<string, Promise<string | null>>();
const COVERS_KEPT = 600;

function storeCover(contentId: string, sha256: string): Promise<string | null> {
  const known = covers.get(sha256);
  if (known) return known;
  const asked = getShelf()
    .invoke('store.cover', { contentId })
    .then(
      (found) => found.dataUrl,
      () => {
        covers.delete(sha256); // offline or the server busy: asked again when shown again
        return null;
      },
    );
  if (covers.size >= COVERS_KEPT) covers.delete(covers.keys().next().value as string);
  covers.set(sha256, asked);
  return asked;
}

/**
 * The item's catalog cover (docs/design.md §12.4), asked through the core; the kind's coloured
 * letter tile while it loads and when the item has none. Decorative: the title says what it is.
 */
function StoreCover({ item }: { item: StoreItem }) {
  const [shown, setShown] = useState<{ sha256: string; url: string | null } | null>(null);
  const { contentId } = item;
  const sha256 = item.cover?.sha256;
  useEffect(() => {
    if (!sha256) return undefined;
    let live = true;
    void storeCover(contentId, sha256).then((url) => {
      if (live) setShown({ sha256, url });
    });
    return () => {
      live = false;
    };
  }, [contentId, sha256]);
  const url = sha256 && shown?.sha256 === sha256 ? shown.url : null;
  return (
    <span className={`store-cover${url ? ' has-image' : ''}`} aria-hidden="true">
      {url ? (
        <img src={url} alt="" data-testid="store-cover-image" />
      ) : (
        item.title.slice(0, 1).toUpperCase()
      )}
    </span>
  );
}

/** A catalog item: its cover, what it is, its price and its return terms, and the buy action. */
export function StoreCard({ item, onBuy }: Props) {
  return (
    <article
      className={`store-card card kind-${item.kind}`}
      data-testid="store-item"
      aria-labelledby={`store-${item.contentId}`}
    >
      <StoreCover item={item} />
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

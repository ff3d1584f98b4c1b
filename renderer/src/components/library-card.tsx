import { memo } from 'react';
import type { LibraryItem } from '../../../shared/ipc/library';
import { kindLabel } from '../lib/format';
import { ItemBadges } from './item-badges';

interface Props {
  item: LibraryItem | undefined;
  layout: 'grid' | 'list';
  position: number;
  total: number;
}

/**
 * One library item: a link to its detail page. A placeholder while its page loads. Memoised:
 * while scrolling, the cards that stay on screen are not rendered again.
 */
export const LibraryCard = memo(function LibraryCard({ item, layout, position, total }: Props) {
  return (
    <div
      className={`library-cell ${layout}`}
      role="listitem"
      data-index={position - 1}
      aria-posinset={position}
      aria-setsize={total}
    >
      {item ? (
        <a
          className={`library-card ${layout} kind-${item.kind}`}
          href={`#/item/${item.contentId}`}
          data-testid="library-item"
        >
          <span className="cover" aria-hidden="true">
            {item.title.slice(0, 1).toUpperCase()}
          </span>
          <span className="card-text">
            <span className="card-title" title={item.title}>
              {item.title}
            </span>
            <span className="card-meta">
              {item.creator} · {kindLabel(item.kind)}
            </span>
            <ItemBadges item={item} />
          </span>
        </a>
      ) : (
        <div className={`library-card ${layout} placeholder`} aria-busy="true">
          <span className="visually-hidden">Loading…</span>
        </div>
      )}
    </div>
  );
});

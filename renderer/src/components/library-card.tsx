import { memo } from 'react';
import type { MouseEvent } from 'react';
import type { LibraryItem } from '../../../shared/ipc/library';
import { kindLabel } from '../lib/format';
import { Cover } from './cover';
import { ItemBadges } from './item-badges';

interface Props {
  item: LibraryItem | undefined;
  layout: 'grid' | 'list';
  position: number;
  total: number;
  selected: boolean;
  /** Ctrl/Cmd- or Shift-click: the selection changes instead of the item opening. */
  onSelect: (index: number, event: MouseEvent) => void;
}

/**
 * One library item: a link to its detail page. A placeholder while its page loads. Memoised:
 * while scrolling, the cards that stay on screen are not rendered again.
 */
export const LibraryCard = memo(function LibraryCard({
  item,
  layout,
  position,
  total,
  selected,
  onSelect,
}: Props) {
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
          className={`library-card ${layout} kind-${item.kind}${selected ? ' selected' : ''}`}
          href={`#/item/${item.contentId}`}
          data-testid="library-item"
          data-selected={selected}
          onClick={(event) => {
            if (!event.ctrlKey && !event.metaKey && !event.shiftKey) return;
            event.preventDefault();
            onSelect(position - 1, event);
          }}
        >
          <Cover item={item} className="cover" />
          <span className="card-text">
            <span className="card-title" title={item.title}>
              {item.title}
            </span>
            {selected ? <span className="visually-hidden">, selected</span> : null}
            <span className="card-meta">{`${item.creator} · ${kindLabel(item.kind)}`}</span>
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

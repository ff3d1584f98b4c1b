import { memo } from 'react';
import type { MouseEvent } from 'react';
import { LIBRARY_COLUMNS, type LibraryColumnName } from '../../../shared/ipc/library-column-list';
import type { LibraryItem } from '../../../shared/ipc/library';
import { cellText } from '../lib/library-cells';
import { Cover } from './cover';

/** A shown column and its width, in the table's order. */
export interface ShownColumn {
  name: LibraryColumnName;
  width: number;
}

interface Props {
  index: number;
  /** Undefined while its page loads: an empty row. */
  item: LibraryItem | undefined;
  selected: boolean;
  /** The same array while the columns do not change, so unchanged rows are not rendered again. */
  columns: readonly ShownColumn[];
  height: number;
  onRowClick: (index: number, event: MouseEvent) => void;
}

/**
 * One row of the library's table (docs/design.md §12.1). Memoised: while the table scrolls, only
 * the rows that come on screen render; the rows that stay are left as they are.
 */
export const LibraryTableRow = memo(function LibraryTableRow({
  index,
  item,
  selected,
  columns,
  height,
  onRowClick,
}: Props) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-index={index}
      data-testid={item ? 'library-row' : undefined}
      className={`table-row${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${index * height}px)`, height }}
      onClick={(event) => onRowClick(index, event)}
    >
      {columns.map(({ name, width }) => (
        <div
          key={name}
          role="gridcell"
          className={`table-cell align-${LIBRARY_COLUMNS[name].align}`}
          style={{ width }}
          data-column={name}
        >
          {!item ? (
            name === 'title' ? (
              <span className="visually-hidden">Loading…</span>
            ) : null
          ) : name === 'title' ? (
            <a
              href={`#/item/${item.contentId}`}
              className={`title-link kind-${item.kind}`}
              data-testid="library-item"
            >
              <Cover item={item} className="cover small" />
              <span className="cell-text">{item.title}</span>
            </a>
          ) : (
            <span className="cell-text">{cellText(item, name)}</span>
          )}
        </div>
      ))}
    </div>
  );
});

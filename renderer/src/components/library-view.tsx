import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef } from 'react';
import type { MouseEvent } from 'react';
import { useColumns } from '../hooks/use-columns';
import { useGridKeys } from '../hooks/use-grid-keys';
import { useLeanOverscan } from '../hooks/use-lean-overscan';
import type { LibraryPages } from '../hooks/use-library-pages';
import type { Selection } from '../hooks/use-selection';
import { LibraryCard } from './library-card';

interface Props {
  library: LibraryPages;
  layout: 'grid' | 'list';
  selection: Selection;
}

const ROW_HEIGHT = { grid: 212, list: 64 } as const;
const CARD_MIN_WIDTH = 190;
/** Rows rendered beyond the screen each way, so scrolling finds them ready. */
const OVERSCAN = 4;

/**
 * The library as a virtual list or grid: only the rows on screen exist in the DOM, and only the
 * pages they need are asked from the core, so 100,000 items scroll like 100.
 */
export function LibraryView({ library, layout, selection }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const measured = useColumns(scrollRef, CARD_MIN_WIDTH);
  const columns = layout === 'grid' ? measured : 1;
  const total = library.total ?? 0;
  const rows = Math.ceil(total / columns);
  const overscan = useLeanOverscan(library.stale, OVERSCAN);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render on purpose.
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT[layout],
    overscan,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const firstRow = virtualRows[0]?.index ?? 0;
  const lastRow = virtualRows[virtualRows.length - 1]?.index ?? 0;
  const { ensureRange } = library;
  // One callback for every card, whatever the selection: memoised cards stay as they are.
  const latestClick = useRef(selection.click);
  useEffect(() => {
    latestClick.current = selection.click;
  });
  const onSelect = useCallback(
    (index: number, event: MouseEvent) => latestClick.current(index, event),
    [],
  );
  const onKeyDown = useGridKeys({
    total,
    columns,
    scrollToIndex: (index) =>
      virtualizer.scrollToIndex(Math.floor(index / columns), { align: 'auto' }),
    selection,
  });

  useEffect(() => {
    ensureRange(firstRow * columns, (lastRow + 1) * columns - 1);
  }, [ensureRange, firstRow, lastRow, columns]);

  useEffect(() => {
    virtualizer.measure();
  }, [layout, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className={`library-scroll ${layout}`}
      data-testid="library-scroll"
      onKeyDown={onKeyDown}
    >
      <div
        role="list"
        aria-label={`Library, ${total} items`}
        className="library-list"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualRows.map((row) => (
          <div
            key={row.key}
            role="presentation"
            className="library-row"
            style={{
              transform: `translateY(${row.start}px)`,
              height: ROW_HEIGHT[layout],
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
            }}
          >
            {Array.from({ length: columns }, (_, column) => row.index * columns + column)
              .filter((index) => index < total)
              .map((index) => {
                const item = library.itemAt(index);
                return (
                  <LibraryCard
                    key={index}
                    item={item}
                    layout={layout}
                    position={index + 1}
                    total={total}
                    selected={item ? selection.has(item.contentId) : false}
                    onSelect={onSelect}
                  />
                );
              })}
          </div>
        ))}
      </div>
    </div>
  );
}

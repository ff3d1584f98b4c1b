import { useCallback, useEffect, useRef } from 'react';
import type { MouseEvent } from 'react';
import type { LibraryViewport } from '../../../shared/ipc/first-screen-contract';
import { useColumns } from '../hooks/use-columns';
import { useFixedRows } from '../hooks/use-fixed-rows';
import { useGridKeys } from '../hooks/use-grid-keys';
import { useLeanOverscan } from '../hooks/use-lean-overscan';
import { useViewportReport } from '../hooks/use-viewport-report';
import type { LibraryPages } from '../hooks/use-library-pages';
import type { Selection } from '../hooks/use-selection';
import { LIBRARY_GEOMETRY } from '../lib/library-page';
import { LibraryCard } from './library-card';

interface Props {
  library: LibraryPages;
  layout: 'grid' | 'list';
  selection: Selection;
  /** The scroller's size as last measured: what the first render lays out for. */
  viewport?: LibraryViewport | undefined;
  /** Told the scroller's size once laid out and whenever it changes. */
  onViewport?: (viewport: LibraryViewport) => void;
}

const ROW_HEIGHT = {
  grid: LIBRARY_GEOMETRY.grid.rowHeight,
  list: LIBRARY_GEOMETRY.list.rowHeight,
} as const;
const CARD_MIN_WIDTH = LIBRARY_GEOMETRY.grid.cardMinWidth;
/** Rows rendered beyond the screen each way, so scrolling finds them ready. */
const OVERSCAN = LIBRARY_GEOMETRY.grid.overscan;

/**
 * The library as a virtual list or grid: only the rows on screen exist in the DOM, and only the
 * pages they need are asked from the core, so 100,000 items scroll like 100.
 */
export function LibraryView({ library, layout, selection, viewport, onViewport }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const measured = useColumns(scrollRef, CARD_MIN_WIDTH, viewport?.width);
  useViewportReport(scrollRef, onViewport);
  const columns = layout === 'grid' ? measured : 1;
  const total = library.total ?? 0;
  const rows = Math.ceil(total / columns);
  const overscan = useLeanOverscan(library.shown, library.stale, OVERSCAN);

  const height = ROW_HEIGHT[layout];
  const { ensureRange } = library;
  const {
    first: firstRow,
    last: lastRow,
    lastOnScreen,
    totalSize,
    scrollToIndex,
  } = useFixedRows(scrollRef, {
    count: rows,
    rowHeight: height,
    overscan,
    onRows: (first, last) => ensureRange(first * columns, (last + 1) * columns - 1),
    viewport,
  });
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
    scrollToIndex: (index) => scrollToIndex(Math.floor(index / columns)),
    selection,
  });

  useEffect(() => {
    ensureRange(firstRow * columns, (lastRow + 1) * columns - 1);
  }, [ensureRange, firstRow, lastRow, columns]);

  // A keystroke's first answer, and each screen the type-ahead asks, is the items on screen: the
  // rows below stay out of the DOM until the typing pauses (useLeanOverscan), and their items
  // come then, with the rest of the first page. Asked with them, every screen was 2–3 times as
  // large to send, check and copy (bench/findings.md, keystroke, sixteenth pass).
  const { setOnScreen } = library;
  useEffect(() => setOnScreen((lastOnScreen + 1) * columns), [setOnScreen, lastOnScreen, columns]);

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
        style={{ height: totalSize }}
      >
        {Array.from({ length: lastRow - firstRow + 1 }, (_, i) => firstRow + i).map((row) => (
          <div
            key={row}
            role="presentation"
            className="library-row"
            style={{
              transform: `translateY(${row * height}px)`,
              height,
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
            }}
          >
            {Array.from({ length: columns }, (_, column) => row * columns + column)
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

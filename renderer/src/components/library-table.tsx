import type { LibraryViewport } from '../../../shared/ipc/first-screen-contract';
import {
  columnOrderingFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ColumnSizingState,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { useCallback, useEffect, useId, useMemo, useRef } from 'react';
import type { KeyboardEvent, MouseEvent } from 'react';
import {
  LIBRARY_COLUMNS,
  LIBRARY_SORT_KEYS,
  type LibraryColumnName,
  type LibrarySortKey,
} from '../../../shared/ipc/library-column-list';
import type { LibraryItem } from '../../../shared/ipc/library';
import type { LibraryView } from '../../../shared/ipc/library-view';
import { useColumnDrag } from '../hooks/use-column-drag';
import { useFixedRows } from '../hooks/use-fixed-rows';
import { useViewportReport } from '../hooks/use-viewport-report';
import { useGridKeys } from '../hooks/use-grid-keys';
import { useLeanOverscan } from '../hooks/use-lean-overscan';
import type { LibraryPages } from '../hooks/use-library-pages';
import type { Selection } from '../hooks/use-selection';
import { defaultWidth } from '../lib/library-cells';
import { LIBRARY_GEOMETRY } from '../lib/library-page';
import { LibraryTableRow } from './library-table-row';
import { placeColumn, stepColumn, tableColumns } from '../lib/table-columns';

const features = tableFeatures({
  columnOrderingFeature,
  columnVisibilityFeature,
  columnSizingFeature,
  columnResizingFeature,
  rowSortingFeature,
});
const NO_ROWS: LibraryItem[] = [];
const ROW_HEIGHT = LIBRARY_GEOMETRY.table.rowHeight;
const HEADER_HEIGHT = 38;
/** Rows rendered beyond the screen each way, so scrolling finds them ready. */
const OVERSCAN = LIBRARY_GEOMETRY.table.overscan;
const RESIZE_STEP = 16;

const isSortKey = (name: string): name is LibrarySortKey =>
  (LIBRARY_SORT_KEYS as readonly string[]).includes(name);

const COLUMN_DEFS: ColumnDef<typeof features, LibraryItem>[] = Object.keys(LIBRARY_COLUMNS)
  .filter((name) => LIBRARY_COLUMNS[name as LibraryColumnName].shown)
  .map((name) => ({
    id: name,
    header: LIBRARY_COLUMNS[name as LibraryColumnName].label,
    size: defaultWidth(name as LibraryColumnName),
    minSize: 60,
    maxSize: 1200,
    enableSorting: isSortKey(name),
    enableResizing: true,
  }));

interface Props {
  library: LibraryPages;
  view: LibraryView;
  onView: (patch: Partial<LibraryView>) => void;
  selection: Selection;
  /** The scroller's size as last measured: what the first render lays out for. */
  viewport?: LibraryViewport | undefined;
  /** Told the scroller's size once laid out and whenever it changes. */
  onViewport?: (viewport: LibraryViewport) => void;
}

/**
 * The library as a table (docs/design.md §12.1): TanStack Table holds the columns' order,
 * visibility, widths and sort; the rows are the same virtual pages as the grid's, so only the
 * rows on screen exist and 100,000 items scroll like 100. The sort itself is done by the core in
 * SQL (an index per sortable column), never on the page.
 */
export function LibraryTable({ library, view, onView, selection, viewport, onViewport }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  useViewportReport(scrollRef, onViewport);
  const total = library.total ?? 0;
  const { order, hidden, widths } = tableColumns(view);

  const sorting: SortingState = useMemo(
    () => [{ id: view.sort, desc: view.direction === 'desc' }],
    [view.sort, view.direction],
  );
  // The compiler cannot tell that useTable only reads its state; the memo keeps the state's
  // identity for TanStack Table (this component opted out of the compiler with the virtualizer).
  /* eslint-disable react-hooks/preserve-manual-memoization */
  const columnVisibility = useMemo(
    () => Object.fromEntries(hidden.map((name) => [name, false])),
    [hidden],
  );
  /* eslint-enable react-hooks/preserve-manual-memoization */
  const table = useTable({
    features,
    columns: COLUMN_DEFS,
    data: NO_ROWS,
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    columnResizeMode: 'onChange',
    state: { sorting, columnOrder: order, columnVisibility, columnSizing: widths },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first && isSortKey(first.id)) {
        onView({ sort: first.id, direction: first.desc ? 'desc' : 'asc' });
      }
    },
    onColumnSizingChange: (updater: Updater<ColumnSizingState>) => {
      const next = typeof updater === 'function' ? updater(widths) : updater;
      const rounded = Object.fromEntries(
        Object.entries(next).map(([name, width]) => [name, Math.round(width)]),
      );
      onView({ columns: { ...view.columns, widths: rounded } });
    },
  });
  const columns = table.getVisibleLeafColumns();
  const width = table.getTotalSize();
  const headRef = useRef<HTMLDivElement>(null);
  const moveHint = useId();
  const shown = columns.map((column) => column.id as LibraryColumnName);
  // Saved with the hidden list, as the column menu does: a reordered view counts as touched.
  const saveOrder = (next: LibraryColumnName[]) =>
    onView({ columns: { ...view.columns, order: next, hidden: [...hidden] } });
  const drag = useColumnDrag({
    headRef,
    shown,
    place: (name, target, side) => saveOrder(placeColumn(order, name, target, side)),
    step: (name, by) => saveOrder(stepColumn(order, shown, name, by)),
  });

  const overscan = useLeanOverscan(library.shown, library.stale, OVERSCAN);
  const { ensureRange } = library;
  const { first, last, lastOnScreen, totalSize, scrollToIndex } = useFixedRows(scrollRef, {
    count: total,
    rowHeight: ROW_HEIGHT,
    overscan,
    offset: HEADER_HEIGHT,
    onRows: ensureRange,
    viewport,
  });
  useEffect(() => ensureRange(first, last), [ensureRange, first, last]);
  // A keystroke's first answer is the rows on screen (library-view.tsx says why).
  const { setOnScreen } = library;
  useEffect(() => setOnScreen(lastOnScreen + 1), [setOnScreen, lastOnScreen]);
  const onKeyDown = useGridKeys({
    total,
    columns: 1,
    scrollToIndex,
    selection,
  });

  const resizeByKey = (name: string, event: KeyboardEvent) => {
    const step =
      event.key === 'ArrowRight' ? RESIZE_STEP : event.key === 'ArrowLeft' ? -RESIZE_STEP : 0;
    if (!step) return;
    event.preventDefault();
    event.stopPropagation();
    const column = table.getColumn(name);
    const now = column?.getSize() ?? defaultWidth(name as LibraryColumnName);
    onView({
      columns: {
        ...view.columns,
        widths: { ...widths, [name]: Math.min(1200, Math.max(60, now + step)) },
      },
    });
  };

  // One callback for every row, whatever the selection: memoised rows stay as they are.
  const latestClick = useRef(selection.click);
  useEffect(() => {
    latestClick.current = selection.click;
  });
  const onRowClick = useCallback((index: number, event: MouseEvent) => {
    // The title's link opens the item; a click anywhere else on the row selects it.
    const link = (event.target as HTMLElement).closest('a');
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) return;
    event.preventDefault();
    latestClick.current(index, event);
  }, []);
  // The rows' columns, one array while names and widths stay (a key of both), so rows stay memoised.
  const cellsKey = columns.map((column) => `${column.id}:${column.getSize()}`).join('|');
  const cells = useMemo(
    () =>
      (cellsKey ? cellsKey.split('|') : []).map((entry) => {
        const at = entry.lastIndexOf(':');
        return {
          name: entry.slice(0, at) as LibraryColumnName,
          width: Number(entry.slice(at + 1)),
        };
      }),
    [cellsKey],
  );

  return (
    <div
      ref={scrollRef}
      className="library-scroll table"
      data-testid="library-scroll"
      onKeyDown={onKeyDown}
    >
      <p className="visually-hidden" role="status" aria-live="polite">
        {drag.announcement}
      </p>
      <p className="visually-hidden" id={moveHint}>
        Alt+Left or Alt+Right moves the column.
      </p>
      <div
        role="grid"
        aria-label={`Library, ${total} items`}
        aria-rowcount={total + 1}
        aria-colcount={columns.length}
        aria-multiselectable="true"
        className="library-table"
        style={{ width: Math.max(width, 0) }}
      >
        <div role="rowgroup" className="table-head" ref={headRef}>
          {table.getHeaderGroups().map((group) => (
            <div role="row" aria-rowindex={1} key={group.id} className="table-row head">
              {group.headers.map((header) => {
                const name = header.column.id;
                const label = LIBRARY_COLUMNS[name as LibraryColumnName].label;
                // The sort is the view's (the core sorts); a column without an accessor is never
                // "sortable" to the table, so it is not asked.
                const sorted = view.sort === name ? view.direction : false;
                const dropSide = drag.drop?.target === name ? drag.drop.side : null;
                return (
                  <div
                    key={header.id}
                    role="columnheader"
                    className={`table-cell head align-${LIBRARY_COLUMNS[name as LibraryColumnName].align}${
                      drag.dragging === name ? ' dragging' : ''
                    }${dropSide ? ` drop-${dropSide}` : ''}`}
                    style={{ width: header.getSize() }}
                    aria-sort={
                      sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                    }
                    data-column={name}
                    data-testid={`header-${name}`}
                    onPointerDown={(event) => drag.onPointerDown(name as LibraryColumnName, event)}
                    onKeyDown={(event) => drag.onKeyDown(name as LibraryColumnName, event)}
                  >
                    {isSortKey(name) ? (
                      <button
                        type="button"
                        aria-describedby={moveHint}
                        className="sort-button"
                        onClick={() =>
                          onView(
                            view.sort === name
                              ? { direction: view.direction === 'asc' ? 'desc' : 'asc' }
                              : { sort: name as LibrarySortKey, direction: 'asc' },
                          )
                        }
                      >
                        {label}
                        <span aria-hidden="true" className="sort-mark">
                          {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                        </span>
                      </button>
                    ) : (
                      <span className="head-label" tabIndex={0} aria-describedby={moveHint}>
                        {label}
                      </span>
                    )}
                    <div
                      role="separator"
                      aria-orientation="vertical"
                      aria-label={`Resize ${label}`}
                      aria-valuenow={Math.round(header.getSize())}
                      aria-valuemin={60}
                      aria-valuemax={1200}
                      tabIndex={0}
                      className="resize-handle"
                      data-testid={`resize-${name}`}
                      onMouseDown={header.getResizeHandler()}
                      onTouchStart={header.getResizeHandler()}
                      onKeyDown={(event) => resizeByKey(name, event)}
                    />
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div role="rowgroup" className="table-body" style={{ height: totalSize }}>
          {Array.from({ length: last - first + 1 }, (_, i) => first + i).map((index) => {
            const item = library.itemAt(index);
            return (
              <LibraryTableRow
                key={index}
                index={index}
                item={item}
                selected={item ? selection.has(item.contentId) : false}
                columns={cells}
                height={ROW_HEIGHT}
                onRowClick={onRowClick}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

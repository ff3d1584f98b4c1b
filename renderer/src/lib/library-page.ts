import { LIBRARY_PAGE_SIZE } from '../../../shared/ipc/library-page-size';

export { LIBRARY_PAGE_SIZE };

/** The library's layouts' geometry (library-view.tsx, library-table.tsx), in px and rows. */
export const LIBRARY_GEOMETRY = {
  grid: { rowHeight: 212, cardMinWidth: 190, overscan: 4 },
  list: { rowHeight: 64, overscan: 4 },
  table: { rowHeight: 40, overscan: 8 },
} as const;

/**
 * At most how many items, from the first, any layout shows in a window of `width` × `height`
 * px with its overscan: the boot asks the first page cut to this (about half a page at
 * 1280 × 720), so the host, the worker's validation and the page's message carry only what the
 * first frame can show (bench/findings.md, first paint, sixth pass). The scroller is smaller
 * than the window, so this is an upper bound; the rest of the page is asked once painted.
 */
export function firstScreenItems(width: number, height: number): number {
  const { grid, list, table } = LIBRARY_GEOMETRY;
  const rows = (rowHeight: number, overscan: number) => Math.ceil(height / rowHeight) + overscan;
  const columns = Math.max(1, Math.floor(width / grid.cardMinWidth));
  const items = Math.max(
    rows(grid.rowHeight, grid.overscan) * columns,
    rows(list.rowHeight, list.overscan),
    rows(table.rowHeight, table.overscan),
  );
  return Math.min(LIBRARY_PAGE_SIZE, Math.max(1, items));
}

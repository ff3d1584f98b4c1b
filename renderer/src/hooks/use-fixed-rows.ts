import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { LibraryViewport } from '../../../shared/ipc/first-screen-contract';

interface Options {
  /** Rows in the list (for the grid, card rows). */
  count: number;
  /** Every row's height in px: the library's rows are all one height. */
  rowHeight: number;
  /** Rows kept in the DOM beyond the screen each way. */
  overscan: number;
  /** Px from the scroller's top to the first row, under a sticky header (the table's). */
  offset?: number;
  /**
   * Called in a scroll's event with the rows the render will hold (overscan included), before
   * that render: their data is asked while the page renders placeholders for them.
   */
  onRows?: (first: number, last: number) => void;
  /**
   * The scroller's size as last measured (settings' libraryViewport): the rows the first render
   * holds before the scroller can be measured, which is all a prerender has (docs/design.md §7.5).
   */
  viewport?: LibraryViewport;
}

export interface FixedRows {
  /** The first and last row in the DOM (last < first when none is). */
  first: number;
  last: number;
  /** The last row on screen (without the overscan). */
  lastOnScreen: number;
  /** The rows' whole height. */
  totalSize: number;
  /** Scrolls as little as it takes to show row `index` whole (below a sticky header). */
  scrollToIndex: (index: number) => void;
}

/** The rows on screen, from the scroller's position: [from, to], inclusive. */
interface Seen {
  from: number;
  to: number;
}

/** The rows in the DOM for rows [from, to] on screen: the overscan each way, within the count. */
function rowsInDom(from: number, to: number, count: number, overscan: number) {
  const last = Math.min(count - 1, to + overscan);
  return { first: Math.min(Math.max(0, from - overscan), Math.max(0, last)), last };
}

/**
 * The virtual list's window for rows of one fixed height: the rows on screen come from
 * scrollTop by division, in constant time whatever the count. A general virtualizer keeps a
 * measurement per row and rebuilds them whenever the count changes, which every search
 * keystroke does (bench/findings.md, keystroke at 100,000 items, 2026-11-30 05:00).
 * The component renders again only when the rows on screen change, and at once (in the scroll
 * event's task, before the frame), so a scrolled-to row never shows a frame late.
 */
export function useFixedRows(
  ref: RefObject<HTMLElement | null>,
  { count, rowHeight, overscan, offset = 0, onRows, viewport }: Options,
): FixedRows {
  const [seen, setSeen] = useState<Seen>(() => ({
    from: 0,
    to: viewport ? Math.max(0, Math.floor((viewport.height - offset - 1) / rowHeight)) : 0,
  }));
  const geometry = useRef({ rowHeight, offset });
  useLayoutEffect(() => {
    geometry.current = { rowHeight, offset };
  }, [rowHeight, offset]);
  const rowsAsked = useRef({ count, overscan, onRows });
  useLayoutEffect(() => {
    rowsAsked.current = { count, overscan, onRows };
  });

  const measure = useCallback(
    (sync: boolean) => {
      const element = ref.current;
      if (!element) return;
      const { rowHeight: height, offset: top } = geometry.current;
      const from = Math.max(0, Math.floor((element.scrollTop - top) / height));
      const to = Math.max(
        from,
        Math.floor((element.scrollTop + element.clientHeight - top - 1) / height),
      );
      const update = () =>
        setSeen((now) => (now.from === from && now.to === to ? now : { from, to }));
      if (sync) {
        const { count: rows, overscan: beyond, onRows: ask } = rowsAsked.current;
        const held = rowsInDom(from, to, rows, beyond);
        if (ask && held.last >= 0) ask(held.first, held.last);
        flushSync(update);
      } else update();
    },
    [ref],
  );

  // Before the first paint, and again when the geometry changes (a layout switch).
  useLayoutEffect(() => measure(false), [measure, rowHeight, offset]);

  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const onScroll = () => measure(true);
    element.addEventListener('scroll', onScroll, { passive: true });
    const observer =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => measure(false));
    observer?.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
  }, [ref, measure]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const element = ref.current;
      if (!element) return;
      const { rowHeight: height, offset: top } = geometry.current;
      const rowTop = top + index * height;
      // The sticky header covers the scroller's first `top` px.
      if (rowTop - top < element.scrollTop) element.scrollTop = rowTop - top;
      else if (rowTop + height > element.scrollTop + element.clientHeight)
        element.scrollTop = rowTop + height - element.clientHeight;
    },
    [ref],
  );

  const { first, last } = rowsInDom(seen.from, seen.to, count, overscan);
  return {
    first,
    last,
    lastOnScreen: seen.to,
    totalSize: count * rowHeight,
    scrollToIndex,
  };
}

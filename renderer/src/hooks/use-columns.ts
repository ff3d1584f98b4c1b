import { useLayoutEffect, useState } from 'react';
import type { RefObject } from 'react';

/**
 * How many grid columns of at least `minWidth` px fit the element, kept current on resize.
 * Measured before the first paint: the library's first commit already holds its cards, and a
 * frame of them in one column would be painted, then laid out again.
 */
export function useColumns(
  ref: RefObject<HTMLElement | null>,
  minWidth: number,
  /** The element's width as last measured: the first render's, before it can be measured. */
  lastWidth?: number,
): number {
  const [columns, setColumns] = useState(() => columnsIn(lastWidth ?? 0, minWidth));
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => setColumns(columnsIn(element.clientWidth, minWidth));
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, minWidth]);
  return columns;
}

function columnsIn(width: number, minWidth: number): number {
  return Math.max(1, Math.floor(width / minWidth));
}

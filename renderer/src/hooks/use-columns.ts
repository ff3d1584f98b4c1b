import { useLayoutEffect, useState } from 'react';
import type { RefObject } from 'react';

/**
 * How many grid columns of at least `minWidth` px fit the element, kept current on resize.
 * Measured before the first paint: the library's first commit already holds its cards, and a
 * frame of them in one column would be painted, then laid out again.
 */
export function useColumns(ref: RefObject<HTMLElement | null>, minWidth: number): number {
  const [columns, setColumns] = useState(1);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => setColumns(Math.max(1, Math.floor(element.clientWidth / minWidth)));
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, minWidth]);
  return columns;
}

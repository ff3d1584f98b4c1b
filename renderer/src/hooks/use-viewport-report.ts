import { useEffect } from 'react';
import type { RefObject } from 'react';
import type { LibraryViewport } from '../../../shared/ipc/first-screen-contract';

/**
 * Tells `report` the element's inner size (what its rows and columns are laid out in) once it has
 * been laid out, and again whenever it changes. Read after the frame, from the observer's
 * callback: it costs the page no layout of its own.
 */
export function useViewportReport(
  ref: RefObject<HTMLElement | null>,
  report: ((viewport: LibraryViewport) => void) | undefined,
): void {
  useEffect(() => {
    const element = ref.current;
    if (!element || !report) return undefined;
    const send = () => report({ width: element.clientWidth, height: element.clientHeight });
    if (typeof ResizeObserver === 'undefined') {
      send();
      return undefined;
    }
    // An observer's first callback comes once the element has been laid out.
    const observer = new ResizeObserver(send);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, report]);
}

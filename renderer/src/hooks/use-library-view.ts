import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryViewport } from '../../../shared/ipc/first-screen-contract';
import type { LibraryView } from '../../../shared/ipc/library-view';
import { DEFAULT_LIBRARY_VIEW } from '../../../shared/ipc/library-view-default';
import { firstAsk, settledAnswer } from '../lib/boot';
import { getShelf } from '../lib/shelf';

/** Column drags change widths many times a second: the settings file is written once they rest. */
const SAVE_DELAY_MS = 300;
/** A window being resized reports its size every frame: saved once it has rested this long. */
const VIEWPORT_SAVE_DELAY_MS = 1000;

/**
 * The library's layout, sort and table columns, kept in the core's settings store so they
 * survive a restart of the app (docs/design.md §12.1), not in the page's storage. `loaded` is
 * false until the saved view has come back: the library waits for it rather than flashing the
 * defaults.
 */
export function useLibraryView(): {
  view: LibraryView;
  setView: (patch: Partial<LibraryView>) => void;
  loaded: boolean;
  /** The library's scroller as measured at the last start (settings' libraryViewport). */
  viewport: LibraryViewport | undefined;
  /** The scroller's size now: saved, once it rests, for the next start's prerender. */
  reportViewport: (viewport: LibraryViewport) => void;
} {
  // The boot's answer, when it has come back already, is the first render's (lib/boot.ts).
  const [view, setState] = useState<LibraryView>(
    () => settledAnswer('settings.get', {})?.libraryView ?? DEFAULT_LIBRARY_VIEW,
  );
  const [loaded, setLoaded] = useState(() => settledAnswer('settings.get', {}) !== undefined);
  const pending = useRef<LibraryView | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** The user changed the view: the saved one, still on its way, must not put it back. */
  const changed = useRef(false);

  useEffect(() => {
    let live = true;
    firstAsk('settings.get', {}).then(
      (settings) => {
        if (!live) return;
        // With the seed in index.html the toolbar works before this answer is in (lib/boot.ts).
        if (settings.libraryView && !changed.current) setState(settings.libraryView);
        setLoaded(true);
      },
      () => live && setLoaded(true),
    );
    return () => {
      live = false;
    };
  }, []);

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const next = pending.current;
    pending.current = null;
    // A preference that could not be saved lasts the session; the library still works.
    if (next)
      getShelf()
        .invoke('settings.set', { libraryView: next })
        .catch(() => {});
  }, []);
  useEffect(() => flush, [flush]);

  const setView = useCallback(
    (patch: Partial<LibraryView>) => {
      changed.current = true;
      setState((current) => {
        const next = { ...current, ...patch };
        pending.current = next;
        return next;
      });
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, SAVE_DELAY_MS);
    },
    [flush],
  );
  const [viewport] = useState(() => settledAnswer('settings.get', {})?.libraryViewport);
  const reportViewport = useViewportSaver(viewport);
  return { view, setView, loaded, viewport, reportViewport };
}

/**
 * Saves the library scroller's size in the core's settings when it differs from the one saved
 * (design §7.5: what the next start's first frame is prerendered for), once it has rested.
 */
function useViewportSaver(saved: LibraryViewport | undefined): (now: LibraryViewport) => void {
  const last = useRef(saved);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback((now: LibraryViewport) => {
    clearTimeout(timer.current);
    if (now.width === last.current?.width && now.height === last.current.height) return;
    timer.current = setTimeout(() => {
      last.current = now;
      // A size not saved is measured again at the next start: nothing to tell the user.
      getShelf()
        .invoke('settings.set', { libraryViewport: now })
        .catch(() => {});
    }, VIEWPORT_SAVE_DELAY_MS);
  }, []);
}

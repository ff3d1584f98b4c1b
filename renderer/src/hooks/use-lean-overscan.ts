import { useEffect, useState } from 'react';

/** Longer than the time between two keystrokes of a fast typist (about 8 a second). */
export const TYPING_PAUSE_MS = 150;

/**
 * The virtual list's overscan, none while a new search's results are on their way and in the
 * frame that first shows them: the answer then renders, lays out and paints only the rows on
 * screen. The rows beyond come back once that frame is painted and the typing has paused
 * (TYPING_PAUSE_MS without a new search): rendering and laying them out costs the page 5-15 ms,
 * which a keystroke that comes meanwhile would wait for (bench/findings.md, keystroke, fifth
 * pass). A scroll before then renders the rows it shows in its own event (useFixedRows).
 *
 * `shown` names the search whose results are on screen: a keystroke answered in the page (the
 * type-ahead's screen, shown in the keystroke's own render) is never stale, and its render
 * drops the rows beyond too (bench/findings.md, keystroke, ninth pass).
 *
 * None in the list's first frame either: at the app's start that frame is the first paint, and
 * the grid's four rows beyond the screen were more than half of its cards (bench/findings.md,
 * first paint, ninth pass). Those come back right after that frame, with no typing to wait for,
 * so their render is done before the user's first keystroke rather than landing in its midst.
 */
export function useLeanOverscan(shown: string, stale: boolean, overscan: number): number {
  /** 'first' until the list's first frame has been painted; true while a search is lean. */
  const [lean, setLean] = useState<boolean | 'first'>('first');
  /** The search the pause is counted from: a new one shown starts it again. */
  const [leanFor, setLeanFor] = useState(shown);
  // Set during render, so the keystroke's own render already drops the off-screen rows.
  if (shown !== leanFor) setLeanFor(shown);
  if ((stale || shown !== leanFor) && lean !== true) setLean(true);
  useEffect(() => {
    if (!lean || stale) return undefined;
    const pause = lean === 'first' ? 0 : TYPING_PAUSE_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // rAF runs before the frame's paint; a task posted from it runs once the frame is painted.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setLean(false), pause);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [lean, stale, leanFor]);
  return lean ? 0 : overscan;
}

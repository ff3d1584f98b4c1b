import { useEffect, useState } from 'react';

/**
 * The virtual list's overscan, none while a new search's results are on their way and in the
 * frame that first shows them: the answer then renders, lays out and paints only the rows on
 * screen. The rows beyond come back in the next task after that frame is painted, before the
 * user can scroll to them.
 */
export function useLeanOverscan(stale: boolean, overscan: number): number {
  const [lean, setLean] = useState(false);
  // Set during render, so the keystroke's own render already drops the off-screen rows.
  if (stale && !lean) setLean(true);
  useEffect(() => {
    if (!lean || stale) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // rAF runs before the frame's paint; a task posted from it runs once the frame is painted.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setLean(false), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [lean, stale]);
  return lean ? 0 : overscan;
}

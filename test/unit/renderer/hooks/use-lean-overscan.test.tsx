import { act, cleanup, renderHook } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TYPING_PAUSE_MS, useLeanOverscan } from '../../../../renderer/src/hooks/use-lean-overscan';

afterEach(cleanup);

/** Moves the faked clock on by `ms` (withFakeFrames), running what falls due. */
function advance(ms: number): void {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
}

/** Runs a body with the frame clock and timers faked, restored after it even when it throws. */
function withFakeFrames(body: () => void): void {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'],
  });
  try {
    body();
  } finally {
    vi.useRealTimers();
  }
}

/** The hook on one search, past the list's first frame and a typing pause: its overscan back. */
function settledOnWin() {
  const hook = renderHook(({ stale }) => useLeanOverscan('win', stale, 4), {
    initialProps: { stale: false },
  });
  advance(100 + TYPING_PAUSE_MS);
  expect(hook.result.current).toBe(4);
  return hook;
}

describe('useLeanOverscan', () => {
  it('drops the overscan while a search is on its way and in the render that shows its answer', () => {
    withFakeFrames(() => {
      const { result, rerender } = settledOnWin();
      rerender({ stale: true });
      expect(result.current).toBe(0);
      advance(100);
      // Still waiting for the answer: the off-screen rows stay out.
      expect(result.current).toBe(0);
      rerender({ stale: false });
      expect(result.current).toBe(0);
      advance(100 + TYPING_PAUSE_MS);
      expect(result.current).toBe(4);
    });
  });

  it('brings the overscan back only once the typing pauses, not between two keystrokes', () => {
    withFakeFrames(() => {
      const { result, rerender } = settledOnWin();
      rerender({ stale: true });
      rerender({ stale: false });
      // The answer is painted; the next keystroke comes before the pause: the rows beyond wait.
      advance(TYPING_PAUSE_MS - 1);
      expect(result.current).toBe(0);
      rerender({ stale: true });
      rerender({ stale: false });
      advance(TYPING_PAUSE_MS - 1);
      expect(result.current).toBe(0);
      advance(100);
      expect(result.current).toBe(4);
    });
  });

  it("renders no overscan in the list's first frame (the app's first paint), and brings it back right after", () => {
    withFakeFrames(() => {
      const { result } = renderHook(({ stale }) => useLeanOverscan('win', stale, 4), {
        initialProps: { stale: false },
      });
      expect(result.current).toBe(0);
      // The frame after the commit and the task posted from it: no typing pause to wait for.
      advance(20);
      expect(result.current).toBe(4);
    });
  });

  it('keeps the first frame lean when a search starts before it is painted', () => {
    withFakeFrames(() => {
      const { result, rerender } = renderHook(({ stale }) => useLeanOverscan('win', stale, 4), {
        initialProps: { stale: false },
      });
      rerender({ stale: true });
      rerender({ stale: false });
      // From here the typing's rule: the rows beyond wait for the pause.
      advance(TYPING_PAUSE_MS - 1);
      expect(result.current).toBe(0);
      advance(100);
      expect(result.current).toBe(4);
    });
  });

  it('drops the overscan in the render of a search answered in the page (never stale), until the typing pauses', () => {
    withFakeFrames(() => {
      /** Every overscan the list committed to the DOM, in order. */
      const committed: number[] = [];
      const { result, rerender } = renderHook(
        ({ shown }) => {
          const overscan = useLeanOverscan(shown, false, 4);
          useLayoutEffect(() => {
            committed.push(overscan);
          });
          return overscan;
        },
        { initialProps: { shown: 'w' } },
      );
      advance(100);
      expect(result.current).toBe(4);
      // The type-ahead's screen is shown in the keystroke's own render: lean in that commit,
      // with no commit of the rows beyond for the new search before it.
      committed.length = 0;
      rerender({ shown: 'wi' });
      expect(committed).toEqual([0]);
      advance(TYPING_PAUSE_MS - 1);
      // The next keystroke, also answered in the page, before the pause: the pause starts again.
      rerender({ shown: 'win' });
      expect(result.current).toBe(0);
      advance(TYPING_PAUSE_MS - 1);
      expect(result.current).toBe(0);
      advance(100);
      expect(result.current).toBe(4);
    });
  });

  it('keeps the overscan while nothing new is asked (scrolling, a refresh of the same search)', () => {
    withFakeFrames(() => {
      const { result, rerender } = renderHook(({ stale }) => useLeanOverscan('win', stale, 8), {
        initialProps: { stale: false },
      });
      rerender({ stale: false });
      advance(100 + TYPING_PAUSE_MS);
      expect(result.current).toBe(8);
    });
  });
});

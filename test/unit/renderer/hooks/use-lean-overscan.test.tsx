import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useLeanOverscan } from '../../../../renderer/src/hooks/use-lean-overscan';

afterEach(cleanup);

/** Lets the frame after the commit run (rAF, then the task it posts). */
const nextFrames = () => act(() => new Promise((resolve) => setTimeout(resolve, 100)));

describe('useLeanOverscan', () => {
  it('drops the overscan while a search is on its way and in the render that shows its answer', async () => {
    const { result, rerender } = renderHook(({ stale }) => useLeanOverscan(stale, 4), {
      initialProps: { stale: false },
    });
    expect(result.current).toBe(4);
    rerender({ stale: true });
    expect(result.current).toBe(0);
    await nextFrames();
    // Still waiting for the answer: the off-screen rows stay out.
    expect(result.current).toBe(0);
    rerender({ stale: false });
    expect(result.current).toBe(0);
    await nextFrames();
    expect(result.current).toBe(4);
  });

  it('keeps the overscan while nothing new is asked (scrolling, a refresh of the same search)', async () => {
    const { result, rerender } = renderHook(({ stale }) => useLeanOverscan(stale, 8), {
      initialProps: { stale: false },
    });
    rerender({ stale: false });
    await nextFrames();
    expect(result.current).toBe(8);
  });
});

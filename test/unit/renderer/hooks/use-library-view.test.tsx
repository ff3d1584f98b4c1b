import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLibraryView } from '../../../../renderer/src/hooks/use-library-view';
import type { Settings } from '../../../../shared/ipc/contract';
import { installFakeShelf } from '../fake-shelf';
import { sampleTableSettings } from '../../../fixtures/contract-samples';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("useLibraryView: the scroller's size for the next start's prerender", () => {
  it('saves a size once it has rested, and not again while it stays the same', async () => {
    let saved: Settings = sampleTableSettings;
    const shelf = installFakeShelf({
      'settings.get': () => saved,
      'settings.set': (patch) => (saved = { ...saved, ...patch }),
    });
    const { result } = renderHook(() => useLibraryView());
    expect(result.current.viewport).toBeUndefined();

    // A window being resized: only the size it comes to rest at is written.
    act(() => {
      result.current.reportViewport({ width: 900, height: 400 });
      result.current.reportViewport({ width: 950, height: 420 });
    });
    await act(() => vi.advanceTimersByTimeAsync(999));
    expect(shelf.callsTo('settings.set')).toEqual([]);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(shelf.callsTo('settings.set')).toEqual([
      { libraryViewport: { width: 950, height: 420 } },
    ]);

    act(() => result.current.reportViewport({ width: 950, height: 420 }));
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(shelf.callsTo('settings.set')).toHaveLength(1);
    // Resized and back before it rested: nothing to write.
    act(() => {
      result.current.reportViewport({ width: 700, height: 420 });
      result.current.reportViewport({ width: 950, height: 420 });
    });
    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(shelf.callsTo('settings.set')).toHaveLength(1);
    expect(saved.libraryViewport).toEqual({ width: 950, height: 420 });
  });
});

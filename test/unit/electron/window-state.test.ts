import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_BOUNDS,
  restoreBounds,
  trackWindowBounds,
} from '../../../main/electron/window-state';

const display = { x: 0, y: 0, width: 1920, height: 1080 };

describe('restoreBounds', () => {
  it('restores bounds that are on a display', () => {
    const saved = { x: 100, y: 50, width: 1000, height: 700, maximized: true };
    expect(restoreBounds(saved, [display])).toEqual(saved);
  });

  it('keeps the size but drops the position when the display is gone', () => {
    const saved = { x: 3000, y: 50, width: 1000, height: 700, maximized: false };
    expect(restoreBounds(saved, [display])).toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('uses the defaults for nothing saved or a corrupt value', () => {
    expect(restoreBounds(undefined, [display])).toEqual(DEFAULT_BOUNDS);
    expect(restoreBounds({ width: 'wide' }, [display])).toEqual(DEFAULT_BOUNDS);
    expect(restoreBounds({ width: 10, height: 10 }, [display])).toEqual(DEFAULT_BOUNDS);
  });
});

describe('trackWindowBounds', () => {
  it('saves on close and, debounced, after moves', () => {
    vi.useFakeTimers();
    const window = Object.assign(new EventEmitter(), {
      getNormalBounds: () => ({ x: 1, y: 2, width: 800, height: 600 }),
      isMaximized: () => false,
    });
    const saved: unknown[] = [];
    trackWindowBounds(window, (bounds) => saved.push(bounds), 500);
    window.emit('move');
    window.emit('resize');
    expect(saved).toEqual([]);
    vi.advanceTimersByTime(500);
    expect(saved).toHaveLength(1);
    window.emit('close');
    expect(saved).toEqual([
      { x: 1, y: 2, width: 800, height: 600, maximized: false },
      { x: 1, y: 2, width: 800, height: 600, maximized: false },
    ]);
    vi.useRealTimers();
  });
});

import { z } from 'zod';

/** What is remembered of the window between runs (kept in the settings store). */
export const windowBoundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowBounds = z.infer<typeof windowBoundsSchema>;

export const DEFAULT_BOUNDS: WindowBounds = { width: 1200, height: 800, maximized: false };

type Rect = { x: number; y: number; width: number; height: number };

/**
 * The bounds to open the window with: the remembered ones if at least a usable part of the
 * window is still on a display (a monitor may have been unplugged), else the default size,
 * centred by Electron (no x/y).
 */
export function restoreBounds(saved: unknown, workAreas: Rect[]): WindowBounds {
  const parsed = windowBoundsSchema.safeParse(saved);
  if (!parsed.success) return DEFAULT_BOUNDS;
  const bounds = parsed.data;
  if (bounds.x === undefined || bounds.y === undefined) return bounds;
  const rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height };
  const visible = workAreas.some((area) => overlap(rect, area) >= 100 * 100);
  if (visible) return bounds;
  return { width: bounds.width, height: bounds.height, maximized: bounds.maximized };
}

function overlap(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/** The slice of BrowserWindow the tracker needs (a fake in unit tests). */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
}

/**
 * Saves the window's bounds on close and, debounced, while it is moved or resized (so a crash
 * loses little). Normal bounds, so a maximised window restores to its pre-maximise size.
 */
export function trackWindowBounds(
  window: TrackedWindow,
  save: (bounds: WindowBounds) => void,
  debounceMs = 500,
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const snapshot = () => {
    const { x, y, width, height } = window.getNormalBounds();
    save({ x, y, width, height, maximized: window.isMaximized() });
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(snapshot, debounceMs);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', () => {
    clearTimeout(timer);
    snapshot();
  });
}

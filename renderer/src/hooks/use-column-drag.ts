import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent, RefObject } from 'react';
import { LIBRARY_COLUMNS, type LibraryColumnName } from '../../../shared/ipc/library-column-list';

/** How far (px) a pressed header moves before it is a drag rather than a click on its sort. */
const DRAG_START_PX = 6;

export interface ColumnDrop {
  target: LibraryColumnName;
  side: 'before' | 'after';
}

interface Options {
  /** The row of headers: where the drop target is looked up under the pointer. */
  headRef: RefObject<HTMLElement | null>;
  /** The columns on screen, in their order. */
  shown: readonly LibraryColumnName[];
  place: (name: LibraryColumnName, target: LibraryColumnName, side: ColumnDrop['side']) => void;
  step: (name: LibraryColumnName, by: -1 | 1) => void;
}

interface Press {
  name: LibraryColumnName;
  x: number;
  pointerId: number;
  active: boolean;
}

/**
 * Reordering the table's headers: a header pressed and dragged onto another is placed before or
 * after it (by which half of it the pointer is over, shown as a bar on that edge), and Alt+Left /
 * Alt+Right on a focused header moves it one place, said aloud through `announcement`. Pointer
 * events rather than HTML drag and drop: the header also holds the sort button and the resize
 * handle, and a press that does not travel stays a click.
 */
export function useColumnDrag({ headRef, shown, place, step }: Options) {
  const [dragging, setDragging] = useState<LibraryColumnName | null>(null);
  const [drop, setDrop] = useState<ColumnDrop | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const press = useRef<Press | null>(null);
  const dropRef = useRef<ColumnDrop | null>(null);
  const [pressed, setPressed] = useState(false);

  const say = useCallback((name: LibraryColumnName, order: readonly LibraryColumnName[]) => {
    const at = order.indexOf(name) + 1;
    if (at > 0) {
      setAnnouncement(`${LIBRARY_COLUMNS[name].label} moved to position ${at} of ${order.length}`);
    }
  }, []);

  const dropAt = useCallback(
    (x: number, name: LibraryColumnName): ColumnDrop | null => {
      const cells = headRef.current?.querySelectorAll<HTMLElement>('[role="columnheader"]') ?? [];
      for (const cell of cells) {
        const box = cell.getBoundingClientRect();
        if (x < box.left || x > box.right) continue;
        const target = cell.dataset.column as LibraryColumnName | undefined;
        if (!target || target === name) return null;
        return { target, side: x < box.left + box.width / 2 ? 'before' : 'after' };
      }
      return null;
    },
    [headRef],
  );

  useEffect(() => {
    if (!pressed) return undefined;
    const finish = (commit: boolean) => {
      const held = press.current;
      const target = dropRef.current;
      press.current = null;
      dropRef.current = null;
      setPressed(false);
      setDragging(null);
      setDrop(null);
      if (!held?.active) return;
      // The press was a drag: the click the browser sends on release must not sort.
      const swallow = (event: Event) => {
        event.stopPropagation();
        event.preventDefault();
      };
      window.addEventListener('click', swallow, { capture: true, once: true });
      setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
      if (commit && target) {
        place(held.name, target.target, target.side);
        const rest = shown.filter((other) => other !== held.name);
        const at = rest.indexOf(target.target) + (target.side === 'after' ? 1 : 0);
        rest.splice(at, 0, held.name);
        say(held.name, rest);
      }
    };
    const onMove = (event: globalThis.PointerEvent) => {
      const held = press.current;
      if (!held || event.pointerId !== held.pointerId) return;
      if (!held.active && Math.abs(event.clientX - held.x) < DRAG_START_PX) return;
      if (!held.active) {
        held.active = true;
        setDragging(held.name);
      }
      event.preventDefault();
      const next = dropAt(event.clientX, held.name);
      dropRef.current = next;
      setDrop(next);
    };
    const onUp = () => finish(true);
    const onCancel = () => finish(false);
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape' && press.current?.active) finish(false);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onCancel);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onCancel);
      window.removeEventListener('keydown', onKey);
    };
  }, [pressed, dropAt, place, say, shown]);

  const onPointerDown = (name: LibraryColumnName, event: PointerEvent<HTMLElement>) => {
    // The resize handle has its own drag; only the main button starts a move.
    if (event.button !== 0 || (event.target as HTMLElement).closest('[role="separator"]')) return;
    press.current = { name, x: event.clientX, pointerId: event.pointerId, active: false };
    setPressed(true);
  };

  const onKeyDown = (name: LibraryColumnName, event: KeyboardEvent<HTMLElement>) => {
    if (!event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
    if ((event.target as HTMLElement).closest('[role="separator"]')) return;
    event.preventDefault();
    event.stopPropagation();
    const by = event.key === 'ArrowLeft' ? -1 : 1;
    const from = shown.indexOf(name);
    if (from < 0 || !shown[from + by]) return;
    step(name, by);
    const next = [...shown];
    next.splice(from, 1);
    next.splice(from + by, 0, name);
    say(name, next);
    // React moves the header's element; focus is put back on it once it is in its new place.
    requestAnimationFrame(() =>
      headRef.current
        ?.querySelector<HTMLElement>(
          `[data-column="${name}"] .sort-button, [data-column="${name}"] .head-label`,
        )
        ?.focus(),
    );
  };

  return { dragging, drop, announcement, onPointerDown, onKeyDown };
}

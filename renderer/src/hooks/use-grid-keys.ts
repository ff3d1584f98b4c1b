import { useCallback } from 'react';
import type { KeyboardEvent } from 'react';
import type { Selection } from './use-selection';

interface Options {
  total: number;
  columns: number;
  /** Brings the row holding `index` into the DOM (the virtual list renders only what is seen). */
  scrollToIndex: (index: number) => void;
  /** Space, Shift+arrows, Ctrl+A and Escape act on it. */
  selection: Pick<Selection, 'toggle' | 'extend' | 'moveAnchor' | 'selectAll' | 'clear'>;
}

/**
 * Arrow keys, Page Up/Down, Home and End between the items of the virtual library, so a keyboard
 * user can cross 100,000 items without tabbing through each: the target row is scrolled into
 * the DOM first, then its link takes the focus. Space selects the focused item, Shift with a
 * move extends the selection, Ctrl+A selects everything that matches and Escape lets go.
 */
export function useGridKeys({ total, columns, scrollToIndex, selection }: Options) {
  return useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const from = Number(
        (event.target as HTMLElement).closest('[data-index]')?.getAttribute('data-index'),
      );
      if (!Number.isInteger(from) || total === 0) return;
      if (event.key === ' ') {
        event.preventDefault();
        selection.toggle(from);
        return;
      }
      if (event.key === 'a' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void selection.selectAll();
        return;
      }
      if (event.key === 'Escape') {
        selection.clear();
        return;
      }
      const page = columns * 5;
      const moves: Record<string, number> = {
        ArrowRight: from + 1,
        ArrowLeft: from - 1,
        ArrowDown: from + columns,
        ArrowUp: from - columns,
        PageDown: from + page,
        PageUp: from - page,
        Home: 0,
        End: total - 1,
      };
      const target = moves[event.key];
      if (target === undefined) return;
      event.preventDefault();
      const index = Math.max(0, Math.min(total - 1, target));
      if (event.shiftKey) selection.extend(from, index);
      else selection.moveAnchor(index);
      scrollToIndex(index);
      const container = event.currentTarget;
      const find = () => container.querySelector<HTMLElement>(`[data-index="${index}"] a`);
      const focus = (tries: number) => {
        const link = find();
        if (link) link.focus();
        else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
      };
      // At once when the target is already in the DOM (a neighbour, mostly), so a key pressed
      // right after starts from it; else once the virtual list has drawn it.
      if (find()) focus(0);
      else requestAnimationFrame(() => focus(10));
    },
    [total, columns, scrollToIndex, selection],
  );
}

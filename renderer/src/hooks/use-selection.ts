import { useCallback, useState } from 'react';
import type { MouseEvent } from 'react';

export interface Selection {
  /** The chosen items' content ids. */
  ids: ReadonlySet<string>;
  has: (contentId: string) => boolean;
  /** Click (only this one), Ctrl/Cmd-click (toggle) or Shift-click (the range from the anchor). */
  click: (index: number, event: Pick<MouseEvent, 'ctrlKey' | 'metaKey' | 'shiftKey'>) => void;
  /** Space: toggles the item; the anchor moves to it. */
  toggle: (index: number) => void;
  /** Shift+arrow from `from`: the range from the anchor (or `from`) to `to` becomes the selection. */
  extend: (from: number, to: number) => void;
  /** A plain keyboard move: the next Shift+arrow extends from here. */
  moveAnchor: (index: number) => void;
  /** Ctrl+A: every item that matches, asked from the core (the list holds only a few pages). */
  selectAll: () => Promise<void>;
  clear: () => void;
}

interface State {
  ids: ReadonlySet<string>;
  anchor: number | null;
}

const EMPTY: State = { ids: new Set(), anchor: null };

/**
 * Multi-select over the virtual library, by index in the current order. Items whose page is not
 * loaded yet are skipped by a range: they are off screen, and select-all asks the core instead.
 * The selection belongs to one list: `listKey` changing (another search, filter or sort)
 * clears it.
 */
export function useSelection(
  listKey: string,
  itemId: (index: number) => string | undefined,
  allIds: () => Promise<string[]>,
): Selection {
  const [state, setState] = useState<State & { key: string }>({ ...EMPTY, key: listKey });
  const current = state.key === listKey ? state : { ...EMPTY, key: listKey };

  const range = useCallback(
    (from: number, to: number) => {
      const ids = new Set<string>();
      for (let index = Math.min(from, to); index <= Math.max(from, to); index += 1) {
        const id = itemId(index);
        if (id) ids.add(id);
      }
      return ids;
    },
    [itemId],
  );

  const click: Selection['click'] = (index, event) => {
    const id = itemId(index);
    if (!id) return;
    if (event.shiftKey && current.anchor !== null) {
      setState({ key: listKey, ids: range(current.anchor, index), anchor: current.anchor });
    } else if (event.ctrlKey || event.metaKey) {
      const ids = new Set(current.ids);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      setState({ key: listKey, ids, anchor: index });
    } else {
      setState({ key: listKey, ids: new Set([id]), anchor: index });
    }
  };

  return {
    ids: current.ids,
    has: (contentId) => current.ids.has(contentId),
    click,
    toggle: (index) => click(index, { ctrlKey: true, metaKey: false, shiftKey: false }),
    extend: (from, to) => {
      const anchor = current.anchor ?? from;
      setState({ key: listKey, ids: range(anchor, to), anchor });
    },
    moveAnchor: (index) => setState({ key: listKey, ids: current.ids, anchor: index }),
    selectAll: async () => {
      const ids = await allIds();
      setState({ key: listKey, ids: new Set(ids), anchor: current.anchor });
    },
    clear: () => setState({ ...EMPTY, key: listKey }),
  };
}

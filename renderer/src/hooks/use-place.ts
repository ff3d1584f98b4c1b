import { useCallback, useState } from 'react';

/**
 * Where the user was in one item (an EPUB CFI, a PDF page, audio seconds), restored on open.
 * Interim: kept in this window's localStorage; the encrypted store and the server sync
 * (issue 18, places) replace it behind the same two members.
 */
export function usePlace(contentId: string): {
  initial: string | null;
  save: (position: string) => void;
} {
  const key = `shelfkeeper.place.${contentId}`;
  // Read once when the viewer opens: later saves must not move the book under the reader.
  const [initial] = useState(() => {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  });
  const save = useCallback(
    (position: string) => {
      try {
        window.localStorage.setItem(key, position);
      } catch {
        // Storage unavailable: the place lasts as long as the screen.
      }
    },
    [key],
  );
  return { initial, save };
}

import { useCallback, useState } from 'react';

/**
 * State remembered across screens and restarts (library layout, filters) in localStorage.
 * Preferences only: never anything the core owns.
 */
export function usePersistentState<T>(key: string, initial: T): [T, (value: T) => void] {
  const storageKey = `shelfkeeper.${key}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const stored = window.localStorage.getItem(storageKey);
      return stored ? (JSON.parse(stored) as T) : initial;
    } catch {
      return initial;
    }
  });
  // The same function from render to render, so a memoised component that takes it
  // (LibraryControls) is not rendered again because of it.
  const set = useCallback(
    (next: T) => {
      setValue(next);
      try {
        window.localStorage.setItem(storageKey, JSON.stringify(next));
      } catch {
        // Storage may be unavailable (private mode, file://); the preference then lasts a session.
      }
    },
    [storageKey],
  );
  return [value, set];
}

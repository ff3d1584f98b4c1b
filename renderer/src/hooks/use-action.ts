import { useCallback, useEffect, useRef, useState } from 'react';

export interface ActionState<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>;
  pending: boolean;
  error: unknown;
  /** The last successful result. */
  result: R | undefined;
  clearError: () => void;
}

/**
 * Wraps a command (buy, return, download...) with its pending flag and its error, so a button can
 * disable itself and the screen can show the error as a sentence. A second click while pending
 * is ignored: commands are not idempotent from the user's point of view.
 */
export function useAction<A extends unknown[], R>(
  action: (...args: A) => Promise<R>,
): ActionState<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<R | undefined>(undefined);
  const inFlight = useRef(false);
  const latest = useRef(action);
  useEffect(() => {
    latest.current = action;
  });

  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    if (inFlight.current) return undefined;
    inFlight.current = true;
    setPending(true);
    setError(null);
    try {
      const value = await latest.current(...args);
      setResult(value);
      return value;
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }, []);

  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, result, clearError };
}

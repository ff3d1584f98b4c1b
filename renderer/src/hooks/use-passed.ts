import { useEffect, useState } from 'react';

/** Whether the time `iso` has passed (false for null), turning true on its own when it does. */
export function usePassed(iso: string | null | undefined): boolean {
  const at = iso ? Date.parse(iso) : null;
  // The time whose timer has fired: a new `at` starts out not passed until its own timer says.
  const [firedFor, setFiredFor] = useState<number | null>(null);
  useEffect(() => {
    if (at === null) return undefined;
    const left = Math.max(0, at - Date.now());
    // setTimeout's delay is a 32-bit integer: a longer wait is simply not armed.
    if (left > 2 ** 31 - 1) return undefined;
    const timer = setTimeout(() => setFiredFor(at), left);
    return () => clearTimeout(timer);
  }, [at]);
  return at !== null && firedFor === at;
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 5 * 60_000 };

/**
 * Delay before retry number `failures` (1 = first retry): exponential, capped, with "equal
 * jitter" (half fixed, half random) so many devices coming back together do not retry in step,
 * while a retry never comes sooner than half the nominal delay. A server's Retry-After wins when
 * it asks for longer.
 */
export function backoffDelay(
  failures: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const nominal = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const jittered = Math.round(nominal / 2 + random() * (nominal / 2));
  if (retryAfterMs !== null && retryAfterMs > jittered)
    return Math.min(retryAfterMs, options.maxMs * 2);
  return jittered;
}

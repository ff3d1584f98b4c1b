export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Attempts after which a delivery is given up (recorded as failed). */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 2_000,
  maxMs: 60 * 60 * 1000,
  maxAttempts: 15,
};

/**
 * Delay before attempt `attempts + 1`, after `attempts` failures: base × 2^(attempts-1), capped,
 * with "equal jitter" (half fixed, half random) so a burst of failures does not retry in lockstep.
 * Answers null once the attempts are used up.
 */
export function nextDelayMs(
  attempts: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const half = exponential / 2;
  return Math.round(half + random() * half);
}

/** One item of a batch: what the single route would have answered, or what it would have thrown. */
export type BatchItem<T> = { ok: true; value: T } | { ok: false; error: unknown };

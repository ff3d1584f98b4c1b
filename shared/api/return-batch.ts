/**
 * The most returns (or quotes) one batch request may carry: a full outbox goes out in several
 * requests, and one request never holds a database connection for long (docs/design.md §3.5).
 * Without zod, so the renderer's first chunk can read it (bench/findings.md, first paint).
 */
export const MAX_BATCH_RETURNS = 500;

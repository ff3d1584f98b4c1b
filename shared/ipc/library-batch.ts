/**
 * The most items one bulk call names: its ids stay under the browser host's 1 MiB body limit.
 * A larger selection is sent in batches (renderer/src/lib/batches.ts).
 * Without zod, so the renderer's first chunk can read it (bench/findings.md, first paint).
 */
export const LIBRARY_BATCH_MAX = 20_000;

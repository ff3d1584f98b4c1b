/**
 * Every kind of return, the one list the rest derives from: the zod enum (return-kinds.ts), the
 * ledger reasons, and one module per kind on each side (server offer, core offline rule, renderer
 * wording), each a `Record<ReturnKind, …>` so that adding a name here makes the compiler point
 * at every place that must handle it (test/unit/shared/registry-probe.test.ts).
 * The names are stored (server and client databases, webhook payloads): renaming one needs a
 * migration on both sides. Without zod, so the renderer's first chunk can read it
 * (bench/findings.md, first paint); return-kinds.ts re-exports it.
 */
export const RETURN_KINDS = ['buyback', 'trade_in'] as const;
export type ReturnKind = (typeof RETURN_KINDS)[number];

/** A `switch` over a registry name ends with this: a missing case stops the build. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}

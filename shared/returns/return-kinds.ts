import * as z from 'zod';

/**
 * Every kind of return, the one list the rest derives from: the zod enum below, the ledger
 * reasons, and one module per kind on each side (server offer, core offline rule, renderer
 * wording), each a `Record<ReturnKind, …>` so that adding a name here makes the compiler point
 * at every place that must handle it (test/unit/shared/registry-probe.test.ts).
 * The names are stored (server and client databases, webhook payloads): renaming one needs a
 * migration on both sides.
 */
export const RETURN_KINDS = ['buyback', 'trade_in'] as const;
export type ReturnKind = (typeof RETURN_KINDS)[number];

export const returnKindSchema = z.enum(RETURN_KINDS);

/** A `switch` over a registry name ends with this: a missing case stops the build. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}

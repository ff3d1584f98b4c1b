import { returnPolicySchema, type ReturnPolicy } from '../../../shared/api/catalog';
import {
  RETURN_LIMIT_PERIOD_DAYS,
  returnQuoteSchema,
  type ReturnKind,
  type ReturnLimit,
  type ReturnRefusal,
} from '../../../shared/api/returns';
import { termsOf } from '../../../shared/returns/policy-terms';
import { RETURN_KINDS } from '../../../shared/returns/return-kinds';
import type { CoreContext } from '../core-context';
import type { ContentRow } from '../store/contents';
import type { LicenseRow } from '../store/licenses';
import { offlineAllowed } from './offline-rules';

const DAY_MS = 24 * 60 * 60 * 1000;
const PERIOD_MS = RETURN_LIMIT_PERIOD_DAYS * DAY_MS;

/** What the device can tell about a return without the server, as of the last sync. */
export interface LocalEligibility {
  policy: ReturnPolicy | null;
  limit: ReturnLimit | null;
  /** A refusal the server would certainly answer; null = it may be accepted. */
  refusal: ReturnRefusal | null;
  /** The kinds it may be queued with (the last quote's, else what the policy would offer). */
  kinds: ReturnKind[];
}

export function cachedPolicy(content: ContentRow): ReturnPolicy | null {
  return parseJson(content.returnPolicy, returnPolicySchema);
}

/**
 * The user's limit as the synced receipts tell it (every `license.returned` of the user's, from
 * any device, stores one), plus the returns queued here, which reach the server first: the same
 * count the server makes (server/services/return-eligibility.ts), as of the last sync.
 */
export function localLimit(ctx: CoreContext, allowed: number): ReturnLimit {
  const now = Date.parse(ctx.now());
  const counted = ctx.store.receipts.returnedSince(new Date(now - PERIOD_MS).toISOString());
  const used = counted.length + ctx.store.outbox.count();
  const freeing = used >= allowed ? counted[used - allowed] : undefined;
  return {
    allowed,
    used,
    periodDays: RETURN_LIMIT_PERIOD_DAYS,
    nextFreeAt: freeing ? new Date(Date.parse(freeing) + PERIOD_MS).toISOString() : null,
  };
}

/** The server's refusals that the device already knows, in the server's order. */
export function localEligibility(
  ctx: CoreContext,
  license: LicenseRow,
  content: ContentRow,
): LocalEligibility {
  const policy = cachedPolicy(content);
  const allowed = policy?.limitPer30Days ?? null;
  const limit = allowed === null ? null : localLimit(ctx, allowed);
  const kinds = offlineKinds(license, content, policy);
  let refusal: ReturnRefusal | null = null;
  if (!policy || kinds.length === 0) refusal = { code: 'NOT_RETURNABLE', freesAt: null };
  else if (
    license.returnDeadline !== null &&
    Date.parse(license.returnDeadline) <= Date.parse(ctx.now())
  )
    refusal = { code: 'RETURN_WINDOW_CLOSED', freesAt: null };
  else if (limit && limit.used >= limit.allowed)
    refusal = { code: 'RETURN_LIMIT_REACHED', freesAt: limit.nextFreeAt };
  return { policy, limit, refusal, kinds };
}

/** The kinds a return may ask for without the server: the last quote's, else the policy's. */
function offlineKinds(
  license: LicenseRow,
  content: ContentRow,
  policy: ReturnPolicy | null,
): ReturnKind[] {
  const quote = parseJson(license.lastQuote, returnQuoteSchema);
  if (quote) return [...new Set(quote.options.map((option) => option.kind))];
  if (!policy) return [];
  const facts = { newerVersion: content.latestVersion > content.version };
  return RETURN_KINDS.filter((kind) => {
    const terms = termsOf(policy, kind);
    return terms !== null && offlineAllowed(kind, terms, facts);
  });
}

function parseJson<T>(
  json: string | null,
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
): T | null {
  if (!json) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

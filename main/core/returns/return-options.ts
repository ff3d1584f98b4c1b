import { returnPolicySchema } from '../../../shared/api/catalog';
import { returnQuoteSchema, type ReturnKind, type ReturnQuote } from '../../../shared/api/returns';
import { AppError } from '../../../shared/errors';
import { termsOf } from '../../../shared/returns/policy-terms';
import { RETURN_KINDS } from '../../../shared/returns/return-kinds';
import type { ReturnOptions } from '../../../shared/ipc/contract';
import { isTransient } from '../api/api-error';
import type { CoreContext } from '../core-context';
import type { ContentRow } from '../store/contents';
import type { LicenseRow } from '../store/licenses';
import { offlineAllowed } from './offline-rules';

export function heldLicense(
  ctx: CoreContext,
  contentId: string,
): { license: LicenseRow; content: ContentRow } {
  const content = ctx.store.contents.get(contentId);
  const license = ctx.store.licenses.getByContent(contentId);
  if (!content || !license || license.state === 'confirmed') {
    throw new AppError('NOT_FOUND', 'This content is not in your library');
  }
  return { license, content };
}

/** The kinds a return may ask for without the server: the last quote's, else the policy's. */
export function offlineKinds(license: LicenseRow, content: ContentRow): ReturnKind[] {
  const quote = parseJson(license.lastQuote, returnQuoteSchema);
  if (quote) return [...new Set(quote.options.map((option) => option.kind))];
  const policy = parseJson(content.returnPolicy, returnPolicySchema);
  if (!policy) return [];
  return RETURN_KINDS.filter((kind) => {
    const terms = termsOf(policy, kind);
    return terms !== null && offlineAllowed(kind, terms);
  });
}

/** The return dialog's data: a fresh quote online (cached for later), the fallback offline. */
export async function returnOptions(ctx: CoreContext, contentId: string): Promise<ReturnOptions> {
  const { license, content } = heldLicense(ctx, contentId);
  if (license.state !== 'active') throw new AppError('LICENSE_LOCKED');
  const deletes = {
    title: content.title,
    downloaded: content.vaultFile !== null,
    size: content.size,
  };
  let quote: ReturnQuote | null = null;
  if (ctx.isOnline()) {
    try {
      quote = await ctx.api.call('returnQuote', { params: { licenseId: license.licenseId } });
      ctx.store.licenses.setLastQuote(license.licenseId, JSON.stringify(quote));
    } catch (error) {
      if (!isTransient(error)) throw error;
    }
  }
  if (quote) {
    return {
      quote,
      offline: false,
      offlineKinds: [...new Set(quote.options.map((o) => o.kind))],
      deletes,
    };
  }
  return { quote: null, offline: true, offlineKinds: offlineKinds(license, content), deletes };
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

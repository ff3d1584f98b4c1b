import type { ReturnQuoteAnswer } from '../../../shared/api/returns';
import { AppError } from '../../../shared/errors';
import type { ReturnOptions } from '../../../shared/ipc/contract';
import { isTransient } from '../api/api-error';
import type { CoreContext } from '../core-context';
import type { ContentRow } from '../store/contents';
import type { LicenseRow } from '../store/licenses';
import { localEligibility } from './local-eligibility';

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

/**
 * The return dialog's data: online, the server's answer (an offer, cached for later, or the
 * refusal the return would meet); offline, what the device knows as of the last sync.
 */
export async function returnOptions(ctx: CoreContext, contentId: string): Promise<ReturnOptions> {
  const { license, content } = heldLicense(ctx, contentId);
  if (license.state !== 'active') throw new AppError('LICENSE_LOCKED');
  const deletes = {
    title: content.title,
    downloaded: content.vaultFile !== null,
    size: content.size,
  };
  let answer: ReturnQuoteAnswer | null = null;
  if (ctx.isOnline()) {
    try {
      answer = await ctx.api.call('returnQuote', { params: { licenseId: license.licenseId } });
      ctx.store.licenses.setLastQuote(
        license.licenseId,
        answer.status === 'offered' ? JSON.stringify(answer) : null,
      );
    } catch (error) {
      if (!isTransient(error)) throw error;
    }
  }
  if (answer) {
    const quote = answer.status === 'offered' ? answer : null;
    return {
      quote,
      refusal: answer.status === 'refused' ? answer.refusal : null,
      offline: false,
      offlineKinds: quote ? [...new Set(quote.options.map((o) => o.kind))] : [],
      policy: answer.policy,
      limit: answer.limit,
      returnDeadline: answer.returnDeadline,
      deletes,
    };
  }
  const local = localEligibility(ctx, license, content);
  return {
    quote: null,
    refusal: local.refusal,
    offline: true,
    offlineKinds: local.refusal ? [] : local.kinds,
    policy: local.policy,
    limit: local.limit,
    returnDeadline: license.returnDeadline,
    deletes,
  };
}

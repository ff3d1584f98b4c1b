import type { ServerContext } from '../context';
import { sendContentFile } from '../http/download';
import type { Handlers } from '../http/route-table';
import { licensesOf } from '../services/licenses';
import { purchase } from '../services/purchases';
import { quoteReturn } from '../services/return-options';
import { createReturn, receiptsOf } from '../services/returns';
import { syncFeed, walletOf } from '../services/wallet';

export function libraryHandlers(
  ctx: ServerContext,
): Pick<
  Handlers,
  | 'purchase'
  | 'listLicenses'
  | 'downloadContent'
  | 'returnQuote'
  | 'createReturn'
  | 'listReturns'
  | 'wallet'
  | 'sync'
> {
  return {
    purchase: async ({ caller, body, reply }) => {
      const outcome = await purchase(ctx, caller, body);
      // 201 bought, 202 an order waiting for payment, 200 a replay of the same idempotency key.
      reply.code(outcome.status);
      return outcome.response;
    },
    listLicenses: async ({ caller }) => ({ licenses: await licensesOf(ctx, caller) }),
    downloadContent: ({ caller, params, request, reply }) =>
      sendContentFile(ctx, caller, params.contentId, request, reply),
    returnQuote: ({ caller, params }) => quoteReturn(ctx, caller, params.licenseId),
    createReturn: async ({ caller, body, reply }) => {
      const outcome = await createReturn(ctx, caller, body);
      if (outcome.replay) reply.code(200);
      return outcome.receipt;
    },
    listReturns: ({ caller, query }) => receiptsOf(ctx, caller, query),
    wallet: ({ caller, query }) => walletOf(ctx, caller, query),
    sync: ({ caller, query }) => syncFeed(ctx, caller, query),
  };
}

import type { ServerContext } from '../../context';
import { quoteReturn } from '../../services/return-options';
import { createReturn, receiptsOf } from '../../services/returns';
import type { Handlers } from '../handler-types';

export function returnHandlers(
  ctx: ServerContext,
): Pick<Handlers, 'returnQuote' | 'createReturn' | 'listReturns'> {
  return {
    returnQuote: ({ caller, params }) => quoteReturn(ctx, caller, params.licenseId),
    createReturn: async ({ caller, body, reply }) => {
      const outcome = await createReturn(ctx, caller, body);
      // A repeat of the same return id answers the first receipt with 200, not 201.
      if (outcome.replay) reply.code(200);
      return outcome.receipt;
    },
    listReturns: ({ caller, query }) => receiptsOf(ctx, caller, query),
  };
}

import type { BatchQuoteResult, BatchReturnResult } from '../../../shared/api/returns';
import type { ServerContext } from '../../context';
import { createReturns, quoteReturns } from '../../services/return-batch';
import { refusalError } from '../../services/return-eligibility';
import { quoteReturn } from '../../services/return-options';
import { createReturn, receiptsOf } from '../../services/returns';
import type { Handlers } from '../handler-types';
import { toProblem } from '../problem';

export function returnHandlers(
  ctx: ServerContext,
): Pick<
  Handlers,
  'returnQuote' | 'returnQuoteBatch' | 'createReturn' | 'createReturnBatch' | 'listReturns'
> {
  return {
    returnQuote: ({ caller, params }) => quoteReturn(ctx, caller, params.licenseId),
    returnQuoteBatch: async ({ caller, body, request }) => {
      const items = await quoteReturns(ctx, caller, body.licenseIds);
      const instance = request.url.split('?')[0] ?? '/';
      return {
        quotes: items.map((item, i): BatchQuoteResult => {
          const licenseId = body.licenseIds[i] ?? '';
          let error: unknown;
          if (item.ok) {
            const answer = item.value;
            if (answer.status === 'offered') return { licenseId, outcome: 'quoted', quote: answer };
            // A refused quote reads in a batch as the return itself would be refused.
            error = refusalError(answer.refusal);
          } else {
            error = item.error;
          }
          const problem = toProblem(error, instance);
          logServerFault(request, problem.status, error);
          return { licenseId, outcome: 'refused', status: problem.status, problem };
        }),
      };
    },
    createReturn: async ({ caller, body, reply }) => {
      const outcome = await createReturn(ctx, caller, body);
      // A repeat of the same return id answers the first receipt with 200, not 201.
      if (outcome.replay) reply.code(200);
      return outcome.receipt;
    },
    createReturnBatch: async ({ caller, body, request }) => {
      const items = await createReturns(ctx, caller, body.returns);
      const instance = request.url.split('?')[0] ?? '/';
      return {
        results: items.map((item, i): BatchReturnResult => {
          const returnId = body.returns[i]?.returnId ?? '';
          if (item.ok) {
            const { receipt, replay } = item.value;
            return { returnId, outcome: 'returned', status: replay ? 200 : 201, receipt };
          }
          const problem = toProblem(item.error, instance);
          logServerFault(request, problem.status, item.error);
          return { returnId, outcome: 'refused', status: problem.status, problem };
        }),
      };
    },
    listReturns: ({ caller, query }) => receiptsOf(ctx, caller, query),
  };
}

/** An item's 5xx is logged like a whole request's (problem.ts), since the answer itself is 200. */
function logServerFault(
  request: { log: { error(o: object, m: string): void } },
  status: number,
  error: unknown,
) {
  if (status >= 500) request.log.error({ err: error }, 'unhandled error in a batch item');
}

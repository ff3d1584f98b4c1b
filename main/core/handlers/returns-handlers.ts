import type { Handlers } from '../../../shared/ipc/bridge';
import type { QueuedReturn } from '../../../shared/ipc/sync';
import type { CoreContext } from '../core-context';
import { bulkConfirm, bulkQuote } from '../returns/bulk-return';
import type { ReturnFlow } from '../returns/return-flow';
import { returnOptions } from '../returns/return-options';

type ReturnHandlers = Pick<
  Handlers,
  | 'returns.options'
  | 'returns.request'
  | 'returns.cancel'
  | 'returns.bulkQuote'
  | 'returns.bulkConfirm'
  | 'returns.list'
>;

export function returnHandlers(ctx: CoreContext, flow: ReturnFlow): ReturnHandlers {
  return {
    'returns.options': ({ contentId }) => returnOptions(ctx, contentId),
    'returns.request': ({ contentId, kind, quoteId }) => flow.request(contentId, kind, quoteId),
    'returns.cancel': ({ contentId }) => {
      flow.cancel(contentId);
      return { cancelled: true as const };
    },
    'returns.bulkQuote': (input) => bulkQuote(ctx, input),
    'returns.bulkConfirm': (input) => bulkConfirm(ctx, flow, input),
    'returns.list': () => ({
      queued: ctx.store.outbox.list().map((row): QueuedReturn => ({
        returnId: row.returnId,
        contentId: row.contentId,
        licenseId: row.licenseId,
        title: ctx.store.contents.get(row.contentId)?.title ?? '',
        kind: row.kind,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: row.nextAttemptAt,
        lastError: row.lastError,
        createdAt: row.createdAt,
      })),
      receipts: ctx.store.receipts.list(),
    }),
  };
}

import type { ReturnLimit, ReturnRefusal } from '../../../shared/api/returns';
import { MAX_BALANCE } from '../../../shared/api/balance-cap';
import { formatDate, formatDateTime, formatPoints } from './format';

/**
 * The returns limit in words. A policy sets the limit, but the server counts every return the
 * user made, of any item, in the last 30 days (docs/design.md §2.2): the Store card, the dialog
 * and the refusal all say so.
 */
export function limitText(allowed: number): string {
  return `Up to ${allowed} ${allowed === 1 ? 'return' : 'returns'} in any 30 days, counting every return you make (of any item).`;
}

export function limitUsedText(limit: ReturnLimit): string {
  return `${limit.used} of ${limit.allowed} used in the last ${limit.periodDays} days (every return you make counts)`;
}

/** Why a return would be refused, as the dialog and the item page say it. */
export function refusalText(
  refusal: ReturnRefusal,
  returnDeadline: string | null,
  limit: ReturnLimit | null,
): string {
  switch (refusal.code) {
    case 'NOT_RETURNABLE':
      return 'This item can’t be returned: its terms allow no returns.';
    case 'RETURN_WINDOW_CLOSED':
      return returnDeadline
        ? `This item can’t be returned: its return period ended on ${formatDate(returnDeadline)}.`
        : 'This item can’t be returned: its return period has ended.';
    case 'RETURN_LIMIT_REACHED': {
      const used = limit
        ? `You have used all ${limit.allowed} returns allowed in any ${limit.periodDays} days (every return you make counts, whatever the item).`
        : 'You have used every return allowed for now.';
      const when = refusal.freesAt
        ? ` Your next return is possible from ${formatDateTime(refusal.freesAt)}.`
        : ' Your next return is possible once a queued return is sent or cancelled.';
      return used + when;
    }
    case 'BALANCE_LIMIT_REACHED':
      return `This item can’t be returned now: the points it would give back would take your balance past its maximum of ${formatPoints(MAX_BALANCE)} (points your unpaid orders hold count too). Spend some points first.`;
  }
}

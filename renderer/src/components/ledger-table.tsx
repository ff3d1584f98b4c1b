import type { WalletView } from '../../../shared/ipc/library';
import type { LedgerReason } from '../../../shared/api/wallet';
import { RETURN_KINDS } from '../../../shared/returns/return-kind-list';
import { formatCount, formatDateTime, formatPoints } from '../lib/format';
import { KIND_WORDING } from '../lib/return-kind-wording';

/** Each return kind credits points under its own name (LEDGER_REASONS). */
const REASONS: Record<string, string> = {
  ...Object.fromEntries(RETURN_KINDS.map((kind) => [kind, KIND_WORDING[kind].ledgerReason])),
  purchase: 'Spent on a purchase',
  grant: 'Granted',
  refund: 'Given back: an order was not completed',
} satisfies Partial<Record<LedgerReason, string>>;

/** The points ledger, newest first. */
export function LedgerTable({ entries }: { entries: WalletView['entries'] }) {
  if (entries.length === 0) return <p className="empty">No points movements yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Points ledger</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">What</th>
            <th scope="col" className="num">
              Points
            </th>
            <th scope="col" className="num">
              Balance after
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>{formatDateTime(entry.createdAt)}</td>
              <td>
                {REASONS[entry.reason] ?? entry.reason}
                {entry.item && `: ${entry.item.title} (version ${entry.item.version})`}
              </td>
              <td className={`num ${entry.delta >= 0 ? 'plus' : 'minus'}`}>
                {entry.delta >= 0 ? '+' : '−'}
                {formatCount(Math.abs(entry.delta))}
              </td>
              <td className="num">{formatPoints(entry.balanceAfter)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

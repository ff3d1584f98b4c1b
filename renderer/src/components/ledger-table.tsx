import type { WalletView } from '../../../shared/ipc/library';
import { formatCount, formatDateTime, formatPoints } from '../lib/format';

const REASONS: Record<string, string> = {
  buyback: 'Buyback of a return',
  collection: 'Trade-in of a return',
  purchase: 'Spent on a purchase',
  grant: 'Granted',
};

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
              <td>{REASONS[entry.reason] ?? entry.reason}</td>
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

import type { Receipt } from '../../../shared/api/returns';
import { formatDateTime } from '../lib/format';
import { kindName, receiptPrivilegeShort } from '../lib/privilege';

/** Confirmed returns: what was returned, how, and what it gave. */
export function ReceiptsTable({ receipts, caption }: { receipts: Receipt[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Content</th>
            <th scope="col">Return</th>
            <th scope="col">You got</th>
          </tr>
        </thead>
        <tbody>
          {receipts.map((receipt) => (
            <tr key={receipt.returnId} data-testid="receipt-row">
              <td>{formatDateTime(receipt.returnedAt)}</td>
              <td>
                {receipt.title} <span className="muted">v{receipt.version}</span>
              </td>
              <td>{kindName(receipt.kind)}</td>
              <td>{receiptPrivilegeShort(receipt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

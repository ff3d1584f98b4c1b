import type { OrderHistoryItem } from '../../../shared/api/orders';
import { formatDateTime, formatMoneyIn, formatPoints } from '../lib/format';
import { refundSentence } from '../lib/order-refund';
import { SETTLING_WORDS, waitsForSettling } from '../lib/order-settling';
import { ORDER_STATE_WORDS } from '../lib/order-state-words';

/** Money purchases (orders), newest first, as the server holds them. */
export function OrdersTable({ orders }: { orders: readonly OrderHistoryItem[] }) {
  if (orders.length === 0) return <p className="empty">No purchases with money yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="orders-table">
        <caption className="visually-hidden">Purchases with money</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Item</th>
            <th scope="col" className="num">
              Money
            </th>
            <th scope="col" className="num">
              Points
            </th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => {
            const refund = refundSentence(order);
            return (
              <tr key={order.id} data-order-id={order.id} data-state={order.state}>
                <td>{formatDateTime(order.createdAt)}</td>
                <td>{order.title}</td>
                <td className="num">{formatMoneyIn(order.moneyDueCents, order.currency)}</td>
                <td className="num">
                  {order.pointsHeld > 0 ? formatPoints(order.pointsHeld) : '—'}
                </td>
                <td>
                  <span className={`order-state ${order.state}`}>
                    {waitsForSettling(order) ? SETTLING_WORDS : ORDER_STATE_WORDS[order.state]}
                  </span>
                  {order.testPayment ? <span className="order-test"> · test payment</span> : null}
                  {refund ? <p className="order-refund">{refund}</p> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

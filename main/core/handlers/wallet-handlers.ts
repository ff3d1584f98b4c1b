import type { Handlers } from '../../../shared/ipc/bridge';
import type { CoreContext } from '../core-context';
import { toCsv } from '../csv';
import { privilegeCsv } from '../returns/privilege-effects';

type WalletHandlers = Pick<Handlers, 'wallet.get' | 'wallet.orders' | 'wallet.exportCsv'>;

export function walletHandlers(ctx: CoreContext): WalletHandlers {
  return {
    'wallet.get': () => ctx.store.wallet.view(),
    'wallet.orders': () => ctx.api.call('listOrders', { query: {} }),
    'wallet.exportCsv': ({ what }) => {
      const day = ctx.now().slice(0, 10);
      if (what === 'ledger') {
        const { entries } = ctx.store.wallet.view();
        return {
          filename: `shelfkeeper-points-${day}.csv`,
          csv: toCsv(
            [
              'date',
              'delta',
              'reason',
              'title',
              'version',
              'reference',
              'balance_after',
              'entry_id',
            ],
            entries.map((e) => [
              e.createdAt,
              e.delta,
              e.reason,
              e.item?.title ?? null,
              e.item?.version ?? null,
              e.reference,
              e.balanceAfter,
              e.id,
            ]),
          ),
        };
      }
      return {
        filename: `shelfkeeper-returns-${day}.csv`,
        csv: toCsv(
          [
            'returned_at',
            'title',
            'version',
            'kind',
            'privilege',
            'points',
            'upgrade_content_id',
            'balance_after',
            'return_id',
            'license_id',
          ],
          ctx.store.receipts.list().map((r) => {
            const privilege = privilegeCsv(r);
            return [
              r.returnedAt,
              r.title,
              r.version,
              r.kind,
              r.privilege.type,
              privilege.points,
              privilege.upgradeContentId,
              r.balance,
              r.returnId,
              r.licenseId,
            ];
          }),
        ),
      };
    },
  };
}

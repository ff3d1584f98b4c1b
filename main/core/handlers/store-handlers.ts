import type { CatalogItem } from '../../../shared/api/catalog';
import { returnPolicySchema } from '../../../shared/api/catalog';
import type { ReturnKind } from '../../../shared/returns/return-kinds';
import { isBought } from '../../../shared/api/purchases';
import type { Handlers } from '../../../shared/ipc/bridge';
import type { StoreItem } from '../../../shared/ipc/contract';
import { isTransient } from '../api/api-error';
import type { CoreContext } from '../core-context';
import { addLicense } from '../library/add-license';
import { storeCovers } from '../library/store-covers';
import { upgradeKind } from '../returns/upgrade-grants';

/** The kind whose return grants the newest version under a stored policy (JSON), or null. */
function upgradeKindOf(policyJson: string | null): ReturnKind | null {
  if (policyJson === null) return null;
  const policy = returnPolicySchema.safeParse(JSON.parse(policyJson));
  return policy.success ? upgradeKind(policy.data) : null;
}

type StoreHandlers = Pick<
  Handlers,
  'store.list' | 'store.get' | 'store.cover' | 'store.buy' | 'store.order'
>;

export function storeHandlers(ctx: CoreContext): StoreHandlers {
  const coverOf = storeCovers(ctx);
  const owned = (item: CatalogItem): StoreItem => {
    const license = ctx.store.licenses.getByContent(item.contentId);
    const held = ctx.store.licenses.heldOfProduct(item.productId);
    return {
      ...item,
      owned: license !== undefined && license.state !== 'confirmed',
      held:
        held && held.contentId !== item.contentId
          ? {
              contentId: held.contentId,
              version: held.version,
              upgradeBy:
                held.state === 'active' &&
                (held.returnDeadline === null || held.returnDeadline > ctx.now())
                  ? upgradeKindOf(held.returnPolicy)
                  : null,
            }
          : null,
    };
  };

  return {
    'store.list': async (query) => {
      const page = await ctx.api.call('listCatalog', {
        query: {
          q: query.q,
          kind: query.kind,
          cursor: query.cursor,
          limit: query.limit,
          latestOnly: query.latestOnly,
        },
      });
      return { items: page.items.map(owned), nextCursor: page.nextCursor };
    },
    /** Once the order is paid its license comes through sync: ask for one right away. */
    'store.order': async ({ orderId }) => {
      const order = await ctx.api.call('getOrder', { params: { orderId } });
      if (order.state !== 'awaiting_payment') ctx.requestSync();
      return order;
    },
    'store.get': async ({ contentId }) =>
      owned(await ctx.api.call('getCatalogItem', { params: { contentId } })),
    'store.cover': async ({ contentId }) => ({ dataUrl: await coverOf(contentId) }),

    /**
     * Buys with the idempotency key stored for this purchase: if the answer is lost (crash,
     * timeout), buying again sends the same key and the server answers the first purchase.
     */
    'store.buy': async ({ contentId, pointsToUse }) => {
      const idempotencyKey = ctx.store.purchases.keyFor(contentId, pointsToUse, ctx.now());
      let response;
      try {
        response = await ctx.api.call('purchase', {
          body: { contentId, pointsToUse, idempotencyKey },
        });
      } catch (error) {
        // The server's final word (e.g. INSUFFICIENT_POINTS): the next attempt is a new purchase.
        if (!isTransient(error)) ctx.store.purchases.done(contentId);
        throw error;
      }
      if (!isBought(response)) {
        // Waiting for payment: the license comes through sync once the payment is captured.
        ctx.store.purchases.done(contentId);
        ctx.store.wallet.setBalance(response.balance, ctx.now());
        ctx.events.emit('wallet.changed', { balance: response.balance, at: ctx.now() });
        ctx.requestSync();
        return {
          contentId,
          licenseId: null,
          balance: response.balance,
          order: response.order,
          testPayment: response.order.testPayment,
        };
      }
      const bought = response;
      ctx.store.transaction(() => {
        addLicense(ctx, bought.license);
        ctx.store.purchases.done(contentId);
        ctx.store.wallet.setBalance(response.balance, ctx.now());
      });
      ctx.events.emit('library.changed', { reason: 'purchase' });
      ctx.events.emit('wallet.changed', { balance: response.balance, at: ctx.now() });
      ctx.requestSync();
      return {
        contentId,
        licenseId: bought.license.licenseId,
        balance: bought.balance,
        order: null,
        testPayment: bought.purchase.paymentProvider === 'test',
      };
    },
  };
}

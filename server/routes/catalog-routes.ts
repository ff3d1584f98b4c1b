import type { ServerContext } from '../context';
import type { Handlers } from '../http/route-table';
import { addWebhookTarget, webhookTargets } from '../services/webhook-targets';
import { browseCatalog, catalogItem, publishContent, setReturnPolicy } from '../services/catalog';

export function catalogHandlers(
  ctx: ServerContext,
): Pick<
  Handlers,
  | 'listCatalog'
  | 'getCatalogItem'
  | 'adminPublish'
  | 'adminSetPolicy'
  | 'adminAddWebhook'
  | 'adminListWebhooks'
> {
  return {
    listCatalog: ({ query }) => browseCatalog(ctx, query),
    getCatalogItem: ({ params }) => catalogItem(ctx, params.contentId),
    adminPublish: ({ body }) => publishContent(ctx, body),
    adminSetPolicy: ({ params, body }) => setReturnPolicy(ctx, params.productId, body),
    adminAddWebhook: ({ body }) => addWebhookTarget(ctx, body),
    adminListWebhooks: async () => ({ targets: await webhookTargets(ctx) }),
  };
}

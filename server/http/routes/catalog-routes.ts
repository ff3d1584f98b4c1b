import type { ServerContext } from '../../context';
import {
  browseCatalog,
  catalogItem,
  publishContent,
  setReturnPolicy,
} from '../../services/catalog';
import type { Handlers } from '../handler-types';

export function catalogHandlers(
  ctx: ServerContext,
): Pick<Handlers, 'listCatalog' | 'getCatalogItem' | 'adminPublish' | 'adminSetPolicy'> {
  return {
    listCatalog: ({ query }) => browseCatalog(ctx, query),
    getCatalogItem: ({ params }) => catalogItem(ctx, params.contentId),
    adminPublish: ({ body }) => publishContent(ctx, body),
    adminSetPolicy: ({ params, body }) => setReturnPolicy(ctx, params.productId, body),
  };
}

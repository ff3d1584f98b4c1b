import type { ServerContext } from '../../context';
import {
  browseCatalog,
  catalogItem,
  publishContent,
  setReturnPolicy,
} from '../../services/catalog';
import { sendCatalogCover } from '../../services/catalog-covers';
import type { Handlers } from '../handler-types';

export function catalogHandlers(
  ctx: ServerContext,
): Pick<
  Handlers,
  'listCatalog' | 'getCatalogItem' | 'getCatalogCover' | 'adminPublish' | 'adminSetPolicy'
> {
  return {
    listCatalog: ({ query }) => browseCatalog(ctx, query),
    getCatalogItem: ({ params }) => catalogItem(ctx, params.contentId),
    getCatalogCover: ({ params, request, reply }) =>
      sendCatalogCover(ctx, params.contentId, request, reply),
    adminPublish: ({ body }) => publishContent(ctx, body),
    adminSetPolicy: ({ params, body }) => setReturnPolicy(ctx, params.productId, body),
  };
}

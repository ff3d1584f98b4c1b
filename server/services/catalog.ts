import { randomUUID } from 'node:crypto';
import type {
  CatalogItem,
  CatalogPage,
  CatalogQuery,
  ReturnPolicy,
} from '../../shared/api/catalog';
import type { publishContentRequestSchema } from '../../shared/api/admin';
import { MAX_CONTENT_FILE_BYTES } from '../../shared/api/admin';
import { AppError } from '../../shared/errors';
import { termsOf } from '../../shared/returns/policy-terms';
import { RETURN_KINDS } from '../../shared/returns/return-kinds';
import type { z } from 'zod';
import type { ServerContext } from '../context';
import { isUniqueViolation } from '../db/database';
import {
  findCatalogRow,
  findProduct,
  insertContent,
  insertProduct,
  listCatalog,
  setLatestVersion,
  upsertPolicy,
} from '../db/contents';
import { iso } from '../util/clock';
import { decodeCursor, encodeCursor, timeIdCursorSchema } from '../util/cursor';
import { termsToColumns } from './return-kinds/registry';
import type { TermsColumns } from './return-kinds/return-kind';
import { keepCatalogCover, withCovers } from './catalog-covers';
import { toCatalogItem } from './views';

const DEFAULT_PAGE = 24;

export async function browseCatalog(ctx: ServerContext, query: CatalogQuery): Promise<CatalogPage> {
  const limit = query.limit ?? DEFAULT_PAGE;
  const after = query.cursor ? decodeCursor(query.cursor, timeIdCursorSchema) : undefined;
  const rows = await listCatalog(ctx.db, {
    q: query.q || undefined,
    kind: query.kind,
    latestOnly: query.latestOnly === 'true',
    after,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await withCovers(ctx, page.map(toCatalogItem)),
    nextCursor: rows.length > limit && last ? encodeCursor([last.published_at, last.id]) : null,
  };
}

export async function catalogItem(ctx: ServerContext, contentId: string): Promise<CatalogItem> {
  const row = await findCatalogRow(ctx.db, contentId);
  if (!row) throw new AppError('NOT_FOUND', 'No such content');
  const [item] = await withCovers(ctx, [toCatalogItem(row)]);
  return item as CatalogItem;
}

type PublishInput = z.infer<typeof publishContentRequestSchema>;

/** Publishes a new product (version 1) or the next version of an existing one. */
export async function publishContent(
  ctx: ServerContext,
  input: PublishInput,
): Promise<CatalogItem> {
  const bytes = Buffer.from(input.fileBase64, 'base64');
  if (bytes.byteLength === 0 || bytes.byteLength > MAX_CONTENT_FILE_BYTES) {
    throw new AppError('VALIDATION_FAILED', 'Bad file', {
      issues: [{ path: 'fileBase64', message: `1 to ${MAX_CONTENT_FILE_BYTES} bytes` }],
    });
  }
  const file = await ctx.contents.put(bytes);
  const contentId = randomUUID();
  const at = iso(ctx.clock());
  try {
    await ctx.database.transaction(async (tx) => {
      let productId = input.productId;
      let version = 1;
      if (productId) {
        const product = await findProduct(tx, productId);
        if (!product) throw new AppError('NOT_FOUND', 'No such product');
        version = product.latest_version + 1;
      } else {
        productId = randomUUID();
        await insertProduct(tx, productId, contentId, at);
      }
      await insertContent(tx, {
        id: contentId,
        product_id: productId,
        version,
        title: input.title,
        creator: input.creator,
        kind: input.kind,
        description: input.description,
        price_cents: input.priceCents,
        sha256: file.sha256,
        size: file.size,
        mime: input.mime,
        published_at: at,
      });
      await setLatestVersion(tx, productId, version, contentId);
      if (input.cover) await keepCatalogCover(ctx, tx, contentId, input.cover);
    });
  } catch (error) {
    // Two versions published at once for one product: the unique (product, version) refused one.
    if (isUniqueViolation(error))
      throw new AppError('CONFLICT', 'Another version was published at the same time');
    throw error;
  }
  return catalogItem(ctx, contentId);
}

export async function setReturnPolicy(
  ctx: ServerContext,
  productId: string,
  policy: ReturnPolicy,
): Promise<ReturnPolicy> {
  if (!(await findProduct(ctx.db, productId))) throw new AppError('NOT_FOUND', 'No such product');
  const terms = RETURN_KINDS.map((kind) => termsToColumns(kind, termsOf(policy, kind)));
  await upsertPolicy(
    ctx.db,
    {
      product_id: productId,
      window_days: policy.windowDays,
      ...(Object.assign({}, ...terms) as TermsColumns),
      limit_per_30_days: policy.limitPer30Days,
    },
    iso(ctx.clock()),
  );
  return policy;
}

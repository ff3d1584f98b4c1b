import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogCover, CatalogItem } from '../../shared/api/catalog';
import { MAX_CATALOG_COVER_BYTES } from '../../shared/api/catalog';
import { AppError } from '../../shared/errors';
import { coverSizeProblem } from '../../shared/images/image-size';
import { hasSignatureOf } from '../../shared/images/image-types';
import type { ServerContext } from '../context';
import type { Db } from '../db/database';
import { coversOf, findCover, insertCover } from '../db/content-covers';

/** A day: the cover of a content id never changes, but a shorter life bounds a stale proxy. */
const COVER_MAX_AGE_S = 86_400;

/**
 * Keeps a published item's cover: the bytes must be the image type they claim (the app shows
 * them as that type), within the size limit, and declare a size in pixels the app takes
 * (IMAGE_TOO_LARGE otherwise: a small file can declare an image that costs gigabytes to decode).
 */
export async function keepCatalogCover(
  ctx: ServerContext,
  db: Db,
  contentId: string,
  cover: { mime: CatalogCover['mime']; base64: string },
): Promise<void> {
  const bytes = Buffer.from(cover.base64, 'base64');
  if (
    bytes.length === 0 ||
    bytes.length > MAX_CATALOG_COVER_BYTES ||
    !hasSignatureOf(cover.mime, bytes)
  ) {
    throw new AppError('VALIDATION_FAILED', 'Bad cover', {
      issues: [
        {
          path: 'cover.base64',
          message: `a ${cover.mime} of at most ${MAX_CATALOG_COVER_BYTES} bytes`,
        },
      ],
    });
  }
  const size = coverSizeProblem(cover.mime, bytes);
  if (size) {
    throw new AppError(
      size.kind === 'tooLarge' ? 'IMAGE_TOO_LARGE' : 'VALIDATION_FAILED',
      undefined,
      {
        issues: [{ path: 'cover.base64', message: size.reason }],
      },
    );
  }
  const stored = await ctx.contents.put(bytes);
  await insertCover(db, {
    content_id: contentId,
    sha256: stored.sha256,
    size: stored.size,
    mime: cover.mime,
  });
}

/** Catalog items with their covers named (one query for the page). */
export async function withCovers(ctx: ServerContext, items: CatalogItem[]): Promise<CatalogItem[]> {
  const covers = await coversOf(
    ctx.db,
    items.map((item) => item.contentId),
  );
  return items.map((item) => {
    const cover = covers.get(item.contentId);
    return cover
      ? {
          ...item,
          cover: {
            sha256: cover.sha256,
            size: cover.size,
            mime: cover.mime as CatalogCover['mime'],
          },
        }
      : item;
  });
}

/**
 * Sends an item's catalog cover: public (the catalog is), cacheable, its ETag the sha256 so a
 * client that has it gets 304 and no body. 404 when the item has none.
 */
export async function sendCatalogCover(
  ctx: ServerContext,
  contentId: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const cover = await findCover(ctx.db, contentId);
  if (!cover) throw new AppError('NOT_FOUND', 'This item has no catalog cover');
  const etag = `"${cover.sha256}"`;
  reply
    .header('etag', etag)
    .header('cache-control', `public, max-age=${COVER_MAX_AGE_S}`)
    .header('content-type', cover.mime);
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    return reply.code(304).send();
  }
  const stream = await ctx.contents.read(cover.sha256);
  return reply.code(200).header('content-length', cover.size).send(stream);
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import type { ServerContext } from '../context';
import { findCatalogRow } from '../db/contents';
import { holdsContent } from '../db/licenses';
import type { Caller } from '../services/auth';
import { parseByteRange } from '../../shared/http-range';

export const CONTENT_SHA256_HEADER = 'x-content-sha256';

/**
 * Streams a content file to a holder of an active license. Anyone else gets 404 (not 403), so
 * the answer does not reveal what another user owns.
 */
export async function sendContentFile(
  ctx: ServerContext,
  caller: Caller,
  contentId: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  if (!(await holdsContent(ctx.db, caller.userId, contentId)))
    throw new AppError('NOT_FOUND', 'No such licensed content');
  const content = await findCatalogRow(ctx.db, contentId);
  const size = content && (await ctx.contents.size(content.sha256));
  if (!content || size === null || size === undefined)
    throw new AppError('NOT_FOUND', 'The file is missing');
  const range = parseByteRange(request.headers.range, size);
  reply
    .header('accept-ranges', 'bytes')
    .header('etag', `"${content.sha256}"`)
    .header(CONTENT_SHA256_HEADER, content.sha256)
    .header('content-type', content.mime)
    .header('cache-control', 'private, no-store');
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    throw new AppError('RANGE_NOT_SATISFIABLE');
  }
  if (range === null) {
    return reply
      .code(200)
      .header('content-length', size)
      .send(await ctx.contents.read(content.sha256));
  }
  return reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
    .header('content-length', range.end - range.start + 1)
    .send(await ctx.contents.read(content.sha256, range));
}

import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { strFromU8, unzipSync } from 'fflate';
import { AppError } from '../../../shared/errors';
import { coverSizeProblem } from '../../../shared/images/image-size';
import { hasSignatureOf, imageTypeOf, isImageType } from '../../../shared/images/image-types';
import type { CoreContext } from '../core-context';
import { readAudioMarks } from './audio-marks';

/** A cover larger than this is not kept (the letter tile is shown). */
const COVER_MAX_BYTES = 4 * 1024 * 1024;
/** Contents read back whole to find a cover: above this a download keeps no cover. */
const SCAN_MAX_BYTES = 64 * 1024 * 1024;

export interface Cover {
  mime: string;
  bytes: Uint8Array;
}

/**
 * The bytes as a cover, or null: an image type the page shows in an <img> without a converter
 * (told by its signature, whatever the file or tag claims), at most COVER_MAX_BYTES, and at most
 * MAX_COVER_SIDE pixels on a side by its header (docs/design.md §12.4).
 */
function asCover(bytes: Uint8Array): Cover | null {
  const mime = imageTypeOf(bytes);
  if (!mime || bytes.length > COVER_MAX_BYTES || coverSizeProblem(mime, bytes)) return null;
  return { mime, bytes };
}

const attribute = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag)?.slice(2).find(Boolean);

/**
 * The cover an EPUB names (docs/design.md §12.4): the OPF item with `properties="cover-image"`
 * (EPUB 3), else the item the `<meta name="cover">` points at (EPUB 2). Only the container, the
 * package document and that image are inflated.
 */
export function epubCover(bytes: Uint8Array): Cover | null {
  const container = unzipSync(bytes, { filter: (file) => file.name === 'META-INF/container.xml' });
  const containerXml = container['META-INF/container.xml'];
  if (!containerXml) return null;
  const rootfile = /<rootfile\b[^>]*>/i.exec(strFromU8(containerXml))?.[0];
  const opfPath = rootfile ? attribute(rootfile, 'full-path') : undefined;
  if (!opfPath) return null;
  const opfBytes = unzipSync(bytes, { filter: (file) => file.name === opfPath })[opfPath];
  if (!opfBytes) return null;
  const opf = strFromU8(opfBytes);
  const items = opf.match(/<item\b[^>]*>/gi) ?? [];
  const coverId = (opf.match(/<meta\b[^>]*>/gi) ?? [])
    .filter((meta) => attribute(meta, 'name') === 'cover')
    .map((meta) => attribute(meta, 'content'))
    .find(Boolean);
  const item =
    items.find((tag) =>
      (attribute(tag, 'properties') ?? '').split(/\s+/).includes('cover-image'),
    ) ?? items.find((tag) => coverId !== undefined && attribute(tag, 'id') === coverId);
  const href = item ? attribute(item, 'href') : undefined;
  const mime = item ? attribute(item, 'media-type') : undefined;
  if (!href || !mime || !isImageType(mime)) return null;
  const path = posix.normalize(posix.join(posix.dirname(opfPath), decodeURIComponent(href)));
  const image = unzipSync(bytes, { filter: (file) => file.name === path })[path];
  return image ? asCover(image) : null;
}

/**
 * The artwork embedded in an audio file: an ID3v2 `APIC` picture (the front cover first), in an
 * MP3's tag or a WAV's `id3 ` chunk (main/core/library/audio-marks.ts reads them).
 */
export function audioCover(bytes: Uint8Array): Cover | null {
  const picture = readAudioMarks(bytes).picture;
  return picture ? asCover(picture.bytes) : null;
}

const isAudio = (mime: string) => mime.startsWith('audio/');

/**
 * The cover a content carries: an image is its own cover; an EPUB names one; audio may embed
 * artwork. A PDF's first page is drawn by the page (keepDrawnCover).
 */
export function coverOf(mime: string, bytes: Uint8Array): Cover | null {
  if (isImageType(mime)) return asCover(bytes);
  if (mime === 'application/epub+zip') return epubCover(bytes);
  if (isAudio(mime)) return audioCover(bytes);
  return null;
}

/** Whether a content of this type may carry a cover (so a download reads it back for one). */
export const mayHaveCover = (mime: string, size: number): boolean =>
  size <= SCAN_MAX_BYTES && (isImageType(mime) || mime === 'application/epub+zip' || isAudio(mime));

/** A PDF's first page, drawn by the page's pdf.js, is at most this large as a PNG. */
const DRAWN_COVER_MAX_BYTES = 1024 * 1024;

/** Writes a cover into the vault (its own file, its own key); the file and its key. */
export async function writeCover(ctx: CoreContext, cover: Cover) {
  const bytes = Buffer.from(cover.bytes);
  return ctx.vault.write(Readable.from([bytes]), {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
  });
}

/**
 * Keeps a content's own cover, in place of a catalog cover if it had one (docs/design.md §12.4);
 * false if it had its own already.
 */
async function storeCover(ctx: CoreContext, contentId: string, cover: Cover): Promise<boolean> {
  const kept = await writeCover(ctx, cover);
  const named = ctx.store.covers.set(contentId, { ...kept, mime: cover.mime });
  if (named.replaced) await ctx.vault.delete(named.replaced);
  if (named.kept) return true;
  await ctx.vault.delete(kept.file);
  return false;
}

/** Whether the content has its own cover (a catalog cover gives way to one). */
const hasOwnCover = (ctx: CoreContext, contentId: string): boolean =>
  ctx.store.covers.get(contentId)?.fromCatalog === false;

/**
 * Keeps the first page of a downloaded PDF as its cover, drawn by the page (pdf.js lives there,
 * not in the core): a PNG data URL. Only for a PDF on this device without its own cover, and only a
 * real PNG of bounded size; anything else is refused with a reason.
 */
export async function keepDrawnCover(
  ctx: CoreContext,
  contentId: string,
  dataUrl: string,
): Promise<boolean> {
  const content = ctx.store.contents.get(contentId);
  if (!content) throw new AppError('NOT_FOUND', 'This content is not in your library');
  if (content.mime !== 'application/pdf' || !content.vaultFile) {
    throw new AppError('VALIDATION_FAILED', 'Only a downloaded PDF takes a drawn cover');
  }
  if (hasOwnCover(ctx, contentId)) return false;
  const prefix = 'data:image/png;base64,';
  const bytes = dataUrl.startsWith(prefix)
    ? Buffer.from(dataUrl.slice(prefix.length), 'base64')
    : null;
  if (!bytes || bytes.length > DRAWN_COVER_MAX_BYTES || !hasSignatureOf('image/png', bytes)) {
    throw new AppError('VALIDATION_FAILED', 'A drawn cover is a PNG of at most 1 MiB');
  }
  const size = coverSizeProblem('image/png', bytes);
  if (size) {
    throw new AppError(
      size.kind === 'tooLarge' ? 'IMAGE_TOO_LARGE' : 'VALIDATION_FAILED',
      undefined,
      {
        issues: [{ path: 'dataUrl', message: size.reason }],
      },
    );
  }
  const kept = await storeCover(ctx, contentId, { mime: 'image/png', bytes });
  if (kept) ctx.events.emit('library.changed', { reason: 'download' });
  return kept;
}

/**
 * Takes the cover out of a content just downloaded and keeps it encrypted in the vault, as its
 * own file with its own key. Best effort: a content without a readable cover keeps the letter
 * tile, and the download has succeeded either way. Returns whether a cover was kept.
 */
export async function keepCover(
  ctx: CoreContext,
  contentId: string,
  stored: { file: string; key: Buffer },
  mime: string,
  size: number,
): Promise<boolean> {
  if (!mayHaveCover(mime, size) || hasOwnCover(ctx, contentId)) return false;
  let cover: Cover | null;
  try {
    cover = coverOf(mime, await ctx.vault.readAll(stored.file, stored.key));
  } catch (error) {
    ctx.logger.warn('no cover could be read from a download', { contentId, error: String(error) });
    return false;
  }
  return cover ? storeCover(ctx, contentId, cover) : false;
}

import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppCore } from '../core/app-core-api';
import { packageFileName } from '../core/library/save-package';
import type { ServerErrorCode } from '../../shared/errors';
import { isAppError, SERVER_ERROR_CODES } from '../../shared/errors';
import { parseByteRange, sliceBytes } from '../../shared/http-range';
import { BASE_HEADERS, sendProblem } from './http-replies';

/** App-side codes as HTTP statuses for the viewer (the body says which). */
const APP_CODE_STATUS: Record<string, [ServerErrorCode, number]> = {
  NOT_SIGNED_IN: ['UNAUTHENTICATED', 401],
  LICENSE_INVALID: ['FORBIDDEN', 403],
  LICENSE_LOCKED: ['FORBIDDEN', 403],
  CONTENT_NOT_DOWNLOADED: ['NOT_FOUND', 404],
  CONTENT_CORRUPT: ['CONFLICT', 409],
};

/** An attachment named after the item: an ASCII fallback, and the exact name (RFC 6266). */
function attachment(title: string, mime: string): string {
  const name = packageFileName(title, mime);
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/**
 * `GET /bridge/content/:contentId`: the decrypted content streamed from the vault, never
 * written to disk, with single byte ranges so audio can seek.
 */
export async function serveContent(
  res: ServerResponse,
  openContent: AppCore['openContent'],
  contentId: string,
  rangeHeader: string | undefined,
  head: boolean,
  onUnexpected: (error: unknown) => void,
  /** `?download=1`: a software package saved by the browser (the host has no folder dialog). */
  download = false,
): Promise<void> {
  let opened;
  try {
    opened = await openContent(contentId);
  } catch (error) {
    if (!isAppError(error)) {
      onUnexpected(error);
      return sendProblem(res, 'INTERNAL');
    }
    const known = (SERVER_ERROR_CODES as readonly string[]).includes(error.code);
    const [code, status] = known
      ? [error.code as ServerErrorCode, undefined]
      : (APP_CODE_STATUS[error.code] ?? ['CONFLICT', 409]);
    return sendProblem(res, code, error.message, status);
  }
  if (download && opened.kind !== 'software') {
    // Only a software package is saved (as with content.saveToFolder); the others open in the
    // app's viewers and are never handed out as a file.
    opened.stream.destroy();
    return sendProblem(res, 'VALIDATION_FAILED', 'Only a software package is downloaded.');
  }
  const headers: Record<string, string> = {
    ...BASE_HEADERS,
    'Content-Type': opened.mime,
    'Accept-Ranges': 'bytes',
    'Content-Disposition': download ? attachment(opened.title, opened.mime) : 'inline',
    // The viewers fetch contents; none is framed (pdf.js draws PDFs in the app, §11.3).
    'X-Frame-Options': 'DENY',
    // Opened as a document (a text file in a new tab, say), a content must not run script with
    // the host's origin (docs/design.md §11.1).
    'Content-Security-Policy': "default-src 'none'; sandbox",
  };
  const range = parseByteRange(rangeHeader, opened.size);
  if (range === 'unsatisfiable') {
    opened.stream.destroy();
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${opened.size}` });
    return void res.end();
  }
  if (head) {
    opened.stream.destroy();
    res.writeHead(200, { ...headers, 'Content-Length': String(opened.size) });
    return void res.end();
  }
  if (range === null) {
    res.writeHead(200, { ...headers, 'Content-Length': String(opened.size) });
    await pipeline(opened.stream, res).catch(() => opened.stream.destroy());
    return;
  }
  res.writeHead(206, {
    ...headers,
    'Content-Length': String(range.end - range.start + 1),
    'Content-Range': `bytes ${range.start}-${range.end}/${opened.size}`,
  });
  await pipeline(Readable.from(sliceBytes(opened.stream, range)), res).catch(() => undefined);
  opened.stream.destroy();
}

import type { ServerResponse } from 'node:http';
import type { ServerErrorCode } from '../../shared/errors';
import { ERROR_SENTENCES, ERROR_STATUS, problemType } from '../../shared/errors';

/** Headers on every response of the host: nothing is cached (but hashed assets, static-renderer.ts), sniffed, framed or referred. */
export const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
} as const;

/** RFC 9457 problem+json with our stable code, as the license server answers. */
export function sendProblem(
  res: ServerResponse,
  code: ServerErrorCode,
  detail?: string,
  status = ERROR_STATUS[code],
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({
    type: problemType(code),
    title: ERROR_SENTENCES[code],
    status,
    code,
    ...(detail ? { detail } : {}),
  });
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'application/problem+json' });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...BASE_HEADERS, ...headers, 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

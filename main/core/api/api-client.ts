import axios, { AxiosError, type AxiosInstance } from 'axios';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import {
  routes,
  type RouteBody,
  type RouteName,
  type RouteResponse,
} from '../../../shared/api/routes';
import { AppError } from '../../../shared/errors';
import { serverAddressProblem } from '../../../shared/server-address';
import { errorFromResponse, errorFromTransport } from './api-error';

export interface CallOptions<N extends RouteName> {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: RouteBody<N>;
  signal?: AbortSignal;
}

export interface StreamResponse {
  status: number;
  headers: Record<string, unknown>;
  body: Readable;
}

/**
 * The license server client: every call goes through the shared route table, and every answer
 * is validated with the route's schema before the core trusts it. Errors come out as AppError
 * with the server's code (see api-error.ts), never as raw axios errors.
 */
export class ApiClient {
  private readonly http: AxiosInstance;

  constructor(
    private readonly baseUrl: () => string,
    private readonly token: () => string | null,
    timeoutMs = 15_000,
    /** Told after each request whether the server answered at all (the online state). */
    private readonly onReachability: (reachable: boolean) => void = () => {},
    /** Told when the server refuses our session (401 on a user route): it has ended. */
    private readonly onSessionEnded: () => void = () => {},
  ) {
    this.http = axios.create({ timeout: timeoutMs, validateStatus: () => true, maxRedirects: 0 });
  }

  async call<N extends RouteName>(
    name: N,
    options: CallOptions<N> = {},
  ): Promise<RouteResponse<N>> {
    const route = routes[name];
    let response;
    try {
      response = await this.http.request({
        method: route.method,
        url: this.url(route.path, options.params),
        params: options.query,
        data: options.body,
        headers: this.headers(route.auth),
        signal: options.signal,
      });
    } catch (error) {
      throw this.transportFailure(error);
    }
    this.onReachability(true);
    if (response.status === 401 && route.auth === 'user') this.onSessionEnded();
    if (response.status < 200 || response.status >= 300) throw errorFromResponse(response);
    const schema = (route as { response?: z.ZodType }).response;
    if (!schema) return undefined as RouteResponse<N>;
    const parsed = schema.safeParse(response.data);
    if (!parsed.success) {
      throw new AppError('INTERNAL', `The server's answer to ${name} does not match the contract`, {
        data: { status: response.status, retryAfterMs: null, receipt: undefined, sent: true },
      });
    }
    return parsed.data as RouteResponse<N>;
  }

  /** A content file as a stream (status 200 or 206); errors are read and mapped like `call`. */
  async download(contentId: string, signal: AbortSignal, range?: string): Promise<StreamResponse> {
    let response;
    try {
      response = await this.http.request<Readable>({
        method: 'GET',
        url: this.url(routes.downloadContent.path, { contentId }),
        headers: { ...this.headers('user'), ...(range ? { Range: range } : {}) },
        responseType: 'stream',
        signal,
        // A large file on a slow link must not hit the request timeout; cancel is the user's.
        timeout: 0,
      });
    } catch (error) {
      throw this.transportFailure(error);
    }
    this.onReachability(true);
    if (response.status !== 200 && response.status !== 206) {
      if (response.status === 401) this.onSessionEnded();
      const text = await readText(response.data);
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        // not JSON: the status alone decides the code
      }
      throw errorFromResponse({ ...response, data });
    }
    return { status: response.status, headers: response.headers, body: response.data };
  }

  /**
   * A content's catalog cover (a public route): its bytes as sent, with their declared type and
   * ETag; `none` for 404; `tooLarge` when the body passes `maxBytes` (cut there, never held
   * whole). Other failures are thrown like `call`'s. The caller checks the bytes. `signal` ends
   * the request at once (the app closing), however slowly the server sends its answer.
   */
  async catalogCover(
    contentId: string,
    maxBytes: number,
    signal?: AbortSignal,
  ): Promise<
    | { kind: 'image'; type: string; etag: string; bytes: Buffer }
    | { kind: 'none' }
    | { kind: 'tooLarge' }
  > {
    let response;
    try {
      response = await this.http.request<ArrayBuffer>({
        method: 'GET',
        url: this.url(routes.getCatalogCover.path, { contentId }),
        responseType: 'arraybuffer',
        maxContentLength: maxBytes,
        signal,
      });
    } catch (error) {
      if (error instanceof AxiosError && /maxContentLength/.test(error.message)) {
        this.onReachability(true);
        return { kind: 'tooLarge' };
      }
      throw this.transportFailure(error);
    }
    this.onReachability(true);
    if (response.status !== 200) {
      const text = Buffer.from(response.data).toString('utf8');
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        // not JSON: the status alone decides the code
      }
      // "No cover" only when the license server says so: a 404 from a server without the
      // route, or a proxy's page, says nothing about the cover (asked again at a later sync).
      const code = (data as { code?: unknown } | null)?.code;
      if (response.status === 404 && code === 'NOT_FOUND') return { kind: 'none' };
      throw errorFromResponse({ ...response, data });
    }
    return {
      kind: 'image',
      type: String(response.headers['content-type'] ?? ''),
      etag: String(response.headers['etag'] ?? ''),
      bytes: Buffer.from(response.data),
    };
  }

  private transportFailure(error: unknown) {
    const appError = errorFromTransport(error);
    if (appError.code === 'SERVER_UNREACHABLE') this.onReachability(false);
    return appError;
  }

  private url(path: string, params: Record<string, string> = {}): string {
    const filled = path.replace(/:([A-Za-z]+)/g, (_m, key: string) => {
      const value = params[key];
      if (value === undefined) throw new Error(`missing path parameter ${key}`);
      return encodeURIComponent(value);
    });
    const base = this.baseUrl();
    // The settings refuse such an address, but a settings file from an older version (or edited
    // by hand) may still hold one: nothing, least of all the password, goes out in clear text.
    const problem = serverAddressProblem(base);
    if (problem) {
      throw new AppError(problem, undefined, {
        // Never sent, so queued work stays queued until the address is corrected.
        data: { status: 0, retryAfterMs: null, receipt: undefined, sent: false },
      });
    }
    return base.replace(/\/+$/, '') + filled;
  }

  private headers(auth: string): Record<string, string> {
    if (auth !== 'user') return {};
    const token = this.token();
    if (!token) throw new AppError('NOT_SIGNED_IN');
    return { Authorization: `Bearer ${token}` };
  }
}

async function readText(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) {
    parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    if (parts.reduce((n, p) => n + p.length, 0) > 64 * 1024) break;
  }
  return Buffer.concat(parts).toString('utf8');
}

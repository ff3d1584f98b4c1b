import { Agent, request } from 'node:http';

export interface JsonAnswer {
  status: number;
  json: unknown;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A keep-alive agent with one socket: one load client = one connection, reused. */
export function clientAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
}

/**
 * One HTTP request on `agent` (node:http, no fetch: its pooling would hide the per-client
 * connection). Status 0 means a network error (refused, reset, timed out).
 */
export function send(
  agent: Agent,
  base: string,
  method: string,
  path: string,
  options: {
    token?: string | undefined;
    body?: unknown;
    rawBody?: string | Buffer;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<JsonAnswer> {
  const url = new URL(path, base);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (payload !== undefined) headers['content-length'] ??= String(Buffer.byteLength(payload));
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname + url.search,
        headers,
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json, text, headers: res.headers });
        });
        res.on('error', () => resolve({ status: 0, json: undefined, text: '', headers: {} }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) =>
      resolve({ status: 0, json: undefined, text: String(error), headers: {} }),
    );
    req.end(payload);
  });
}

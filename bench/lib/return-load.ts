import { randomUUID } from 'node:crypto';
import { clientAgent, send } from '../../test/fixtures/http-client';
import type { SeededLicense } from '../../test/fixtures/server-seed';

export interface LoadResult {
  /** Returns answered 201. */
  returned: number;
  /** Operations that did not end in a 201 (any other status or a network error). */
  errors: number;
  /** Every answer's status, quote and return alike (0 = network error). */
  statuses: Map<number, number>;
  elapsedMs: number;
  /** Per operation (quote + return, or return alone), ms. */
  latencies: number[];
}

export interface LoadOptions {
  /** Server base URLs; client i talks to urls[i % urls.length]. */
  urls: string[];
  clients: number;
  /** Consumed in order, each by exactly one client. */
  items: SeededLicense[];
  /** Ask for a quote first and return with its id (the app's flow). Default true. */
  quote?: boolean;
}

/**
 * `clients` concurrent HTTP clients, each on its own keep-alive connection, taking the next
 * license from a shared queue and returning it (buyback). Bounded: stops when the queue is empty.
 */
export async function runReturnLoad(options: LoadOptions): Promise<LoadResult> {
  const withQuote = options.quote ?? true;
  const result: LoadResult = {
    returned: 0,
    errors: 0,
    statuses: new Map(),
    elapsedMs: 0,
    latencies: [],
  };
  const count = (status: number) =>
    result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
  let next = 0;

  const client = async (index: number) => {
    const agent = clientAgent();
    const base = options.urls[index % options.urls.length] as string;
    try {
      for (;;) {
        const item = options.items[next++];
        if (!item) return;
        const started = performance.now();
        let quoteId: string | undefined;
        if (withQuote) {
          const quote = await send(
            agent,
            base,
            'GET',
            `/v1/licenses/${item.licenseId}/return-quote`,
            { token: item.user.token },
          );
          count(quote.status);
          if (quote.status !== 200) {
            result.errors++;
            continue;
          }
          quoteId = (quote.json as { quoteId: string }).quoteId;
        }
        const answer = await send(agent, base, 'POST', '/v1/returns', {
          token: item.user.token,
          body: {
            returnId: randomUUID(),
            licenseId: item.licenseId,
            kind: 'buyback',
            deviceId: item.user.deviceId,
            ...(quoteId ? { quoteId } : {}),
          },
        });
        count(answer.status);
        result.latencies.push(performance.now() - started);
        if (answer.status === 201) result.returned++;
        else result.errors++;
      }
    } finally {
      agent.destroy();
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  result.elapsedMs = performance.now() - started;
  return result;
}

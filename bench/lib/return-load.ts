import { randomUUID } from 'node:crypto';
import { HttpConnection } from './http-connection';
import type { SeededLicense } from '../../test/fixtures/server-seed';

export interface LoadResult {
  /** Returns answered 201. */
  returned: number;
  /** Operations that did not end in a 201 (any other status or a network error). */
  errors: number;
  /** Of those, answers with the right status whose JSON was not the expected answer. */
  invalid: number;
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

const JSON_BODY = 'Content-Type: application/json\r\n';

/** The quote's id when the answer is an offer for `licenseId` (the app checks the same). */
function offeredQuoteId(text: string, licenseId: string): string | undefined {
  const quote = parseJson(text) as
    { status?: unknown; licenseId?: unknown; quoteId?: unknown } | undefined;
  return quote?.status === 'offered' &&
    quote.licenseId === licenseId &&
    typeof quote.quoteId === 'string'
    ? quote.quoteId
    : undefined;
}

/** Whether the answer is the receipt of this return of this license. */
function isReceiptFor(text: string, returnId: string, licenseId: string): boolean {
  const receipt = parseJson(text) as { returnId?: unknown; licenseId?: unknown } | undefined;
  return receipt?.returnId === returnId && receipt.licenseId === licenseId;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * `clients` concurrent HTTP clients, each on its own keep-alive connection, taking the next
 * license from a shared queue and returning it (buyback). Bounded: stops when the queue is empty.
 * The requests are the app's (ApiClient: bearer token, JSON body); every answer's status and
 * JSON are checked, a quote's offer before it is used and a return's receipt against what was
 * sent.
 */
export async function runReturnLoad(options: LoadOptions): Promise<LoadResult> {
  const withQuote = options.quote ?? true;
  const result: LoadResult = {
    returned: 0,
    errors: 0,
    invalid: 0,
    statuses: new Map(),
    elapsedMs: 0,
    latencies: [],
  };
  const count = (status: number) =>
    result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
  let next = 0;

  const client = async (index: number) => {
    const connection = new HttpConnection(options.urls[index % options.urls.length] as string);
    try {
      for (;;) {
        const item = options.items[next++];
        if (!item) return;
        const started = performance.now();
        const auth = `Authorization: Bearer ${item.user.token}\r\n`;
        let quoteId: string | undefined;
        if (withQuote) {
          const quote = await connection.request(
            'GET',
            `/v1/licenses/${item.licenseId}/return-quote`,
            auth,
          );
          count(quote.status);
          quoteId = quote.status === 200 ? offeredQuoteId(quote.text, item.licenseId) : undefined;
          if (!quoteId) {
            result.errors++;
            if (quote.status === 200) result.invalid++;
            continue;
          }
        }
        const returnId = randomUUID();
        const answer = await connection.request(
          'POST',
          '/v1/returns',
          auth + JSON_BODY,
          JSON.stringify({
            returnId,
            licenseId: item.licenseId,
            kind: 'buyback',
            deviceId: item.user.deviceId,
            ...(quoteId ? { quoteId } : {}),
          }),
        );
        count(answer.status);
        result.latencies.push(performance.now() - started);
        if (answer.status !== 201) result.errors++;
        else if (isReceiptFor(answer.text, returnId, item.licenseId)) result.returned++;
        else {
          result.errors++;
          result.invalid++;
        }
      }
    } finally {
      connection.close();
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  result.elapsedMs = performance.now() - started;
  return result;
}

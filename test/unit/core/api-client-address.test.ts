import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../main/core/api/api-client';
import { isTransient } from '../../../main/core/api/api-error';

/** A real HTTP server on 127.0.0.1 counting requests: the refused address must send nothing. */
let requests = 0;
const server = createServer((_request, response) => {
  requests += 1;
  response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the core's API client and the server address rule", () => {
  it('sends nothing to an http:// address on another computer, and says why', async () => {
    let base = 'http://shelf.example.com';
    let reachability: boolean | null = null;
    const client = new ApiClient(
      () => base,
      () => 'a-session-token',
      2_000,
      (reachable) => (reachability = reachable),
    );
    const refused = await client.call('listDevices').catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'SERVER_ADDRESS_INSECURE' });
    // Queued work stays queued (retried once the address is fixed), and "offline" is not claimed.
    expect(isTransient(refused)).toBe(true);
    expect(reachability).toBeNull();

    base = `http://127.0.0.1:${port}`;
    // Loopback may stay http://: the request reaches the server (its 404 is beside the point).
    const answered = await client.call('listDevices').catch((error: unknown) => error);
    expect(answered).not.toMatchObject({ code: 'SERVER_ADDRESS_INSECURE' });
    expect(requests).toBe(1);
    expect(reachability).toBe(true);
  });
});

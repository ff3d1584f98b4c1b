import { createServer as createHttpServer, Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpConnection } from '../../../bench/lib/http-connection';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    if (server instanceof HttpServer) server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen<S extends Server>(server: S): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A TCP server that answers every request's bytes with `answer(n)`, n = the request's number. */
function rawServer(answer: (n: number, socket: Socket) => string[] | null) {
  let n = 0;
  const sockets: Socket[] = [];
  const server = createTcpServer((socket) => {
    sockets.push(socket);
    socket.on('data', () => {
      const parts = answer(n++, socket);
      if (!parts) return;
      // Each part in its own write, a tick apart: the answer arrives in pieces.
      let i = 0;
      const next = () => {
        const part = parts[i++];
        if (part === undefined) return;
        socket.write(part);
        setTimeout(next, 5);
      };
      next();
    });
  });
  return { server, sockets };
}

describe('the load generator HTTP/1.1 connection', () => {
  it("sends the request line, headers and body node's HTTP server reads, and reads its answers on one connection", async () => {
    const seen: Array<{
      method?: string;
      url?: string;
      auth?: string;
      body: string;
      port: number;
    }> = [];
    const server = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          auth: req.headers.authorization,
          body,
          port: req.socket.remotePort ?? 0,
        });
        res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ echo: body || req.url, note: 'é' }));
      });
    });
    const connection = new HttpConnection(await listen(server));
    const head = 'Authorization: Bearer t0k\r\n';
    const got = await connection.request('GET', '/v1/a?b=1', head);
    expect(got.status).toBe(200);
    expect(JSON.parse(got.text)).toEqual({ echo: '/v1/a?b=1', note: 'é' });
    const posted = await connection.request(
      'POST',
      '/v1/returns',
      head + 'Content-Type: application/json\r\n',
      JSON.stringify({ title: 'ünïcode' }),
    );
    expect(posted.status).toBe(201);
    expect(JSON.parse(posted.text)).toEqual({ echo: '{"title":"ünïcode"}', note: 'é' });
    expect(seen.map((s) => [s.method, s.url, s.auth])).toEqual([
      ['GET', '/v1/a?b=1', 'Bearer t0k'],
      ['POST', '/v1/returns', 'Bearer t0k'],
    ]);
    // Keep-alive: both requests came over the same client port.
    expect(seen[0]?.port).toBe(seen[1]?.port);
    connection.close();
  });

  it('reads answers split across packets, with Content-Length or chunked, and skips a 100 Continue', async () => {
    const { server } = rawServer((n) =>
      n === 0
        ? ['HTTP/1.1 200 OK\r\nContent-', 'Length: 11\r\n\r\n{"a"', ':"bcd"}']
        : [
            'HTTP/1.1 100 Continue\r\n\r\n',
            'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{"x"\r\n',
            '5\r\n:[1]}\r\n0\r\n\r\n',
          ],
    );
    const connection = new HttpConnection(await listen(server));
    expect(await connection.request('GET', '/', '')).toEqual({ status: 200, text: '{"a":"bcd"}' });
    expect(await connection.request('GET', '/', '')).toEqual({ status: 201, text: '{"x":[1]}' });
    connection.close();
  });

  it('opens a new connection after the server answers Connection: close', async () => {
    const { server, sockets } = rawServer((n, socket) => {
      socket.end(`HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n${n}`);
      return null;
    });
    const connection = new HttpConnection(await listen(server));
    expect(await connection.request('GET', '/', '')).toEqual({ status: 200, text: '0' });
    expect(await connection.request('GET', '/', '')).toEqual({ status: 200, text: '1' });
    expect(sockets).toHaveLength(2);
    connection.close();
  });

  it('answers status 0 when the connection ends before the whole answer, is refused, or the answer is not HTTP', async () => {
    const { server } = rawServer((n, socket) => {
      if (n === 0) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"a');
      else socket.write('SMTP ready\r\n\r\n');
      return null;
    });
    const url = await listen(server);
    const connection = new HttpConnection(url);
    expect(await connection.request('GET', '/', '')).toEqual({ status: 0, text: '' });
    // The next request opens a new connection; its answer is not HTTP at all.
    expect(await connection.request('GET', '/', '')).toEqual({ status: 0, text: '' });
    connection.close();

    const closed = createTcpServer();
    const port = Number(new URL(await listen(closed)).port);
    await new Promise((resolve) => closed.close(resolve));
    servers.splice(servers.indexOf(closed), 1);
    const refused = new HttpConnection(`http://127.0.0.1:${port}`);
    expect(await refused.request('GET', '/', '')).toEqual({ status: 0, text: '' });
  });
});

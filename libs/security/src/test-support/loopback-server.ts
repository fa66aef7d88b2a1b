import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake service sees it. */
export interface LoopbackRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** What a fake service answers. */
export interface LoopbackResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A running fake service on 127.0.0.1; every request it saw is kept for assertions. */
export interface LoopbackServer {
  url: string;
  requests: LoopbackRequest[];
  close(): Promise<void>;
}

/** Starts an HTTP/JSON server on a free loopback port. */
export async function startLoopbackServer(
  handle: (request: LoopbackRequest) => LoopbackResponse | Promise<LoopbackResponse>,
  contentType = 'application/json',
): Promise<LoopbackServer> {
  const requests: LoopbackRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: unknown = undefined;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const request = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      };
      requests.push(request);
      Promise.resolve()
        .then(() => handle(request))
        .catch((error: unknown): LoopbackResponse => ({
          status: 500,
          body: { message: String(error) },
        }))
        .then((response) => {
          const payload = response.body === undefined ? '' : JSON.stringify(response.body);
          res.writeHead(response.status, {
            'content-type': contentType,
            'content-length': Buffer.byteLength(payload),
            ...response.headers,
          });
          res.end(payload);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

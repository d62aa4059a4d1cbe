import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
/** Routes the local stack serves itself (not part of the Lambda API); return undefined to fall through. */
export type LocalRoute = (url: URL, req: IncomingMessage) => Promise<{ status: number; body: unknown } | undefined>;

/** Turns an HTTP request into the API Gateway HTTP API (payload v2) event the search handler receives in AWS. */
export function toApiGatewayEvent(req: IncomingMessage, url: URL, body: string): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const method = req.method ?? 'GET';
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: `${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body || undefined,
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

/** The local HTTP front door, bound to 127.0.0.1 only. */
export async function startHttpGateway(port: number, handler: ApiHandler, localRoutes: LocalRoute): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    void serve(req, res, handler, localRoutes);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

async function serve(req: IncomingMessage, res: ServerResponse, handler: ApiHandler, localRoutes: LocalRoute): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const local = await localRoutes(url, req);
    if (local) {
      res.writeHead(local.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(local.body));
      return;
    }
    const result = await handler(toApiGatewayEvent(req, url, Buffer.concat(chunks).toString('utf8')));
    res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string> | undefined);
    res.end(result.body ?? '');
  } catch (error) {
    res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: { code: 'INTERNAL', message: (error as Error).message } }));
  }
}

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a loopback stand-in received it, body read whole. */
export interface LoopbackRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the stand-in answers; `body` is sent as JSON (none for HEAD or when absent). */
export interface LoopbackReply {
  status: number;
  body?: unknown;
  contentType?: string;
}

/**
 * A stand-in for an AWS or OpenSearch endpoint on 127.0.0.1 and a free port: the real client talks to
 * it over HTTP, and each subclass decides what it answers.
 */
export abstract class LoopbackJsonServer {
  endpoint = '';
  private server: Server | undefined;

  protected abstract answer(request: LoopbackRequest): LoopbackReply;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const reply = this.answer({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
        res.end(req.method === 'HEAD' || reply.body === undefined ? undefined : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.endpoint = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

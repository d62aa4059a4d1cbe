import { request } from 'node:http';

/** A local stack's answer to one HTTP request. */
export interface HttpAnswer {
  status: number;
  ok: boolean;
  text: string;
}

/**
 * One HTTP request to a local stack (plain `http:` on loopback), read whole. Node's `http` rather than
 * `fetch`: a CLI command makes one or two requests, and fetch costs ~150 ms to set up on the first
 * call and keeps the process alive for its idle connection afterwards. No agent: the connection
 * closes with the answer. No timeout unless given (a re-index may take minutes).
 */
export function httpRequest(url: string, options: { method?: 'GET' | 'POST'; timeoutMs?: number } = {}): Promise<HttpAnswer> {
  return new Promise((answer, fail) => {
    const req = request(url, { method: options.method ?? 'GET', agent: false, ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        answer({ status, ok: status >= 200 && status < 300, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', fail);
    req.end();
  });
}

/** The answer's body as JSON, or `fallback` when it is not JSON. */
export function jsonOf<T>(answer: HttpAnswer, fallback: T): T {
  try {
    return JSON.parse(answer.text) as T;
  } catch {
    return fallback;
  }
}

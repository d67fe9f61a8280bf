/**
 * A minimal server-sent events client over node:http, to listen to the dev server the way a
 * browser tab does (tests, benchmarks).
 *
 * @module
 */
import { request, type ClientRequest } from 'node:http';

/** One received event. */
export interface ReceivedEvent {
  type: string;
  data: string;
  /** `performance.now()` when it arrived. */
  at: number;
}

/** An open event stream. */
export interface EventStream {
  /** Resolves when the stream is open and the server's `hello` arrived. */
  readonly opened: Promise<void>;
  /** Every event received so far. */
  readonly received: readonly ReceivedEvent[];
  /** The next event of `type` (any type if not given) arriving after this call. */
  next(type?: string, timeoutMs?: number): Promise<ReceivedEvent>;
  close(): void;
}

/** Connects to an SSE endpoint such as `http://127.0.0.1:4000/__quire/events`. */
export function connectEvents(url: string): EventStream {
  const received: ReceivedEvent[] = [];
  const waiters = new Set<(event: ReceivedEvent) => void>();
  let openedResolve!: () => void;
  let openedReject!: (error: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    openedResolve = resolve;
    openedReject = reject;
  });
  opened.catch(() => undefined);
  let closed = false;
  const req: ClientRequest = request(url, { headers: { Accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk.replace(/\r\n?/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) type = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length === 0) continue;
        const event = { type, data: data.join('\n'), at: performance.now() };
        received.push(event);
        if (type === 'hello') openedResolve();
        for (const waiter of [...waiters]) waiter(event);
      }
    });
    res.on('error', () => undefined);
  });
  req.on('error', (error) => {
    if (!closed) openedReject(error);
  });
  req.end();
  return {
    opened,
    received,
    next(type, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No ${type ?? ''} event within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (event: ReceivedEvent) => {
          if (type !== undefined && event.type !== type) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(event);
        };
        waiters.add(waiter);
      });
    },
    close() {
      closed = true;
      req.destroy();
    },
  };
}

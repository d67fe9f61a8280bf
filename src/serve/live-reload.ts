/**
 * Live reload for the dev server: a server-sent events endpoint, the small browser script that
 * listens to it, and what is injected into HTML responses (never into build output).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatReport } from '../diagnostics/format-report.js';

/** Paths the dev server answers itself, outside the site. */
export const liveReloadPaths = { events: '/__quire/events', client: '/__quire/client.js' } as const;

/** The id of the overlay element, server-rendered and client-rendered alike. */
export const overlayId = 'quire-error-overlay';

/** What an `error` event carries, and what the overlay shows. */
export interface ErrorReport {
  /** The report as printed in the terminal (file:line:column, message, hint, code frame). */
  text: string;
  diagnostics: Array<Pick<Diagnostic, 'severity' | 'code' | 'file' | 'line' | 'column' | 'message'>>;
}

/** Makes the report of a failed build. */
export function errorReport(diagnostics: readonly Diagnostic[]): ErrorReport {
  return {
    text: formatReport(diagnostics),
    diagnostics: diagnostics.map(({ severity, code, file, line, column, message }) => {
      const d: ErrorReport['diagnostics'][number] = { severity, code, message };
      if (file !== undefined) d.file = file;
      if (line !== undefined) d.line = line;
      if (column !== undefined) d.column = column;
      return d;
    }),
  };
}

/** The connected browsers and what they were last told. */
export class LiveReloadHub {
  /** Distinguishes this server process, so a tab reconnecting to a restarted server reloads. */
  readonly instance = randomBytes(6).toString('hex');
  private readonly clients = new Set<ServerResponse>();
  private generation = 0;
  private failing: ErrorReport | undefined;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000) {
    // Comments keep proxies and idle timeouts from closing quiet connections.
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  /** The report of the current failed build, if the last build failed. */
  get error(): ErrorReport | undefined {
    return this.failing;
  }

  /** Browsers connected now. */
  get connections(): number {
    return this.clients.size;
  }

  /** Answers `GET /__quire/events`. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 1000\n${message('hello', { build: `${this.instance}:${this.generation}` })}`);
    if (this.failing) res.write(message('error', this.failing));
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    req.on('close', drop);
    res.on('close', drop);
    res.on('error', drop);
  }

  /** After a good build: every tab reloads. */
  reload(data: Record<string, unknown> = {}): void {
    this.failing = undefined;
    this.generation++;
    this.write(message('reload', { build: `${this.instance}:${this.generation}`, ...data }));
  }

  /** After a failed build: every tab shows the overlay (and keeps the last good page). */
  fail(report: ErrorReport): void {
    this.failing = report;
    this.write(message('error', report));
  }

  /** Ends every stream and stops the heartbeat. */
  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(chunk: string): void {
    for (const res of this.clients) {
      if (!res.writableEnded && !res.destroyed) res.write(chunk);
    }
  }
}

/** One SSE message; JSON keeps the data on one line. */
function message(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

const overlayStyle =
  'position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;box-sizing:border-box;' +
  'background:rgba(24,8,8,.94);color:#fde8e8;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The overlay element for a failed build, as the server injects it. */
function overlayHtml(report: ErrorReport): string {
  return `<div id="${overlayId}" role="alert" style="${overlayStyle}">` +
    '<p style="margin:0 0 1rem;font-weight:bold;color:#ff8a8a">quire: the build failed. This is the last good version of the page; fix the problem and save to reload.</p>' +
    `<pre style="white-space:pre-wrap;margin:0">${escapeHtml(report.text)}</pre>` +
    '<button type="button" data-quire-dismiss style="margin-top:1rem;font:inherit">Hide</button></div>';
}

/**
 * Adds the live-reload script, and the overlay when the last build failed, before the last
 * `</body>` of a page (or at its end when it has none).
 */
export function injectLiveReload(html: string, report: ErrorReport | undefined): string {
  const snippet = `${report ? overlayHtml(report) : ''}<script src="${liveReloadPaths.client}"></script>`;
  const at = html.toLowerCase().lastIndexOf('</body>');
  return at === -1 ? html + snippet : html.slice(0, at) + snippet + html.slice(at);
}

/** The browser side: reload on `reload`, show the overlay on `error`. Served as a file, so a CSP allowing 'self' permits it. */
export const clientScript = `// quire dev server: live reload (served only by quire serve, never built into the site)
(() => {
  const id = ${JSON.stringify(overlayId)};
  const style = ${JSON.stringify(overlayStyle)};
  let build;
  const events = new EventSource(${JSON.stringify(liveReloadPaths.events)});
  events.addEventListener('hello', (e) => {
    const now = JSON.parse(e.data).build;
    if (build !== undefined && now !== build) location.reload();
    build = now;
  });
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('error', (e) => {
    if (typeof e.data !== 'string') return; // a dropped connection; EventSource reconnects
    const report = JSON.parse(e.data);
    let box = document.getElementById(id);
    if (!box) {
      box = document.createElement('div');
      box.id = id;
      box.setAttribute('role', 'alert');
      box.setAttribute('style', style);
      document.body.appendChild(box);
    }
    box.textContent = '';
    const head = document.createElement('p');
    head.setAttribute('style', 'margin:0 0 1rem;font-weight:bold;color:#ff8a8a');
    head.textContent = 'quire: the build failed. This is the last good version of the page; fix the problem and save to reload.';
    const pre = document.createElement('pre');
    pre.setAttribute('style', 'white-space:pre-wrap;margin:0');
    pre.textContent = report.text;
    const hide = document.createElement('button');
    hide.type = 'button';
    hide.textContent = 'Hide';
    hide.setAttribute('data-quire-dismiss', '');
    hide.setAttribute('style', 'margin-top:1rem;font:inherit');
    box.append(head, pre, hide);
  });
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-quire-dismiss]')) document.getElementById(id)?.remove();
  });
})();
`;

/**
 * `quire serve` as a library: builds the site into a private folder, serves it over HTTP on the
 * loopback interface, rebuilds on change and tells open tabs to reload (or shows the errors).
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { removeOutput } from '../build/output-stage.js';
import { loadConfig } from '../config/load-config.js';
import { basePath as basePathOf } from '../config/site-config.js';
import { clientScript, errorReport, injectLiveReload, LiveReloadHub, liveReloadPaths, type ErrorReport } from './live-reload.js';
import { claimServeFolder, serveFolder } from './serve-folder.js';
import { serveStatic } from './static-files.js';
import { watchSite, type SiteWatcher, type WatchBuild, type WatchOptions } from './watch-site.js';

/** How to serve. */
export interface DevServerOptions extends Omit<WatchOptions, 'baseUrl' | 'out'> {
  /** Interface to listen on (default 127.0.0.1: the site is visible to this machine only). */
  host?: string;
  /** Port (default 4000; 0 picks a free one). */
  port?: number;
  /**
   * Where the served build goes (default `<root>/.quire/serve-<port>`; `dist/` is never
   * touched). While this server runs, no other may serve from it: `ServeFolderBusy`.
   */
  out?: string;
}

/** Sent to open tabs after a build. */
export interface DevServerEvent {
  type: 'reload' | 'error';
  /** `performance.now()` and `Date.now()` when the event was sent to the browsers. */
  at: number;
  wallTime: number;
  build: WatchBuild;
  /** For `error`: what the overlay shows. */
  report?: ErrorReport;
}

/** A running dev server. */
export interface DevServer {
  /** Where the site is: `http://127.0.0.1:4000/` or `http://127.0.0.1:4000/blog/`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The folder being served. */
  readonly outDir: string;
  readonly watcher: SiteWatcher;
  /** The first build (the server answers requests only once it is done). */
  readonly ready: Promise<WatchBuild>;
  /** Calls `listener` on every reload or error event; returns the unsubscribe function. */
  onEvent(listener: (event: DevServerEvent) => void): () => void;
  /** The next event (of `type`, if given). */
  nextEvent(type?: DevServerEvent['type']): Promise<DevServerEvent>;
  /** Stops the watcher, ends every connection and closes the port. */
  close(): Promise<void>;
}

/** The host as it goes in a URL. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

const loopback = (name: string) => name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);

/**
 * Whether a request's `Host` header may reach a server listening on `host`: any name when it
 * listens on a network interface, only loopback names when it listens on loopback.
 */
export function hostAllowed(host: string, header: string | undefined): boolean {
  if (!loopback(host)) return true;
  if (header === undefined) return false;
  let name: string;
  try {
    name = new URL(`http://${header}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  return loopback(name) || name === host.toLowerCase();
}

/**
 * Starts the dev server and its watch loop. Resolves once the port is open; the first build runs
 * meanwhile (see `ready`). Every build uses `baseUrl` = this server plus the config's base path,
 * so links, feeds and canonical URLs point here. Rejects with `ServeFolderBusy` (the port is
 * closed again) when another running process serves from the same folder.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const root = path.resolve(options.root ?? '.');
  const host = options.host ?? '127.0.0.1';
  const hub = new LiveReloadHub();
  const listeners = new Set<(event: DevServerEvent) => void>();

  const configuredBasePath = (): string | undefined => {
    try {
      return basePathOf(loadConfig(root, options.config).config);
    } catch {
      return undefined; // the build reports the config problem
    }
  };
  /** The base path of the build being served, and of the build running now. */
  let servedBase = configuredBasePath() ?? '/';
  let buildingBase = servedBase;
  let watcher: SiteWatcher | undefined;
  let ready: Promise<WatchBuild> | undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res);
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hostAllowed(host, req.headers.host)) {
      // DNS rebinding: a page elsewhere must not reach a loopback-only server under its own name.
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Forbidden: this server answers to ${urlHost(host)} only.\n`);
      return;
    }
    const url = req.url ?? '';
    const pathname = url.split(/[?#]/, 1)[0];
    if (pathname === liveReloadPaths.events) return hub.handle(req, res);
    if (pathname === liveReloadPaths.client) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(clientScript) });
      res.end(req.method === 'HEAD' ? undefined : clientScript);
      return;
    }
    if (ready) await ready.catch(() => undefined);
    await serveStatic(req, res, {
      dir: () => outDir,
      basePath: () => servedBase,
      transformHtml: (html) => injectLiveReload(html, hub.error),
    });
  };
  // A malformed request gets a 400 and its socket closed; the server goes on.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${urlHost(host)}:${port}`;
  // The folder is known only now (port 0 picks one). No request is answered before the watcher
  // below has set `ready`: nothing is awaited between here and there.
  const outDir = options.out === undefined ? serveFolder(root, port) : path.resolve(root, options.out);
  // A port picked at random (port 0) is never asked for again: its folder, and the writer's spare
  // copy of it, go when the server stops rather than pile up, a copy of the site each.
  const throwaway = options.port === 0 && options.out === undefined;
  let release: () => void;
  try {
    release = claimServeFolder(outDir, port);
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }

  const emit = (event: DevServerEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const { onBuild, ...watchOptions } = options;
  watcher = watchSite({
    ...watchOptions,
    root,
    out: outDir,
    baseUrl: () => {
      buildingBase = configuredBasePath() ?? servedBase;
      return origin + buildingBase;
    },
    onBuild: (build) => {
      if (build.result.ok) {
        servedBase = buildingBase;
        hub.reload({ ms: Math.round(build.result.ms) });
        emit({ type: 'reload', at: performance.now(), wallTime: Date.now(), build });
      } else {
        const report = errorReport(build.result.diagnostics);
        hub.fail(report);
        emit({ type: 'error', at: performance.now(), wallTime: Date.now(), build, report });
      }
      onBuild?.(build);
    },
  });
  ready = watcher.ready;
  const running = watcher;

  let closing: Promise<void> | undefined;
  return {
    get url() {
      return origin + servedBase;
    },
    host,
    port,
    outDir,
    watcher: running,
    ready,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    nextEvent(type) {
      return new Promise((resolve) => {
        const listener = (event: DevServerEvent) => {
          if (type !== undefined && event.type !== type) return;
          listeners.delete(listener);
          resolve(event);
        };
        listeners.add(listener);
      });
    },
    close() {
      closing ??= (async () => {
        await running.close();
        hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        // Removed while the folder is still claimed: released first, another server asking for
        // that port by number could have begun building into it.
        if (throwaway) removeOutput(root, outDir);
        release();
      })();
      return closing;
    },
  };
}

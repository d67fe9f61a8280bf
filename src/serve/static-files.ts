/**
 * Serves the built site folder: content types, `index.html` for folders, the site's 404 page,
 * the base path, and HTML passed through a hook (the live-reload injection). Files answer
 * `HEAD`, single byte ranges (so audio and video seek) and `If-None-Match` (304).
 *
 * A small handler of our own rather than `sirv`: the dev server has to rewrite HTML (script and
 * overlay), answer missing paths with the site's own 404 page, apply the base path, and refuse
 * hostile paths in one place we can test; wrapping sirv would still need all of that.
 *
 * @module
 */
import { hash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { ifRangeHolds, noneMatchHits, parseRange, type ByteRange } from './http-conditions.js';
import { resolveRequest } from './resolve-request.js';

/** Content types by file extension; anything else is `application/octet-stream`. */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsl': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.wav': 'audio/wav',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.ogv': 'video/ogg',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt; charset=utf-8',
};

/** The content type of a file name. */
function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** What the handler needs to know at each request (the folder and base path change with builds). */
export interface StaticSite {
  /** The built site. */
  dir: () => string;
  /** `/` or `/blog/`. */
  basePath: () => string;
  /** Rewrites an HTML response (adds the live-reload script). */
  transformHtml?: (html: string) => string;
}

const commonHeaders = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
/**
 * A file of the site may be kept by the browser but is checked again at every use: its ETag
 * makes that a 304 while it is unchanged, and the next build's version is never missed.
 */
const fileHeaders = { ...commonHeaders, 'Cache-Control': 'no-cache' };

/**
 * Answers one request from the site folder. Never throws: a failure becomes a 4xx/5xx answer
 * (or, after the headers went out, a closed connection).
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, site: StaticSite): Promise<void> {
  try {
    await answer(req, res, site);
  } catch {
    if (!res.headersSent) sendText(res, 500, 'Internal server error\n', req.method === 'HEAD');
    else res.destroy();
  }
}

async function answer(req: IncomingMessage, res: ServerResponse, site: StaticSite): Promise<void> {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) {
    res.setHeader('Allow', 'GET, HEAD');
    sendText(res, 405, 'Method not allowed\n', false);
    return;
  }
  const siteDir = path.resolve(site.dir());
  const target = resolveRequest(req.url ?? '', siteDir, site.basePath());
  switch (target.kind) {
    case 'refused':
      sendText(res, target.status, `${target.status === 400 ? 'Bad request' : 'Forbidden'}: ${target.reason}\n`, head);
      return;
    case 'redirect':
      // Temporary: the base path follows the config, which may change while serving.
      redirect(res, 302, target.location, head);
      return;
    case 'missing':
      await notFound(req, res, siteDir, site, head);
      return;
    case 'path':
      break;
  }
  let file = target.file;
  let handle = await openInside(file, siteDir);
  let stat = await handle?.stat();
  if (handle && stat?.isDirectory()) {
    await handle.close();
    if (!target.trailingSlash) {
      redirect(res, 301, `${target.canonical}/${target.search}`, head);
      return;
    }
    file = path.join(file, 'index.html');
    handle = await openInside(file, siteDir);
    stat = await handle?.stat();
  } else if (handle && target.trailingSlash) {
    // `/feed.json/` names a folder that is not there.
    await handle.close();
    handle = undefined;
  }
  if (!handle || !stat?.isFile()) {
    await handle?.close();
    await notFound(req, res, siteDir, site, head);
    return;
  }
  await sendFile(req, res, 200, handle, file, stat, site);
}

/**
 * Opens `file` when its real path (symbolic links resolved) is still inside the site folder;
 * undefined when it is missing or leads elsewhere.
 */
async function openInside(file: string, siteDir: string): Promise<FileHandle | undefined> {
  try {
    const [real, realRoot] = await Promise.all([realpath(file), realpath(siteDir)]);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return undefined;
    return await open(real, 'r');
  } catch {
    return undefined;
  }
}

async function notFound(req: IncomingMessage, res: ServerResponse, siteDir: string, site: StaticSite, head: boolean): Promise<void> {
  const file = path.join(siteDir, '404.html');
  const handle = await openInside(file, siteDir);
  const stat = await handle?.stat().catch(() => undefined);
  if (handle && stat?.isFile()) {
    await sendFile(req, res, 404, handle, file, stat, site);
    return;
  }
  await handle?.close();
  if (site.transformHtml) {
    // No 404 page (yet: the first build failed): a bare page still carries the overlay and script.
    const body = Buffer.from(site.transformHtml('<!doctype html><html><head><meta charset="utf-8"><title>Not found</title></head><body><p>Not found.</p></body></html>'));
    res.writeHead(404, { ...commonHeaders, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
    res.end(head ? undefined : body);
    return;
  }
  sendText(res, 404, 'Not found\n', head);
}

/**
 * Sends a file (`status` 200) or the 404 page. For 200 it honours `If-None-Match` (304) and a
 * single `Range` (206, or 416 past the end); `HEAD` gets the very headers `GET` would.
 */
async function sendFile(req: IncomingMessage, res: ServerResponse, status: 200 | 404, handle: FileHandle, file: string, stat: Stats, site: StaticSite): Promise<void> {
  const head = req.method === 'HEAD';
  const type = contentTypeOf(file);
  let body: Buffer | undefined;
  let etag: string;
  if (type.startsWith('text/html') && site.transformHtml) {
    let html: string;
    try {
      html = (await handle.readFile()).toString('utf8');
    } finally {
      await handle.close();
    }
    body = Buffer.from(site.transformHtml(html), 'utf8');
    // A page is rewritten as it is served (the script, the error overlay): tag the bytes sent.
    etag = `"${hash('sha256', body, 'base64url').slice(0, 27)}"`;
  } else {
    // A file a build rewrites gets a new modification time (and mostly a new inode); one it
    // keeps is hard-linked into the new output, so it keeps its tag across builds.
    etag = `"${stat.ino.toString(36)}-${stat.size.toString(36)}-${Math.round(stat.mtimeMs * 1000).toString(36)}"`;
  }
  const size = body?.length ?? stat.size;
  if (status === 404) {
    res.writeHead(404, { ...commonHeaders, 'Content-Type': type, 'Content-Length': size });
    return finish(res, head, handle, body);
  }
  const headers = { ...fileHeaders, 'Content-Type': type, 'Accept-Ranges': 'bytes', ETag: etag };
  if (noneMatchHits(req.headers['if-none-match'], etag)) {
    res.writeHead(304, { 'Cache-Control': fileHeaders['Cache-Control'], ETag: etag });
    return finish(res, true, handle, body);
  }
  const range = ifRangeHolds(req.headers['if-range']?.toString(), etag) ? parseRange(req.headers.range, size) : undefined;
  if (range === 'unsatisfiable') {
    const text = `Range not satisfiable: the file has ${size} bytes.\n`;
    res.writeHead(416, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Range': `bytes */${size}`, 'Content-Length': Buffer.byteLength(text) });
    if (!body) await handle.close();
    res.end(head ? undefined : text);
    return;
  }
  if (range) {
    res.writeHead(206, { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': range.end - range.start + 1 });
  } else {
    res.writeHead(200, { ...headers, 'Content-Length': size });
  }
  return finish(res, head, handle, body, range);
}

/** Sends `body` (or the file's bytes), or only ends the response for `HEAD` and 304. */
async function finish(res: ServerResponse, headersOnly: boolean, handle: FileHandle, body: Buffer | undefined, range?: ByteRange): Promise<void> {
  if (body) {
    res.end(headersOnly ? undefined : range ? body.subarray(range.start, range.end + 1) : body);
    return;
  }
  if (headersOnly) {
    await handle.close();
    res.end();
    return;
  }
  // The handle was opened before the headers went out, so a rebuild swapping the folder now
  // cannot change which file is sent.
  const stream = handle.createReadStream({ autoClose: true, ...range });
  await new Promise<void>((resolve) => {
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

function redirect(res: ServerResponse, status: 301 | 302, location: string, head: boolean): void {
  res.writeHead(status, { ...commonHeaders, Location: location, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(head ? undefined : `Moved to ${location}\n`);
}

function sendText(res: ServerResponse, status: number, text: string, head: boolean): void {
  res.writeHead(status, { ...commonHeaders, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(head ? undefined : text);
}

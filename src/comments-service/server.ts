import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { acceptComment, type AcceptDeps, type Outcome } from './accept.js';
import { adminPage, formPage, messagePage, moderatePage, pageSecurityHeaders, thanksPage, type FormValues } from './pages.js';
import { makeStamp, moderationSignature, sign, verify } from './signing.js';
import { BodyError, fieldNames, parseFormBody, parseJsonBody } from './submission.js';

/** The HTTP side's settings. */
export interface ServerOptions {
  /** The site's origin (`https://blog.example.org`): the only one whose pages may post from scripts. */
  siteOrigin: string;
  /** Largest request body accepted, in bytes (413 beyond). */
  maxRequestBytes: number;
  /** Take the client's address from `X-Forwarded-For` (set by the reverse proxy in front). */
  trustProxy: boolean;
  /** Token of the admin page; the page exists only when this is set. */
  adminToken?: string;
  language: string;
}

/** What the HTTP layer works with: everything accepting a comment needs. */
export type ServiceContext = AcceptDeps;

type Json = Record<string, unknown>;

const jsonTypes = /^application\/json\b/i;
const formTypes = /^application\/x-www-form-urlencoded\b/i;

/** The address the request came from: the socket's, or with `trustProxy` the one the proxy appended last. */
function clientIp(request: IncomingMessage, trustProxy: boolean): string {
  const socket = request.socket.remoteAddress ?? '';
  if (!trustProxy) return socket;
  const header = request.headers['x-forwarded-for'];
  const list = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // Earlier entries are whatever the client claimed; only the last was written by our proxy.
  const last = list[list.length - 1];
  return last !== undefined && /^[0-9a-fA-F:.]{2,45}$/.test(last) ? last : socket;
}

/** Reads a request body up to `limit` bytes; undefined when it is larger (the caller answers 413). */
async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Creates the comment service's HTTP server (not yet listening). */
export function createCommentServer(context: ServiceContext, options: ServerOptions): Server {
  const secret = context.rules.secret;
  const csrf = sign(secret, 'admin-form', 'v1');

  const send = (response: ServerResponse, status: number, body: string, type: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
    response.end(body);
  };
  const sendJson = (response: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}) =>
    send(response, status, `${JSON.stringify(body)}\n`, 'application/json; charset=utf-8', headers);
  const sendPage = (response: ServerResponse, status: number, html: string, headers: Record<string, string> = {}) =>
    send(response, status, html, 'text/html; charset=utf-8', { ...pageSecurityHeaders, ...headers });

  /** CORS: the site's pages, and only they, may read the answers. */
  const cors = (request: IncomingMessage): Record<string, string> =>
    request.headers.origin === options.siteOrigin ? { 'access-control-allow-origin': options.siteOrigin, vary: 'Origin' } : { vary: 'Origin' };

  const ownOrigin = (request: IncomingMessage) => {
    const host = request.headers.host;
    const origin = request.headers.origin;
    return origin !== undefined && host !== undefined && /^https?:\/\//.test(origin) && new URL(origin).host === host;
  };

  async function postComment(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const origin = request.headers.origin;
    // Browsers send Origin with every cross-site POST; a form on some other site is refused.
    if (origin !== undefined && origin !== options.siteOrigin && !ownOrigin(request)) {
      sendJson(response, 403, { error: 'Comments are accepted only from this site\'s pages.' });
      return;
    }
    const type = request.headers['content-type'] ?? '';
    const json = jsonTypes.test(type) || /\bapplication\/json\b/.test(request.headers.accept ?? '');
    const headers = cors(request);
    if (!jsonTypes.test(type) && !formTypes.test(type)) {
      sendJson(response, 415, { error: 'Send the comment as a form (application/x-www-form-urlencoded) or as JSON.' }, headers);
      return;
    }
    const bytes = await readBody(request, options.maxRequestBytes);
    if (!bytes) {
      response.setHeader('connection', 'close');
      const message = `The comment is too large (at most ${options.maxRequestBytes} bytes).`;
      if (json) sendJson(response, 413, { error: message, errors: { [fieldNames.body]: message } }, headers);
      else sendPage(response, 413, messagePage('Comment too large', message, undefined, options.language));
      return;
    }
    let fields: Map<string, string>;
    try {
      fields = jsonTypes.test(type) ? parseJsonBody(bytes) : parseFormBody(bytes);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      if (json) sendJson(response, error.status, { error: error.message }, headers);
      else sendPage(response, error.status, messagePage('Comment not received', error.message, undefined, options.language));
      return;
    }
    const outcome = await acceptComment(fields, { ip: clientIp(request, options.trustProxy), userAgent: request.headers['user-agent'] ?? '' }, context);
    if (json) answerJson(response, outcome, headers);
    else answerPage(response, outcome, fields);
  }

  function answerJson(response: ServerResponse, outcome: Outcome, headers: Record<string, string>): void {
    if (outcome.ok) {
      const message = outcome.status === 'approved' ? 'Your comment is approved; it appears when the site is next published.' : 'Your comment is awaiting moderation.';
      sendJson(response, outcome.status === 'approved' ? 201 : 202, { id: outcome.comment.id, status: outcome.status === 'approved' ? 'approved' : 'pending', message }, headers);
      return;
    }
    const extra: Record<string, string> = outcome.retryAfter ? { 'retry-after': String(outcome.retryAfter) } : {};
    sendJson(response, outcome.status, { error: Object.values(outcome.errors)[0], errors: outcome.errors }, { ...headers, ...extra });
  }

  function answerPage(response: ServerResponse, outcome: Outcome, fields: ReadonlyMap<string, string>): void {
    if (outcome.ok) {
      sendPage(response, outcome.status === 'approved' ? 201 : 202, thanksPage(outcome.post, outcome.status, options.language));
      return;
    }
    const back = outcome.post ? { title: outcome.post.title, url: outcome.post.url } : undefined;
    const extra: Record<string, string> = outcome.retryAfter ? { 'retry-after': String(outcome.retryAfter) } : {};
    if (outcome.status === 413 || outcome.status === 403) {
      sendPage(response, outcome.status, messagePage('Comment not received', Object.values(outcome.errors)[0] ?? '', back, options.language));
      return;
    }
    // A static page cannot stamp its form, so a reader without JavaScript always lands here first:
    // that is a step, not a mistake, and is answered 200 with the comment ready to post.
    const first = outcome.status === 400 && fieldNames.stamp in outcome.errors && (fields.get(fieldNames.stamp) ?? '') === '';
    sendPage(response, first ? 200 : outcome.status, formPage({
      values: valuesOf(fields),
      errors: first ? {} : outcome.errors,
      stamp: makeStamp(secret, context.clock()),
      ...(back ? { post: back } : {}),
      heading: first ? 'Post your comment' : 'Please check your comment',
      intro: first ? 'Check your comment and post it.' : 'Something needs fixing before the comment can be posted.',
      language: options.language,
    }), extra);
  }

  async function moderate(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    let params: ReadonlyMap<string, string>;
    if (request.method === 'POST') {
      const bytes = await readBody(request, 4096);
      try {
        params = bytes ? parseFormBody(bytes) : new Map();
      } catch {
        params = new Map();
      }
    } else {
      params = new Map(url.searchParams);
    }
    const id = params.get('id') ?? '';
    const action = params.get('action');
    const signature = params.get('sig') ?? '';
    const comment = context.store.get(id);
    if ((action !== 'approve' && action !== 'spam') || !verify(secret, 'moderate', `${action}:${id}`, signature) || !comment) {
      sendPage(response, 403, messagePage('Link not valid', 'This moderation link is not valid (or the comment no longer exists).'));
      return;
    }
    if (request.method !== 'POST') {
      sendPage(response, 200, moderatePage(comment, action, moderationSignature(secret, action, id), context.posts.find(comment.post)?.title ?? comment.post));
      return;
    }
    if (action === 'approve') {
      await context.moderation.approve(id);
      context.published?.(comment);
    } else {
      await context.moderation.markSpam(id);
    }
    sendPage(response, 200, messagePage('Done', action === 'approve' ? `Comment ${id} is approved.` : `Comment ${id} is marked as spam.`));
  }

  const authorised = (request: IncomingMessage): boolean => {
    const header = request.headers.authorization ?? '';
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (!match || !options.adminToken) return false;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const password = Buffer.from(decoded.slice(decoded.indexOf(':') + 1));
    const token = Buffer.from(options.adminToken);
    return password.length === token.length && timingSafeEqual(password, token);
  };

  async function admin(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!authorised(request)) {
      sendPage(response, 401, messagePage('Sign in', 'The admin page needs the admin token (as the password; any user name).'), { 'www-authenticate': 'Basic realm="quire comments", charset="UTF-8"' });
      return;
    }
    let notice: string | undefined;
    if (request.method === 'POST') {
      const bytes = await readBody(request, 4096);
      let params: ReadonlyMap<string, string> = new Map();
      try {
        if (bytes) params = parseFormBody(bytes);
      } catch {
        // An unreadable form is refused below like a forged one.
      }
      const id = params.get('id') ?? '';
      const action = params.get('action');
      if (params.get('csrf') !== csrf || (request.headers.origin !== undefined && !ownOrigin(request))) {
        sendPage(response, 403, messagePage('Refused', 'This form did not come from the admin page.'));
        return;
      }
      if (!context.store.get(id)) notice = `There is no comment ${id}.`;
      else if (action === 'approve') {
        await context.moderation.approve(id);
        context.published?.(context.store.get(id)!);
        notice = `Comment ${id} is approved.`;
      } else if (action === 'spam') {
        await context.moderation.markSpam(id);
        notice = `Comment ${id} is marked as spam.`;
      } else if (action === 'trash') {
        context.moderation.trash(id);
        notice = `Comment ${id} is in the trash.`;
      }
    }
    sendPage(response, 200, adminPage(context.store.list('pending'), csrf, notice));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://service.invalid');
    const route = url.pathname;
    if (route === '/comments' && request.method === 'OPTIONS') {
      if (request.headers.origin !== options.siteOrigin) {
        send(response, 403, '', 'text/plain; charset=utf-8', { vary: 'Origin' });
        return;
      }
      response.writeHead(204, {
        ...cors(request),
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      });
      response.end();
      return;
    }
    if (route === '/comments' && request.method === 'POST') return postComment(request, response);
    if (route === '/comments/stamp' && request.method === 'GET') {
      sendJson(response, 200, { stamp: makeStamp(secret, context.clock()), minSeconds: context.rules.minSeconds }, cors(request));
      return;
    }
    if (route === '/comments/reply' && request.method === 'GET') {
      // The reply link of a page read without JavaScript: the form, ready to answer that comment.
      const post = context.posts.find(url.searchParams.get('post') ?? '');
      const replyTo = url.searchParams.get('reply_to') ?? '';
      if (!post || !post.open) {
        sendPage(response, 404, messagePage('No such post', 'This post does not exist or takes no more comments.', undefined, options.language));
        return;
      }
      const values: FormValues = { post: post.slug, name: '', email: '', website: '', body: '', replyTo };
      sendPage(response, 200, formPage({
        values, errors: {}, stamp: makeStamp(secret, context.clock()), post: { title: post.title, url: post.url },
        heading: `Reply on “${post.title}”`, intro: 'Your email address will not be published.', language: options.language,
      }));
      return;
    }
    if (route === '/moderate' && (request.method === 'GET' || request.method === 'POST')) return moderate(request, response, url);
    if (route === '/admin' && options.adminToken && (request.method === 'GET' || request.method === 'POST')) return admin(request, response);
    if (route === '/health' && request.method === 'GET') {
      send(response, 200, 'ok\n', 'text/plain; charset=utf-8');
      return;
    }
    sendJson(response, 404, { error: 'Not found.' });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      context.log(`Request ${request.method} ${request.url} failed: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { error: 'The comment service failed; the author has the details.' });
      else response.destroy();
    });
  });
  // A comment is a few kilobytes: a client that takes longer than this to send one is stalling.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return server;
}

function valuesOf(fields: ReadonlyMap<string, string>): FormValues {
  const get = (name: string) => fields.get(name) ?? '';
  return { post: get(fieldNames.post), name: get(fieldNames.name), email: get(fieldNames.email), website: get(fieldNames.website), body: get(fieldNames.body), replyTo: get(fieldNames.replyTo) };
}

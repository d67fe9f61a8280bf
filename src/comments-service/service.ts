import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../diagnostics/diagnostic.js';
import { createAkismet, type SpamChecker } from './akismet.js';
import { CommentStore, type StoredComment } from './database.js';
import { Moderation } from './moderation.js';
import { createMailNotifier, smtpTransport, type Notifier } from './notify.js';
import { RateLimiter } from './rate-limit.js';
import type { ServiceContext } from './server.js';
import { signingSecret, type ServiceSettings } from './settings.js';
import { SitePosts } from './site-posts.js';

/** Parts a caller may supply instead of the configured ones (tests: a fake Akismet, a mail sink, a clock). */
export interface ServiceOverrides {
  spam?: SpamChecker;
  notifier?: Notifier;
  clock?: () => number;
  published?: (comment: StoredComment) => void;
  log?: (message: string) => void;
}

/** Akismet when a key is configured (or the checker given), and the moderation that reports to it. */
function moderationFor(store: CommentStore, posts: SitePosts, settings: ServiceSettings, given?: SpamChecker): { moderation: Moderation; spam?: SpamChecker } {
  const spam = given ?? (settings.akismetKey ? createAkismet({ key: settings.akismetKey, blog: settings.site.baseUrl }) : undefined);
  const moderation = new Moderation(store, posts.commentsDir, settings.site.timeZone,
    spam ? { checker: spam, permalink: (c) => posts.find(c.post)?.url ?? settings.site.baseUrl } : undefined);
  return spam ? { moderation, spam } : { moderation };
}

/** The moderation side without the HTTP server, for the `quire comments` commands. */
export function openModeration(settings: ServiceSettings): { store: CommentStore; moderation: Moderation } {
  const store = new CommentStore(settings.database);
  return { store, moderation: moderationFor(store, new SitePosts(settings.root, settings.site), settings).moderation };
}

/** Assembles the service: database, site posts, rules, limits, Akismet and mail as configured. */
export function createService(settings: ServiceSettings, env: NodeJS.ProcessEnv, overrides: ServiceOverrides = {}): { context: ServiceContext; store: CommentStore } {
  const store = new CommentStore(settings.database);
  const clock = overrides.clock ?? Date.now;
  const posts = new SitePosts(settings.root, settings.site, clock);
  const secret = signingSecret(store, env);
  const { moderation, spam } = moderationFor(store, posts, settings, overrides.spam);
  let notifier = overrides.notifier;
  if (!notifier && settings.smtpUrl) {
    if (!settings.notifyTo) throw new UsageError(`QUIRE_SMTP_URL is set but there is no one to notify: set comments.notify (or author.email) in the site config.`);
    notifier = createMailNotifier({
      transport: smtpTransport(settings.smtpUrl),
      from: settings.mailFrom ?? settings.notifyTo,
      to: settings.notifyTo,
      serviceUrl: settings.serviceUrl,
      secret,
    });
  }
  const context: ServiceContext = {
    store,
    posts,
    moderation,
    rules: { ...settings.rules, secret },
    ipLimits: new RateLimiter(settings.rateWindows),
    emailLimits: new RateLimiter(settings.rateWindows),
    log: overrides.log ?? ((message) => process.stderr.write(`${message}\n`)),
    clock,
    ...(spam ? { spam } : {}),
    ...(notifier ? { notifier } : {}),
    ...(overrides.published ? { published: overrides.published } : {}),
  };
  return { context, store };
}

/** Starts listening; resolves with the server and the address it got. */
export async function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}


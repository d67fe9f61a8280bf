import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { defaultMinSeconds } from '../config/comment-providers.js';
import { loadConfig } from '../config/load-config.js';
import type { SiteConfig } from '../config/site-config.js';
import { UsageError } from '../diagnostics/diagnostic.js';
import type { CommentStore } from './database.js';
import { defaultRateWindows, type RateWindow } from './rate-limit.js';
import type { RuleSettings } from './rules.js';

/**
 * The service's settings. Site-wide choices live in the site config under `comments:` (with
 * `provider: quire`); secrets come from the environment, never from a file under version control.
 */
export interface ServiceSettings {
  root: string;
  site: SiteConfig;
  /** The service's public URL (`comments.url`), for moderation links. */
  serviceUrl: string;
  siteOrigin: string;
  database: string;
  rules: Omit<RuleSettings, 'secret'>;
  rateWindows: readonly RateWindow[];
  maxRequestBytes: number;
  adminToken?: string;
  akismetKey?: string;
  smtpUrl?: string;
  notifyTo?: string;
  mailFrom?: string;
}

/** The environment variables the service reads. */
const envNames = {
  secret: 'QUIRE_COMMENTS_SECRET',
  adminToken: 'QUIRE_COMMENTS_ADMIN_TOKEN',
  akismetKey: 'QUIRE_AKISMET_KEY',
  smtpUrl: 'QUIRE_SMTP_URL',
  mailFrom: 'QUIRE_COMMENTS_FROM',
} as const;

/** Parses `1/15s, 5/1h` (count per duration; s, m, h or d). */
export function parseRateLimit(text: string): RateWindow[] | undefined {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
  const windows: RateWindow[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^(\d+)\s*\/\s*(\d*)\s*([smhd])$/.exec(part);
    if (!match) return undefined;
    const count = Number(match[1]);
    const seconds = Number(match[2] === '' ? 1 : match[2]) * units[match[3]!]!;
    if (count < 1 || seconds < 1) return undefined;
    windows.push({ count, seconds });
  }
  return windows;
}

const wholeNumber = (key: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`comments.${key} must be a whole number, not "${value}".`);
  return n;
};

/** Reads the settings from the site config and the environment; refuses a site whose provider is not quire. */
export function readSettings(root: string, configFile: string | undefined, env: NodeJS.ProcessEnv): ServiceSettings {
  const absolute = path.resolve(root);
  const { config } = loadConfig(absolute, configFile);
  const comments = config.comments;
  const options = comments.options;
  const serviceUrl = options.url;
  if (comments.provider !== 'quire' || serviceUrl === undefined) {
    throw new UsageError('The comment service needs "comments: { provider: quire, url: <its public URL> }" in the site config.');
  }
  const rateWindows = options.rateLimit === undefined ? defaultRateWindows : parseRateLimit(options.rateLimit);
  if (!rateWindows) throw new UsageError(`comments.rateLimit must look like "1/15s, 5/1h", not "${options.rateLimit}".`);
  const settings: ServiceSettings = {
    root: absolute,
    site: config,
    serviceUrl,
    siteOrigin: new URL(config.baseUrl).origin,
    database: path.resolve(absolute, options.database ?? '.quire/comments.db'),
    rules: {
      minSeconds: wholeNumber('minSeconds', options.minSeconds, defaultMinSeconds),
      maxStampAgeSeconds: 24 * 3600,
      maxLinks: wholeNumber('maxLinks', options.maxLinks, 2),
      blockedWords: (options.blockedWords ?? '').split(',').map((w) => w.trim()).filter(Boolean),
    },
    rateWindows,
    maxRequestBytes: wholeNumber('maxRequestBytes', options.maxRequestBytes, 128 * 1024),
  };
  const set = (key: 'adminToken' | 'akismetKey' | 'smtpUrl' | 'mailFrom', value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') settings[key] = value.trim();
  };
  set('adminToken', env[envNames.adminToken]);
  set('akismetKey', env[envNames.akismetKey]);
  set('smtpUrl', env[envNames.smtpUrl]);
  set('mailFrom', env[envNames.mailFrom]);
  const notify = options.notify ?? config.author.email;
  if (notify !== undefined) settings.notifyTo = notify;
  return settings;
}

/**
 * The signing secret: `QUIRE_COMMENTS_SECRET`, or else one made on first start and kept in the
 * database, so form stamps and emailed links stay valid across restarts without any other file.
 */
export function signingSecret(store: CommentStore, env: NodeJS.ProcessEnv): string {
  const given = env[envNames.secret];
  if (given !== undefined && given !== '') {
    if (given.length < 16) throw new UsageError(`${envNames.secret} must be at least 16 characters long.`);
    return given;
  }
  return store.settingOnce('secret', randomBytes(32).toString('base64url'));
}

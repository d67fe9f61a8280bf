import type { CommentProvider, CommentsConfig } from './site-config.js';
import { normaliseFolderUrl } from './folder-url.js';

/** What a provider's options must look like. */
interface ProviderOptions {
  /** Options without which the embed cannot work, with an example value for the hint. */
  required: Array<[key: string, example: string]>;
  optional: string[];
}

/**
 * Options each comment provider takes under `comments:` in the site config (camelCase keys;
 * the embed turns them into the attributes the provider documents).
 */
const providerOptions: Record<Exclude<CommentProvider, 'none'>, ProviderOptions> = {
  giscus: {
    required: [['repo', 'owner/name'], ['repoId', 'R_kgDOxxxxxx'], ['category', 'Announcements'], ['categoryId', 'DIC_kwDOxxxxxx']],
    optional: ['mapping', 'term', 'strict', 'reactionsEnabled', 'emitMetadata', 'inputPosition', 'theme', 'lang', 'loading'],
  },
  utterances: { required: [['repo', 'owner/name']], optional: ['issueTerm', 'issueNumber', 'label', 'theme'] },
  disqus: { required: [['shortname', 'my-blog']], optional: [] },
  isso: { required: [['url', 'https://comments.example.org/']], optional: ['lang', 'css', 'sorting', 'avatar', 'vote'] },
  form: { required: [['action', 'https://api.example.org/v3/entry/github/owner/repo/main/comments']], optional: [] },
  // `quire comments serve`: the page needs only its public URL; the rest are the service's settings.
  quire: {
    required: [['url', 'https://comments.example.org/']],
    optional: ['database', 'minSeconds', 'maxLinks', 'blockedWords', 'rateLimit', 'maxRequestBytes', 'notify'],
  },
};

/** Least seconds between a reader starting the quire form and sending it, unless `comments.minSeconds` says otherwise. */
export const defaultMinSeconds = 3;

/** Options of the quire provider that must be whole numbers. */
const quireNumbers = ['minSeconds', 'maxLinks', 'maxRequestBytes'];

const repoPattern = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const giscusMappings = ['pathname', 'url', 'title', 'og:title', 'specific', 'number'];

/** A problem with the comment options: the key it is about (under `comments.`), and what to say. */
export interface ProviderProblem {
  severity: 'error' | 'warning';
  key: string;
  message: string;
  hint?: string;
}

/**
 * Checks that the chosen provider has every option its embed needs, in a usable form, and
 * normalises some (Isso's `url` gets a trailing `/`). Unknown options are warnings (likely typos).
 * Nothing is checked when comments are switched off.
 */
export function checkProviderOptions(comments: CommentsConfig): ProviderProblem[] {
  const problems: ProviderProblem[] = [];
  const { provider, options } = comments;
  if (!comments.enabled) return problems;
  const spec = provider === 'none' ? { required: [], optional: [] } : providerOptions[provider];
  const known = new Set([...spec.required.map(([key]) => key), ...spec.optional]);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      problems.push({
        severity: 'warning',
        key,
        message: provider === 'none'
          ? `"comments.${key}" is not used: no comment provider is chosen.`
          : `"comments.${key}" is not an option of the ${provider} provider; it is ignored.`,
        hint: known.size > 0 ? `Options of ${provider}: ${[...known].join(', ')}.` : 'Set comments.provider to giscus, utterances, disqus, isso, form or quire.',
      });
    }
  }
  for (const [key, example] of spec.required) {
    if (options[key] === undefined || options[key].trim() === '') {
      problems.push({
        severity: 'error',
        key: 'provider',
        message: `The ${provider} comment provider needs "comments.${key}".`,
        hint: `Add it under comments:, e.g. ${key}: ${example}${provider === 'giscus' ? ' (giscus.app shows all four values for your repository)' : ''}`,
      });
    }
  }
  const bad = (key: string, message: string, hint: string) => problems.push({ severity: 'error', key, message, hint });
  const repo = options.repo;
  if ((provider === 'giscus' || provider === 'utterances') && repo !== undefined && repo.trim() !== '' && !repoPattern.test(repo)) {
    bad('repo', `"comments.repo" must name a GitHub repository as owner/name, not "${repo}".`, 'repo: ada/marginalia-comments');
  }
  if (provider === 'giscus' && options.mapping !== undefined && !giscusMappings.includes(options.mapping)) {
    bad('mapping', `"comments.mapping" must be one of ${giscusMappings.join(', ')}, not "${options.mapping}".`, 'mapping: pathname');
  }
  if (provider === 'disqus' && options.shortname !== undefined && options.shortname !== '' && !/^[a-z0-9-]+$/.test(options.shortname)) {
    bad('shortname', `"comments.shortname" must be a Disqus shortname (lowercase letters, digits and "-"), not "${options.shortname}".`, 'shortname: my-blog');
  }
  if (provider === 'isso' && options.url !== undefined && options.url !== '') {
    const url = issoUrl(options.url);
    if (url) options.url = url;
    else bad('url', `"comments.url" must be the Isso server's http(s) address or a path on this host, not "${options.url}".`, 'url: https://comments.example.org/');
  }
  if (provider === 'form' && options.action !== undefined && options.action !== '') {
    const action = httpsUrl(options.action);
    if (action) options.action = action;
    else bad('action', `"comments.action" must be an https address to post comments to, not "${options.action}".`, 'action: https://api.example.org/v3/entry/github/owner/repo/main/comments');
  }
  if (provider === 'quire') checkQuireOptions(options, bad);
  return problems;
}

/** The quire service's URL must be http(s) (https in production; http for a service on this machine). */
function checkQuireOptions(options: Record<string, string>, bad: (key: string, message: string, hint: string) => void): void {
  if (options.url !== undefined && options.url !== '') {
    const url = normaliseFolderUrl(options.url.trim());
    if (url) options.url = url;
    else bad('url', `"comments.url" must be the http(s) address of the quire comment service, not "${options.url}".`, 'url: https://comments.example.org/');
  }
  for (const key of quireNumbers) {
    const value = options[key];
    if (value !== undefined && !/^\d+$/.test(value)) bad(key, `"comments.${key}" must be a whole number, not "${value}".`, `${key}: 3`);
  }
  if (options.rateLimit !== undefined && !/^\s*\d+\s*\/\s*\d*\s*[smhd]\s*(,\s*\d+\s*\/\s*\d*\s*[smhd]\s*)*$/.test(options.rateLimit)) {
    bad('rateLimit', `"comments.rateLimit" must be limits such as "1/15s, 5/1h", not "${options.rateLimit}".`, 'rateLimit: 1/15s, 5/1h');
  }
}

function issoUrl(value: string): string | undefined {
  const text = value.trim();
  if (/^\/(?!\/)/.test(text) && !/[\s"'<>\\]/.test(text)) return text.endsWith('/') ? text : `${text}/`;
  return normaliseFolderUrl(text);
}

function httpsUrl(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

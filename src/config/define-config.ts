import type { MessageKey, PluralForms } from '../i18n/messages.js';
import type { Author, AuthorProfile, CommentProvider, ImagesConfig, MarkdownConfig, SearchConfig, MenuEntry, TaxonomyConfig, TemplatesConfig } from './site-config.js';

/**
 * A site config as an author writes it (`quire.config.ts`): every key optional, the same keys
 * and forms as `quire.config.yaml`, plus what only code can give (plugins as functions,
 * template filters).
 */
export interface QuireConfig {
  title?: string;
  description?: string;
  author?: string | Author;
  baseUrl?: string;
  language?: string;
  /** The theme's strings in the site's own words: text, or plural forms such as `{ one, other }`. */
  strings?: Partial<Record<MessageKey, string | PluralForms>>;
  timeZone?: string;
  postsPerPage?: number;
  permalink?: string;
  feedLimit?: number;
  rawHtml?: boolean;
  comments?: boolean | ({ enabled?: boolean; provider?: CommentProvider; closeAfterDays?: number; feedLimit?: number } & Record<string, string | number | boolean | undefined>);
  dirs?: Partial<Record<'posts' | 'pages' | 'comments' | 'static' | 'templates', string>>;
  authors?: Record<string, string | AuthorProfile>;
  menu?: MenuEntry[];
  taxonomies?: Array<string | ({ name: string } & Partial<TaxonomyConfig>)>;
  markdown?: Partial<MarkdownConfig>;
  images?: false | Partial<ImagesConfig>;
  search?: boolean | SearchConfig;
  templates?: Partial<TemplatesConfig>;
}

/** Types a config written in code; returns it unchanged. */
export function defineConfig(config: QuireConfig): QuireConfig {
  return config;
}

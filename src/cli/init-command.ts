import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { UsageError } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';
import { builtinTemplatesDir } from '../render/template-engine.js';

/** Options of `quire init`. */
export interface InitOptions {
  /** Write into a folder that already holds files (existing files are kept, never overwritten). */
  force?: boolean;
  /** Copy the default theme into `templates/` to edit it wholesale. */
  ejectTemplates?: boolean;
  /** The clock, for the example posts' dates (tests). */
  now?: number;
  /** The site's time zone; default: this machine's. */
  timeZone?: string;
}

/** What `quire init` did. */
export interface InitResult {
  dir: string;
  /** Files written, relative to `dir`, `/`-separated. */
  created: string[];
  /** Files that already existed and were left alone (with `force`). */
  kept: string[];
}

/** Names that do not make a folder "non-empty" for `init` (a fresh `git init`, Finder's litter). */
const ignorable = new Set(['.git', '.DS_Store']);

function localTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && DateTime.now().setZone(zone).isValid ? zone : 'UTC';
}

function configText(timeZone: string): string {
  return `# quire site settings. Every key is optional; see the README for all of them.
title: My Blog
description: Notes, written in markdown and built with quire.
author: Your Name               # or { name: Your Name, email: you@example.com, url: https://example.com/ }
baseUrl: https://example.com/   # where the site will be published; may include a path (https://example.com/blog/)
language: en                    # BCP 47 tag for <html lang>, dates and the theme's words (en, fr, de, es, pt, it, nl, pl, ja, zh, ar, he)
# strings:                      # any of the theme's words in your own (keys as in the README's Languages)
#   leaveReply: Say something
timeZone: ${timeZone.padEnd(22)}# IANA zone in which post dates are read and shown
# postsPerPage: 10              # home, archive and tag pages
# permalink: /:year/:month/:slug/
# feedLimit: 20                 # posts per feed
# rawHtml: false                # keep raw HTML in posts (still sanitized)
# comments:
#   provider: none              # none, giscus, utterances, disqus, isso or form
#   closeAfterDays: 0
# dirs:                         # folders, relative to this file
#   posts: posts
#   comments: comments
#   static: static
#   templates: templates
`;
}

/**
 * `quire init [dir]`: a new blog folder with a commented config, two example posts, an empty
 * `static/`, a `.gitignore`, and a `templates/` folder for overrides (the whole default theme
 * with `ejectTemplates`). Refuses a folder that holds anything unless `force`.
 */
export function initSite(dir: string, options: InitOptions = {}): InitResult {
  const root = path.resolve(dir);
  if (existsSync(root)) {
    if (!statSync(root).isDirectory()) throw new UsageError(`${displayPath(root)} is a file, not a folder.`);
    const present = readdirSync(root).filter((name) => !ignorable.has(name));
    if (present.length > 0 && !options.force) {
      throw new UsageError(`${displayPath(root)} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}); ` +
        'choose a new folder, or pass --force to add the missing files (existing ones are kept).');
    }
  }
  const timeZone = options.timeZone ?? localTimeZone();
  const today = DateTime.fromMillis(options.now ?? Date.now(), { zone: timeZone });
  const first = today.minus({ days: 1 }).toISODate() ?? '2024-01-01';
  const second = today.toISODate() ?? '2024-01-02';
  const welcome = `${first}-welcome.md`;
  const files: Record<string, string> = {
    'quire.config.yaml': configText(timeZone),
    '.gitignore': '# Built site and quire\'s caches\ndist/\n.quire/\nnode_modules/\n',
    'static/.gitkeep': '',
    'templates/README.md':
      'Templates placed here override the default theme file of the same name (for example `post.liquid`, ' +
      '`layouts/base.liquid`, `partials/sidebar.liquid` or `assets/style.css`); `quire init --eject-templates` copies the whole theme here to edit.\n',
    [`posts/${welcome}`]: `---
title: Welcome to your blog
tags: [meta]
description: What this folder is and how to write the next post.
---
This is the first post of a blog built with quire. Every markdown file in \`posts/\` is a post;
its file name gives the date and the URL.

<!-- more -->

Start a new post with \`quire new "Title"\`, then run \`quire serve\` and open the address it
prints: the page reloads every time you save. \`quire build\` writes the finished site to
\`dist/\`, ready for any static host.
`,
    [`posts/${second}-writing-posts.md`]: `---
title: Writing posts
tags: [meta, markdown]
---
Posts are GitHub-flavoured markdown with a little YAML at the top: \`title\` and \`date\`, and
optionally \`tags\`, \`description\`, \`draft: true\` and more.

| you write | you get |
| --- | --- |
| \`**bold**\` | **bold** |
| \`~~gone~~\` | ~~gone~~ |

A link to another post's file, like [the welcome post](./${welcome}), becomes a link to its page.
Images and other files go in \`static/\` and are copied as they are.
`,
  };
  const created: string[] = [];
  const kept: string[] = [];
  for (const [relative, contents] of Object.entries(files)) {
    const full = path.join(root, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    try {
      writeFileSync(full, contents, { flag: 'wx' });
      created.push(relative);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      kept.push(relative);
    }
  }
  if (options.ejectTemplates) {
    const walk = (from: string, rel: string): void => {
      for (const entry of readdirSync(from, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const childRel = `${rel}${entry.name}`;
        const source = path.join(from, entry.name);
        const target = path.join(root, 'templates', childRel);
        if (entry.isDirectory()) {
          mkdirSync(target, { recursive: true });
          walk(source, `${childRel}/`);
        } else if (entry.isFile()) {
          if (existsSync(target)) kept.push(`templates/${childRel}`);
          else {
            cpSync(source, target);
            created.push(`templates/${childRel}`);
          }
        }
      }
    };
    walk(builtinTemplatesDir, '');
  }
  return { dir: root, created, kept };
}

/** Runs `quire init` with commander's parsed options; prints what it wrote and what to do next. */
export function initCommand(dir: string | undefined, opts: Record<string, unknown>): number {
  const result = initSite(dir ?? '.', { force: opts.force === true, ejectTemplates: opts.ejectTemplates === true });
  const shown = displayPath(result.dir);
  const lines = [`Created a quire site in ${shown}/:`, ...result.created.map((file) => `  ${file}`)];
  if (result.kept.length > 0) lines.push('Kept as they were:', ...result.kept.map((file) => `  ${file}`));
  const cd = shown === '.' ? '' : `cd ${/^[\w./-]+$/.test(shown) ? shown : JSON.stringify(shown)} && `;
  lines.push('', `Next: ${cd}quire new "My first post" && quire serve`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

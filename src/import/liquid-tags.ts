import { count, SetAside, type Converted } from './engine-site.js';

/** How the tags of a Liquid-like template language (Jekyll's Liquid, Hexo's Nunjucks tags) are converted. */
export interface TagHandlers {
  /** Tags with an end tag (`{% highlight %}…{% endhighlight %}`): arguments and inner text → markdown. */
  blocks: Record<string, (args: string, inner: string) => string | undefined>;
  /** Single tags (`{% post_url 2010-07-21-name %}`): arguments → markdown; undefined leaves the tag as text. */
  tags: Record<string, (args: string) => string | undefined>;
  /** `{{ expression }}` → text; undefined leaves it as text. */
  output?: (expression: string) => string | undefined;
}

/**
 * Converts the `{% … %}` tags and `{{ … }}` outputs of a body outside code, and lists (with their
 * line in the file) those left as they are. `{% raw %}` blocks are kept verbatim, without the tags.
 */
export function convertTags(body: string, bodyLine: number, handlers: TagHandlers): Converted {
  const converted: Record<string, number> = {};
  const aside = new SetAside();
  let text = body.replace(/\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}/g, (match, inner: string) => {
    count(converted, 'raw');
    return aside.keep(inner, match);
  });
  text = aside.fences(text);
  for (const [name, handle] of Object.entries(handlers.blocks)) {
    const re = new RegExp(`\\{%-?\\s*${name}\\b((?:[^%]|%(?!\\}))*?)-?%\\}([\\s\\S]*?)\\{%-?\\s*end${name}\\s*-?%\\}`, 'g');
    text = text.replace(re, (match, args: string, inner: string) => {
      const out = handle(args.trim(), aside.restore(inner));
      if (out === undefined) return match;
      count(converted, name);
      return aside.keep(out, match);
    });
  }
  text = aside.inlineCode(text);
  text = text.replace(/\{%-?\s*(\w+)((?:[^%]|%(?!\}))*?)-?%\}/g, (match, name: string, args: string) => {
    const handle = handlers.tags[name];
    const out = handle?.(args.trim());
    if (out === undefined) return match;
    count(converted, name);
    return aside.keep(out, match);
  });
  if (handlers.output) {
    const output = handlers.output;
    text = text.replace(/\{\{-?\s*((?:[^}]|\}(?!\}))*?)\s*-?\}\}/g, (match, expression: string) => {
      const out = output(expression);
      if (out === undefined) return match;
      count(converted, 'variable');
      return aside.keep(out, match);
    });
  }
  const leftovers: Converted['leftovers'] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/\{%-?\s*\w+(?:[^%]|%(?!\}))*?%\}|\{\{(?:[^}]|\}(?!\}))*?\}\}/g)) {
      leftovers.push({ line: bodyLine + i, text: m[0].length > 60 ? `${m[0].slice(0, 57)}…` : m[0] });
    }
  });
  return { markdown: aside.restore(text), converted, leftovers };
}

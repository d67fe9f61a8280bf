import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IncludeTag, LayoutTag, LiquidError, RenderTag, toValueSync, type Liquid, type Template } from 'liquidjs';
import { codeFrame } from '../diagnostics/code-frame.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';

/** The parts of a LiquidJS token a diagnostic is made from (`file` and `input` are set for templates read from files). */
interface TokenShape {
  file?: string;
  input: string;
  begin: number;
  end: number;
  getPosition(): [number, number];
}

const docs = 'https://liquidjs.com/';

/** A template file and its text. */
export interface TemplateSource {
  file: string;
  source: string;
}

/**
 * Turns a LiquidJS error (a syntax error, an unknown tag or filter, a missing partial, a filter
 * failing while a page renders) into a `TemplateError` naming the template's own file, line and
 * column. Anything else is not the template's fault and is left to the caller. An error in text
 * LiquidJS parses apart from its file (the quoted name in `{% layout 'a{%b' %}`) is placed in
 * `within`, the template being parsed, when that text is found there.
 */
export function templateDiagnostic(error: unknown, within?: TemplateSource): Diagnostic | undefined {
  if (!(error instanceof LiquidError)) return undefined;
  const token = error.token as unknown as TokenShape | undefined;
  // LiquidJS appends ", file:…, line:…, col:…" (or just the line and column) to its messages; the diagnostic says where itself.
  const bare = (error.originalError?.message ?? error.message).replace(/(, file:[^\n]*)?, line:\d+, col:\d+$/, '');
  let place: TemplateSource & { line: number; column: number };
  if (token && typeof token.file === 'string') {
    const [line, column] = token.getPosition();
    place = { file: token.file, source: token.input, line, column };
  } else {
    const at = token && within ? within.source.indexOf(token.input) : -1;
    if (!within || !token || at < 0) {
      return diagnostic('error', 'TemplateError', undefined, `A template cannot be parsed: ${bare.replace(/\.?$/, '.')}`,
        `Look for that text in the templates folder; LiquidJS syntax: ${docs}`);
    }
    const before = within.source.slice(0, at + token.begin);
    place = { ...within, line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
  }
  const { line } = place;
  let column = place.column;
  let message: string;
  let hint: string;
  let match: RegExpMatchArray | null;
  if ((match = /^undefined filter: (.*)$/.exec(bare))) {
    const name = match[1] ?? '';
    // Point at the filter's name, not at the start of the `{{ … }}` holding it.
    const text = token ? token.input.slice(token.begin, token.end) : '';
    const found = new RegExp(`\\|\\s*(?=${escapeRegExp(name)}\\b)`).exec(text);
    const at = found ? found.index + found[0].length : -1;
    if (at >= 0 && !text.slice(0, at).includes('\n')) column += at;
    message = `There is no filter named "${name}".`;
    hint = `Check its spelling, or use one of LiquidJS's filters (${docs}filters/overview.html).`;
  } else if ((match = /^tag "(end\w+)" not found$/.exec(bare))) {
    message = `{% ${match[1] ?? ''} %} does not close any tag opened before it.`;
    hint = 'A tag opened before it ({% if %}, {% for %}, {% unless %}…) may be missing its own end tag, or this one is misspelt.';
  } else if ((match = /^tag "(.*)" not found$/.exec(bare))) {
    message = `There is no tag named "${match[1] ?? ''}".`;
    hint = `Check its spelling, or use one of LiquidJS's tags (${docs}tags/overview.html).`;
  } else if ((match = /^tag (\{%-?\s*(\w+)[\s\S]*%\}) not closed$/.exec(bare))) {
    message = `${match[1] ?? ''} is never closed.`;
    hint = `Add {% end${match[2] ?? ''} %} where its block ends.`;
  } else if ((match = /^ENOENT: Failed to lookup "(.*)" in /.exec(bare))) {
    message = `There is no template "${match[1] ?? ''}" in the templates folder or the default theme.`;
    hint = `Create it as ${match[1] ?? ''}.liquid in the templates folder, or correct the name.`;
  } else {
    message = `${bare.replace(/\.?$/, '.')}`;
    hint = `Fix the template at the marked place (LiquidJS syntax: ${docs}).`;
  }
  const d = diagnostic('error', 'TemplateError', { file: displayPath(place.file), line, column }, message, hint);
  d.frame = codeFrame(place.source, line, column);
  return d;
}

/** The file a template name stands for, looked up as the engine does (site templates first), and its text. */
export function templateSource(engine: Liquid, name: string): TemplateSource | undefined {
  const { root, extname } = engine.options;
  const file = (Array.isArray(root) ? root : [root])
    .map((dir) => path.resolve(dir, path.extname(name) ? name : `${name}${extname}`))
    .find((candidate) => existsSync(candidate));
  return file === undefined ? undefined : { file, source: readFileSync(file, 'utf8') };
}

/** One diagnostic per place and message: the same broken partial is reported once however many pages use it. */
export function sameProblem(a: Diagnostic, b: Diagnostic): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column && a.message === b.message;
}

/** Key: the engine (made anew when the templates' key changes) and the list of names. Invalid: with the engine. */
const checked = new WeakMap<Liquid, Map<string, Diagnostic[]>>();

/**
 * Parses the given templates and every partial and layout they name (and those name, and so
 * on), so that every template that cannot be parsed or names a template that does not exist is
 * reported at once, before any page is rendered. Names chosen while rendering
 * (`{% render name %}` with a variable) are found when a page renders them instead.
 * Remembered per engine (whose templates stay the same) and list of names.
 */
export function checkTemplates(engine: Liquid, names: readonly string[]): Diagnostic[] {
  let byNames = checked.get(engine);
  if (!byNames) checked.set(engine, (byNames = new Map()));
  const key = names.join('\0');
  const known = byNames.get(key);
  if (known) return known;
  const problems: Diagnostic[] = [];
  const report = (error: unknown, name: string, at?: Template) => {
    const d = templateDiagnostic(error, templateSource(engine, name)) ?? (at && templateDiagnostic(new LiquidErrorAt(error, at)));
    if (!d) throw error;
    if (!problems.some((p) => sameProblem(p, d))) problems.push(d);
  };
  const seen = new Set<Template[]>();
  const walk = (templates: Template[]): void => {
    if (seen.has(templates)) return;
    seen.add(templates);
    for (const template of templates) {
      const named = namedTemplate(engine, template);
      if (named) {
        try {
          walk(named.parse());
        } catch (error) {
          report(error, named.name, template);
        }
      }
      for (const nested of childTemplates(template)) walk(nested);
    }
  };
  for (const name of names) {
    try {
      walk(engine.parseFileSync(name));
    } catch (error) {
      report(error, name);
    }
  }
  byNames.set(key, problems);
  return problems;
}

/** A plain error (a partial not found while parsing) placed at the tag that asked for it, as LiquidJS places it when rendering. */
class LiquidErrorAt extends LiquidError {
  constructor(error: unknown, template: Template) {
    super(error instanceof Error ? error : new Error(String(error)), template.token);
    this.name = 'RenderError';
  }
}

/** The partial or layout a tag names by a literal, and how to parse it. */
function namedTemplate(engine: Liquid, template: Template): { name: string; parse: () => Template[] } | undefined {
  const { file, currentFile } = template as unknown as { file?: unknown; currentFile?: string };
  if (typeof file !== 'string') return undefined;
  if (template instanceof LayoutTag) return { name: file, parse: () => toValueSync(engine._parseLayoutFile(file, true, currentFile)) };
  if (template instanceof RenderTag || template instanceof IncludeTag) {
    return { name: file, parse: () => toValueSync(engine._parsePartialFile(file, true, currentFile)) };
  }
  return undefined;
}

/** The lists of templates inside a tag: `if` branches, `for` bodies, `else` parts, blocks… */
function childTemplates(template: Template): Template[][] {
  const lists: Template[][] = [];
  const isTemplateList = (value: unknown): value is Template[] =>
    Array.isArray(value) && value.every((item) => typeof (item as Template | null)?.render === 'function' && 'token' in (item as object));
  for (const value of Object.values(template)) {
    if (!Array.isArray(value)) continue;
    if (isTemplateList(value)) lists.push(value);
    else for (const item of value) if (isTemplateList((item as { templates?: unknown } | null)?.templates)) lists.push((item as { templates: Template[] }).templates);
  }
  return lists;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Feed checks for quire's Atom/RSS output, from three independent angles:
 *
 * - {@link parseWithFeedparser}: Python's `feedparser` (Debian
 *   `python3-feedparser`, run with `/usr/bin/python3`), the de-facto
 *   reference reader; its `bozo` flag catches malformed XML such as HTML
 *   entities (`&nbsp;`) that are not XML.
 * - {@link parseWithNode}: `@rowanmanning/feed-parser`, a lenient JS reader.
 * - {@link validateAtomWithJing}: RELAX NG validation with `jing -c` against
 *   `test/schemas/atom.rnc` (RFC 4287, Appendix B), plus
 *   {@link checkAtomRules} for what that grammar cannot express (its
 *   Schematron annotations, which jing ignores, and RFC 3339 timestamps).
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFeed } from '@rowanmanning/feed-parser';
import { Parser } from 'htmlparser2';

/** The system interpreter that has Debian's `python3-feedparser`. */
const SYSTEM_PYTHON = '/usr/bin/python3';

/** Absolute path of the RFC 4287 RELAX NG compact schema. */
export const ATOM_RNC = fileURLToPath(new URL('../schemas/atom.rnc', import.meta.url));

/** One entry as feedparser sees it; `null` where feedparser found nothing. */
export interface FeedparserEntry {
  readonly title: string | null;
  readonly link: string | null;
  readonly id: string | null;
  /** The raw published string (Atom `published`, RSS `pubDate`). */
  readonly published: string | null;
  /** `published` as feedparser understood it, ISO 8601 UTC; `null` if it could not parse the date. */
  readonly publishedParsed: string | null;
  readonly updated: string | null;
  readonly updatedParsed: string | null;
  /** Present only when the entry has a summary/description. */
  readonly summary?: string;
}

/** What feedparser made of a feed. */
export interface FeedparserResult {
  /** True when the feed is not well-formed (or feedparser had to guess). */
  readonly bozo: boolean;
  /** `ExceptionType: message` behind `bozo`, else `null`. */
  readonly bozoException: string | null;
  /** feedparser's format id: `atom10`, `rss20`, … or `''` if unknown. */
  readonly version: string;
  readonly feed: { readonly title: string | null; readonly link: string | null };
  readonly entries: FeedparserEntry[];
}

const FEEDPARSER_SCRIPT = `
import json, sys, time
import feedparser
# Read the bytes ourselves: given a string that is not a file, feedparser
# would parse the string itself (or fetch it as a URL).
with open(sys.argv[1], 'rb') as fh:
    data = fh.read()
d = feedparser.parse(data)
def iso(st):
    return None if st is None else time.strftime('%Y-%m-%dT%H:%M:%SZ', st)
def entry(e):
    r = {
        'title': e.get('title'), 'link': e.get('link'), 'id': e.get('id'),
        'published': e.get('published'), 'publishedParsed': iso(e.get('published_parsed')),
        'updated': e.get('updated'), 'updatedParsed': iso(e.get('updated_parsed')),
    }
    if 'summary' in e:
        r['summary'] = e.get('summary')
    return r
exc = d.get('bozo_exception')
json.dump({
    'bozo': bool(d.get('bozo')),
    'bozoException': None if exc is None else '%s: %s' % (type(exc).__name__, exc),
    'version': d.get('version') or '',
    'feed': {'title': d.feed.get('title'), 'link': d.feed.get('link')},
    'entries': [entry(e) for e in d.entries],
}, sys.stdout)
`;

interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], installHint: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new Error(`cannot run ${command}: ${e.message}; install: ${installHint}`)));
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

async function assertFile(file: string): Promise<string> {
  const abs = path.resolve(file);
  const st = await stat(abs).catch(() => undefined);
  if (!st?.isFile()) throw new Error(`no such file: ${abs}`);
  return abs;
}

/**
 * Parses a feed file with Python feedparser (`/usr/bin/python3 -I`, so
 * neither PATH, pyenv nor PYTHONPATH can swap the interpreter or module).
 * @throws if the file is missing or Python/feedparser cannot run.
 */
export async function parseWithFeedparser(file: string): Promise<FeedparserResult> {
  const abs = await assertFile(file);
  const r = await run(SYSTEM_PYTHON, ['-I', '-c', FEEDPARSER_SCRIPT, abs], 'apt-get install -y python3-feedparser');
  if (r.status !== 0) throw new Error(`feedparser failed (exit ${String(r.status)}): ${r.stderr}`);
  return JSON.parse(r.stdout) as FeedparserResult;
}

/** One item as @rowanmanning/feed-parser sees it. */
export interface NodeFeedItem {
  readonly id: string | null;
  readonly title: string | null;
  readonly url: string | null;
  /** ISO 8601, or `null` if absent or unparseable. */
  readonly published: string | null;
  readonly updated: string | null;
  readonly description: string | null;
  readonly content: string | null;
}

/** What @rowanmanning/feed-parser made of a feed. */
export interface NodeFeed {
  /** `atom` or `rss`. */
  readonly type: string;
  readonly title: string | null;
  readonly url: string | null;
  readonly self: string | null;
  readonly updated: string | null;
  readonly items: NodeFeedItem[];
}

/**
 * Parses a feed file with `@rowanmanning/feed-parser`.
 * @throws its `InvalidFeedError` when the XML is not a feed at all.
 */
export async function parseWithNode(file: string): Promise<NodeFeed> {
  const json = parseFeed(await readFile(await assertFile(file), 'utf8')).toJSON();
  return {
    type: json.meta.type,
    title: json.title,
    url: json.url,
    self: json.self,
    updated: json.updated,
    items: json.items.map((i) => ({
      id: i.id,
      title: i.title,
      url: i.url,
      published: i.published,
      updated: i.updated,
      description: i.description,
      content: i.content,
    })),
  };
}

/** One jing diagnostic. */
export interface JingError {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** `error: …` or `fatal: …` as jing wrote it. */
  readonly message: string;
}

/** Result of {@link validateAtomWithJing}. */
export interface JingResult {
  readonly valid: boolean;
  readonly errors: JingError[];
}

/**
 * Validates a file against a RELAX NG compact schema with `jing -c`
 * (default: RFC 4287's Atom schema). Debian's jing wrapper prints
 * `[warning] … Unable to locate …` lines on stderr; they are dropped.
 * @throws if the file is missing or jing cannot run.
 */
export async function validateAtomWithJing(file: string, schema: string = ATOM_RNC): Promise<JingResult> {
  const abs = await assertFile(file);
  const r = await run('jing', ['-c', schema, abs], 'apt-get install -y jing');
  const lines = `${r.stdout}\n${r.stderr}`
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('[warning]'));
  const errors = lines.map((l): JingError => {
    const m = /^(.*?):(\d+):(\d+): (.*)$/.exec(l);
    return m
      ? { file: m[1] ?? abs, line: Number(m[2]), column: Number(m[3]), message: m[4] ?? l }
      : { file: abs, line: undefined, column: undefined, message: l };
  });
  if (r.status === 0) return { valid: true, errors: [] };
  if (errors.length === 0) {
    errors.push({ file: abs, line: undefined, column: undefined, message: `jing exited ${String(r.status)}` });
  }
  return { valid: false, errors };
}

const ATOM_NS = 'http://www.w3.org/2005/Atom';

interface XNode {
  readonly ns: string | undefined;
  readonly local: string;
  readonly attribs: Record<string, string>;
  readonly children: XNode[];
  text: string;
  readonly line: number;
}

function parseXml(xml: string): XNode | undefined {
  let root: XNode | undefined;
  const stack: { node: XNode; scope: Map<string, string> }[] = [];
  let lineAt = 0;
  let line = 1;
  const lineOf = (index: number): number => {
    for (; lineAt < index && lineAt < xml.length; lineAt++) if (xml[lineAt] === '\n') line++;
    return line;
  };
  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        const parentScope = stack[stack.length - 1]?.scope ?? new Map<string, string>();
        const scope = new Map(parentScope);
        for (const [k, v] of Object.entries(attribs)) {
          if (k === 'xmlns') scope.set('', v);
          else if (k.startsWith('xmlns:')) scope.set(k.slice(6), v);
        }
        const colon = name.indexOf(':');
        const prefix = colon < 0 ? '' : name.slice(0, colon);
        const node: XNode = {
          ns: scope.get(prefix),
          local: colon < 0 ? name : name.slice(colon + 1),
          attribs,
          children: [],
          text: '',
          line: lineOf(parser.startIndex),
        };
        const parent = stack[stack.length - 1];
        if (parent) parent.node.children.push(node);
        else root ??= node;
        stack.push({ node, scope });
      },
      ontext(text) {
        const top = stack[stack.length - 1];
        if (top) top.node.text += text;
      },
      onclosetag() {
        stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return root;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks the RFC 4287 rules that the RELAX NG grammar does not express:
 * - an `atom:feed` without `atom:author` needs one in every entry (§4.1.1);
 * - every `atom:entry` has an `atom:link` with rel `alternate` (or no rel)
 *   or an `atom:content` (§4.1.1, §4.1.2);
 * - `atom:updated`/`atom:published` are RFC 3339 timestamps with upper-case
 *   `T`/`Z` and a time zone (§3.3; xsd:dateTime lets a zone-less value pass);
 * - `atom:id` is an absolute IRI (§4.2.6).
 *
 * The XML is assumed well-formed (check that with jing or feedparser).
 * @returns human-readable violations, `line N: …`; empty when all hold.
 */
export async function checkAtomRules(file: string): Promise<string[]> {
  const root = parseXml(await readFile(await assertFile(file), 'utf8'));
  const problems: string[] = [];
  if (!root || root.ns !== ATOM_NS || (root.local !== 'feed' && root.local !== 'entry')) {
    return [`root element is not atom:feed or atom:entry`];
  }
  const atom = (n: XNode, local: string): XNode[] => n.children.filter((c) => c.ns === ATOM_NS && c.local === local);
  const feedHasAuthor = root.local === 'feed' && atom(root, 'author').length > 0;
  const entries = root.local === 'feed' ? atom(root, 'entry') : [root];
  for (const e of entries) {
    const where = `line ${e.line}: entry`;
    const hasAuthor = atom(e, 'author').length > 0 || atom(e, 'source').some((s) => atom(s, 'author').length > 0);
    if (!feedHasAuthor && !hasAuthor) problems.push(`${where} has no atom:author and neither does the feed`);
    const alt = atom(e, 'link').some((l) => l.attribs['rel'] === undefined || l.attribs['rel'] === 'alternate');
    if (!alt && atom(e, 'content').length === 0) {
      problems.push(`${where} has neither an alternate atom:link nor atom:content`);
    }
  }
  const visit = (n: XNode): void => {
    if (n.ns === ATOM_NS) {
      const value = n.text.trim();
      if ((n.local === 'updated' || n.local === 'published') && !RFC3339.test(value)) {
        problems.push(`line ${n.line}: atom:${n.local} "${value}" is not an RFC 3339 date-time`);
      }
      if (n.local === 'id' && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(value)) {
        problems.push(`line ${n.line}: atom:id "${value}" is not an absolute IRI`);
      }
    }
    for (const c of n.children) visit(c);
  };
  visit(root);
  return problems;
}

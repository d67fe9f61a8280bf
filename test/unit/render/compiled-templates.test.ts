/**
 * The compiled renderer gives exactly what LiquidJS gives, for the default theme and for
 * templates exercising each piece of Liquid it compiles; anything else is left to LiquidJS.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { configLocale } from '../../../src/i18n/locale.js';
import { templateRenderer } from '../../../src/render/compiled-templates.js';
import { createTemplateEngine } from '../../../src/render/template-engine.js';
import { useTempDirs, writeFiles } from '../../support/temp-dir.js';

const tempDir = useTempDirs('quire-compiled-');

/** An engine over `files` (then the default theme), and both ways of rendering with it. */
function engines(files: Record<string, string> = {}) {
  const dir = tempDir();
  writeFiles(dir, files);
  const engine = createTemplateEngine(dir);
  const spy = vi.spyOn(engine, 'renderFileSync');
  const compiled = templateRenderer(engine);
  /** What LiquidJS renders, or that it throws. */
  const liquid = (file: string, data: Record<string, unknown>, globals?: Record<string, unknown>) =>
    outcome(() => engine.renderFileSync(file, data, globals ? { globals } : undefined) as string);
  /** What the compiled renderer gives, and whether LiquidJS had to render instead. */
  const render = (file: string, data: Record<string, unknown>, globals?: Record<string, unknown>) => {
    spy.mockClear();
    const result = outcome(() => compiled(file, data, globals));
    return { ...result, fellBack: spy.mock.calls.length > 0 };
  };
  return { liquid, render };
}

function outcome(render: () => string): { html?: string; error?: true } {
  try {
    return { html: render() };
  } catch {
    return { error: true };
  }
}

/** Renders `file` both ways: the same result (or both throw), compiled unless `fallback`. */
function expectSame(both: ReturnType<typeof engines>, file: string, data: Record<string, unknown>, fallback = false, globals?: Record<string, unknown>): void {
  const expected = both.liquid(file, data, globals);
  const { fellBack, ...actual } = both.render(file, data, globals);
  expect(actual, file).toEqual(expected);
  // A rendering error is always reported by LiquidJS itself.
  expect(fellBack, file).toBe(fallback || expected.error === true);
}

/** Text with everything escaping and `blank` care about: markup, quotes, entities, whitespace, emoji. */
const text = fc.oneof(
  fc.constantFrom('', ' ', '\n\t', 'plain', '0', 'false', 'nil', '&amp;', '<b>"x" & \'y\'</b>', 'Zoë — 寿司 😀'),
  fc.string({ maxLength: 12 }),
);
/** Any value a template might meet where it expects text. */
const scalar = fc.oneof(text, fc.constantFrom(undefined, null, true, false, 0, 1, -2.5, Number.NaN), fc.integer());
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const tagRef = fc.record({ name: text, slug: text, url: text });
const link = fc.record({ title: text, url: text });
const postData = fc.record({
  title: text, url: text, absoluteUrl: text, slug: text, date: text, dateText: text, monthUrl: text,
  updated: maybe(text), updatedText: maybe(text), readingMinutes: scalar, commentsLink: maybe(text),
  excerptHtml: text, hasMore: fc.boolean(), html: text, summaryHtml: text,
  tagRefs: fc.array(tagRef, { maxLength: 3 }), previous: maybe(link), next: maybe(link),
  authorRefs: fc.array(fc.record({ name: text, url: maybe(text) }), { maxLength: 2 }),
  terms: fc.record({ categories: maybe(fc.array(fc.record({ name: text, title: text, url: text }), { maxLength: 2 })) }),
  parts: fc.array(fc.record({ term: fc.record({ title: text, url: text }), part: fc.integer({ min: 1, max: 5 }), total: fc.integer({ min: 1, max: 5 }), previous: maybe(link), next: maybe(link) }), { maxLength: 2 }),
  parent: maybe(link),
});
const menuItem = fc.record({ label: text, url: fc.oneof(text, fc.constant('')), external: fc.boolean(), children: fc.array(fc.record({ label: text, url: text, external: fc.boolean(), children: fc.constant([]) }), { maxLength: 2 }) });
const siteData = fc.record({
  title: text, description: text, language: text, ogLocale: text, basePath: text, stylesheet: text, favicon: maybe(text),
  feeds: fc.record({ rss: text, atom: text, json: text }), copyrightYears: text, sidebarHtml: text,
  author: fc.record({ name: text, url: maybe(text) }), menu: fc.array(menuItem, { maxLength: 3 }),
});
const pageData = fc.record({
  title: text, description: text, canonical: text, url: text, jsonLd: maybe(text),
  feeds: maybe(fc.array(fc.record({ type: text, title: text, url: text }), { maxLength: 2 })),
});
const pagination = fc.record({ number: fc.integer({ min: 1, max: 4 }), total: fc.integer({ min: 0, max: 4 }), previous: maybe(text), next: maybe(text) });
const attribute = fc.record({ name: text, value: text });
const embed = fc.oneof(
  fc.record({ provider: fc.constant('none'), postId: maybe(text), postUrl: maybe(text), postTitle: maybe(text) }),
  fc.record({ provider: fc.constantFrom('giscus', 'utterances'), src: text, attributes: fc.array(attribute, { maxLength: 3 }) }),
  fc.record({ provider: fc.constant('disqus'), script: text }),
  fc.record({ provider: fc.constant('isso'), api: text, src: text, threadId: text, title: text, attributes: fc.array(attribute, { maxLength: 2 }) }),
  fc.record({ provider: fc.constant('form'), action: text, hidden: fc.array(attribute, { maxLength: 2 }) }),
);
const comment = fc.letrec((tie) => ({
  comment: fc.record({
    anchor: text, author: text, url: maybe(text), date: text, dateText: text, html: text,
    replies: fc.oneof({ depthSize: 'small' }, fc.constant([]), fc.array(tie('comment'), { maxLength: 2 })),
  }),
})).comment;
const commentsData = fc.record({
  heading: text, open: fc.boolean(), count: maybe(fc.nat(3)), comments: maybe(fc.array(comment, { maxLength: 3 })), embed: maybe(embed), feedUrl: maybe(text),
});
const archiveData = fc.array(
  fc.record({
    year: text, url: text, posts: fc.array(postData, { maxLength: 2 }),
    months: fc.array(fc.record({ url: text, label: text, posts: fc.array(postData, { maxLength: 2 }) }), { maxLength: 2 }),
  }),
  { maxLength: 2 },
);
const tagsData = fc.array(fc.record({ name: text, url: text, posts: fc.array(fc.constant({}), { maxLength: 3 }) }), { maxLength: 3 });
const neighbour = maybe(fc.record({ url: text, label: text }));

/** Every template of the default theme, with variables shaped like the ones `renderSite` passes (and worse). */
const themeCases: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  post: fc.record({ site: siteData, page: pageData, comments: commentsData, post: postData }),
  home: fc.record({ site: siteData, page: pageData, pagination, posts: fc.array(postData, { maxLength: 3 }) }),
  listing: fc.record({
    site: siteData, page: pageData, pagination, posts: fc.array(postData, { maxLength: 3 }),
    heading: text, count: fc.oneof(fc.nat(3), text), newer: neighbour, older: neighbour,
    parent: maybe(link), children: fc.array(fc.record({ name: text, url: text }), { maxLength: 2 }), author: maybe(fc.record({ name: text, bio: maybe(text) })),
  }),
  page: fc.record({ site: siteData, page: pageData, post: postData }),
  terms: fc.record({ site: siteData, page: pageData, heading: text, terms: fc.array(fc.record({ name: text, url: text, depth: fc.nat(3), posts: fc.array(fc.constant({}), { maxLength: 3 }) }), { maxLength: 3 }) }),
  archive: fc.record({ site: siteData, page: pageData, archive: archiveData }),
  tags: fc.record({ site: siteData, page: pageData, tags: tagsData }),
  alias: fc.record({ site: siteData, alias: fc.record({ title: text, target: text, canonical: text }) }),
  '404': fc.record({ site: siteData, page: pageData }),
  'partials/sidebar': fc.record({ site: siteData, recent: fc.array(postData, { maxLength: 3 }), archive: archiveData, tags: tagsData }),
  'partials/post-summary': fc.record({ site: siteData, post: postData }),
  'partials/comments': fc.record({ post: postData, comments: commentsData }),
};

/** The theme's strings as templates see them (`t`, a render global), in languages of each kind. */
const strings = fc.constantFrom('en', 'fr', 'pl', 'ja', 'ar').map((language) => ({ t: configLocale({ language }).t }));

describe('the default theme', () => {
  for (const [file, data] of Object.entries(themeCases)) {
    it(`${file}: compiled, and the same bytes as LiquidJS for any data, in any language (property)`, () => {
      const both = engines();
      fc.assert(
        fc.property(data, strings, (vars, globals) => expectSame(both, file, vars, false, globals)),
        { numRuns: 150 },
      );
    });
  }
});

/** Templates for each compiled construct, rendered with `vars`. */
const constructs: Record<string, string> = {
  output: '[{{ s }}|{{ n }}|{{ b }}|{{ missing }}|{{ a.b.c }}|{{ arr }}|{{ obj }}|{{ "lit<" }}|{{ 3 }}|{{ true }}|{{ nil }}]',
  properties:
    '{{ arr.size }} {{ arr.first }} {{ arr.last }} {{ arr[0] }} {{ arr[-1] }} {{ arr[9] }} {{ s.size }} {{ s.first }} {{ obj.size }} ' +
    '{{ obj["a key"] }} {{ obj[k] }} {{ obj.toString }} {{ obj.constructor }} {{ sized.size }} {{ n.size }} {{ nested.list.first.name }}',
  filters: "{{ s | default: 'd' }} {{ arr | default: 'd' }} {{ b | default: 'd' }} {{ b | default: 'd', allow_false: true }} " +
    "{{ n | default: d2 }} {{ s | raw }} {{ s | escape }} {{ s | raw | default: '<d>' }} {{ missing | default: s | raw }}",
  conditions: [
    '==', '!=', '>', '<', '>=', '<=', 'contains',
  ].map((op) => `{% if x ${op} y %}T{% else %}F{% endif %}`).join('') +
    '{% if x == blank %}B{% endif %}{% if x == empty %}E{% endif %}{% if x == nil %}N{% endif %}{% if blank == x %}b{% endif %}' +
    '{% if x and y or b %}1{% endif %}{% if x or y and b %}2{% endif %}{% if not b %}3{% endif %}{% if x %}4{% elsif y %}5{% else %}6{% endif %}' +
    '{% unless x %}u{% elsif y %}v{% else %}w{% endunless %}{% if arr contains x %}c{% endif %}{% if s contains "a" %}d{% endif %}',
  cases: "{% case x %}{% when 1, 'a' %}one{% when y %}why{% when 1 or 2 %}again{% else %}else{% endcase %}" +
    "{% case s %}{% when blank %}blank{% endcase %}{% case arr %}{% when empty %}empty{% else %}full{% endcase %}",
  loops:
    '{% for v in arr %}{{ forloop.index }}/{{ forloop.index0 }}/{{ forloop.rindex }}/{{ forloop.rindex0 }}/{{ forloop.length }}' +
    '{% if forloop.first %}F{% endif %}{% if forloop.last %}L{% endif %}:{{ v }}{% for w in arr %}({{ forloop.index }}{{ w }}){% endfor %}' +
    '{{ forloop.size }}{% else %}none{% endfor %}|{% for pair in obj %}{{ pair[0] }}={{ pair[1] }};{% endfor %}|{% for c in s %}<{{ c }}>{% endfor %}' +
    '|{% for v in missing %}x{% else %}empty{% endfor %}|{% for v in arr %}{{ forloop }}{% endfor %}',
  assign: '{% assign t = s | default: "none" %}{{ t }}{% for v in arr %}{% assign last = v %}{% endfor %}{{ last }}{% assign s = "changed" %}{{ s }}',
};

const values = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'a key', 'size'), scalar, { maxKeys: 3 }));
const vars = fc.record({
  s: text, n: scalar, b: fc.oneof(fc.boolean(), fc.constant(null)), x: values, y: values, k: fc.constantFrom('a', 'b', 'a key', 'size'),
  arr: fc.array(scalar, { maxLength: 4 }), obj: fc.dictionary(fc.constantFrom('a', 'b', 'a key'), scalar, { maxKeys: 3 }),
  sized: fc.record({ size: scalar }), d2: scalar, nested: fc.record({ list: fc.array(fc.record({ name: text }), { maxLength: 2 }) }),
});

describe('compiled constructs', () => {
  const files = Object.fromEntries(Object.entries(constructs).map(([name, source]) => [`${name}.liquid`, source]));
  for (const name of Object.keys(constructs)) {
    it(`${name}: compiled, and the same as LiquidJS for any values (property)`, () => {
      const both = engines(files);
      fc.assert(
        fc.property(vars, (data) => expectSame(both, name, data)),
        { numRuns: 300 },
      );
    });
  }

  it('layouts: child blocks, the anonymous block, layout chains, default block content', () => {
    const both = engines({
      'outer.liquid': '<o>{% block head %}outer head{% endblock %}|{% block content %}{% endblock %}|{% block foot %}outer foot{% endblock %}</o>',
      'middle.liquid': "{% layout 'outer' %}{% block head %}middle head {{ x }}{% endblock %}{% block content %}[{% block inner %}middle inner{% endblock %}]{% endblock %}",
      'page.liquid': "{% layout 'middle' %}ignored text {{ x }}{% block inner %}page inner {{ x }}{% endblock %}{% assign x = 'late' %}",
      'anonymous-layout.liquid': '<a>{% block %}{% endblock %}</a>',
      'anonymous.liquid': "{% layout 'anonymous-layout' %}free {{ x }} text",
      'explicit-anonymous.liquid': "{% layout 'anonymous-layout' %}free text{% block %}the block{% endblock %}",
      'none.liquid': '{% layout none %}{% block b %}inline {{ x }}{% endblock %}',
      'in-partial.liquid': "{% block b %}top{% endblock %}{% render 'with-block' %}",
      'with-block.liquid': '{% block b %}partial block{% endblock %}',
    });
    for (const file of ['page', 'anonymous', 'explicit-anonymous', 'none', 'in-partial']) expectSame(both, file, { x: '<x>' });
  });

  it('globals: a template, its layout and every partial see them, in place of the engine\'s, as in LiquidJS', () => {
    const both = engines({
      'page.liquid': "{% layout 'frame' %}{% block b %}{{ t.word }}{% render 'part', x: 1 %}{% endblock %}",
      'frame.liquid': '[{{ t.word }}|{% block b %}{% endblock %}|{{ site }}]',
      'part.liquid': '<{{ t.word }}{{ x }}{{ t.missing }}>',
    });
    expectSame(both, 'page', { site: 's', t: { word: 'shadowed in the page only' } }, false, { t: { word: 'słowo' } });
    expectSame(both, 'page', { site: 's' }, false, { t: { word: '<b>' } });
    expect(both.render('page', { site: 's' }, { t: { word: 'mot' } }).html).toBe('[mot|mot<mot1>|s]');
    expect(both.render('page', { site: 's', t: { word: 'own' } }, { t: { word: 'mot' } }).html).toBe('[own|own<mot1>|s]');
  });

  it('render: only its arguments are visible, and a partial may render itself', () => {
    const both = engines({
      'tree.liquid': "{{ outer }}{% render 'node', node: root, depth: 0, flag %}",
      'node.liquid': '<{{ node.name }}:{{ depth }}:{{ flag }}:{{ outer }}>{% for child in node.children %}{% render \'node\', node: child, depth: node.name %}{% endfor %}',
    });
    const data = { outer: 'out', root: { name: 'a', children: [{ name: 'b', children: [{ name: 'c', children: [] }] }, { name: 'd' }] } };
    expectSame(both, 'tree', data);
  });

  it('leaves what it does not compile to LiquidJS, with the same result', () => {
    const both = engines({
      'upcase.liquid': '{{ s | upcase }}',
      'limit.liquid': '{% for v in arr limit: 1 %}{{ v }}{% endfor %}',
      'super-layout.liquid': '[{% block b %}base{% endblock %}]',
      'super.liquid': "{% layout 'super-layout' %}{% block b %}child {{ block.super }}{% endblock %}",
      'capture.liquid': '{% capture c %}{{ s }}!{% endcapture %}{{ c }}',
      'range.liquid': '{% for i in (1..3) %}{{ i }}{% endfor %}',
      'uses-unsupported-partial.liquid': "ok {% render 'upcase', s: s %}",
      'shares-partial.liquid': "{% render 'upcase', s: s %}",
    });
    const data = { s: 'a<b', arr: [1, 2] };
    for (const file of ['upcase', 'limit', 'super', 'capture', 'range', 'uses-unsupported-partial', 'shares-partial']) {
      expectSame(both, file, data, true);
      expect(both.liquid(file, data).html, file).toBeDefined();
    }
  });

  it('reports template errors as LiquidJS does', () => {
    const both = engines({ 'broken.liquid': '{% if %}', 'missing-partial.liquid': "{% render 'nowhere' %}", 'bad-value.liquid': '{{ x }}' });
    for (const file of ['broken', 'missing-partial', 'no-such-template']) expectSame(both, file, {}, true);
    // Printing an object without a prototype throws in LiquidJS; the compiled rendering hands it over.
    expectSame(both, 'bad-value', { x: Object.create(null) });
    expect(both.liquid('bad-value', { x: Object.create(null) }).error).toBe(true);
  });
});

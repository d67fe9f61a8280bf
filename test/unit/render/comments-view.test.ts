import { describe, expect, it } from 'vitest';
import { commentEmbed, commentsHeading, commentsLinkText } from '../../../src/render/comments-view.js';
import { buildSite } from '../../../src/site/build-site.js';
import { FIXED_NOW } from '../../support/clock.js';
import { makeConfig, makePost } from '../../support/factories.js';

const config = makeConfig({ baseUrl: 'https://blog.example/' });
const { site } = buildSite([makePost({ title: 'Tea & “Biscuits”', date: '2025-05-01', slug: 'tea' })], config, { drafts: false, now: FIXED_NOW });
const post = site.posts[0]!;
const embed = (provider: typeof config.comments.provider, options: Record<string, string>) =>
  commentEmbed({ ...config.comments, provider, options }, post, site.locale);

describe('comment headings and links', () => {
  it('says "No comments yet", "One response to “Title”" and "N responses to “Title”"', () => {
    expect(commentsHeading(site.locale, 0, 'Tea')).toBe('No comments yet');
    expect(commentsHeading(site.locale, 1, 'Tea')).toBe('One response to “Tea”');
    expect(commentsHeading(site.locale, 12, 'Tea')).toBe('12 responses to “Tea”');
  });

  it('links "Leave a comment" / "1 comment" / "N comments", and nothing for a closed post without comments', () => {
    expect(commentsLinkText(site.locale, 0, true)).toBe('Leave a comment');
    expect(commentsLinkText(site.locale, 1, true)).toBe('1 comment');
    expect(commentsLinkText(site.locale, 3, false)).toBe('3 comments');
    expect(commentsLinkText(site.locale, 0, false)).toBeUndefined();
  });
});

describe('comment headings and links in the site\'s language', () => {
  const siteIn = (language: string) => buildSite([makePost({ title: 'Herbata', date: '2025-05-01' })], makeConfig({ language }), { drafts: false, now: FIXED_NOW }).site;

  it('chooses the Polish form for 1, 2, 5 and 22', () => {
    const { locale } = siteIn('pl');
    expect([0, 1, 2, 5, 22].map((n) => commentsHeading(locale, n, 'Herbata'))).toEqual([
      'Nie ma jeszcze komentarzy', 'Jeden komentarz do „Herbata”', '2 komentarze do „Herbata”', '5 komentarzy do „Herbata”', '22 komentarze do „Herbata”',
    ]);
    expect([0, 1, 2, 5, 22].map((n) => commentsLinkText(locale, n, true))).toEqual(['Dodaj komentarz', '1 komentarz', '2 komentarze', '5 komentarzy', '22 komentarze']);
  });

  it('writes the quire form\'s script texts as script-safe JavaScript, English exactly as the theme had them', () => {
    const quire = (language: string) => commentEmbed({ ...config.comments, provider: 'quire', options: { url: 'https://c.example/' } }, post, siteIn(language).locale);
    expect(quire('en')).toMatchObject({ postingScript: '"Posting your comment…"', replyingScript: '"Replying to " + author + "."' });
    expect(quire('ja')).toMatchObject({ postingScript: '"コメントを送信しています…"', replyingScript: 'author + " への返信。"' });
    const strings = { replyingTo: '</script><b>{author}</b>' };
    const hostile = commentEmbed({ ...config.comments, provider: 'quire', options: { url: 'https://c.example/' } }, post,
      buildSite([], makeConfig({ strings }), { drafts: false, now: FIXED_NOW }).site.locale);
    expect(hostile.provider === 'quire' && hostile.replyingScript).toBe('"\\u003c/script\\u003e\\u003cb\\u003e" + author + "\\u003c/b\\u003e"');
  });

  it('tells readers without JavaScript which service the replies need, in their language', () => {
    const giscus = commentEmbed({ ...config.comments, provider: 'giscus', options: {} }, post, siteIn('de').locale);
    expect(giscus.provider === 'giscus' && giscus.noscript).toBe('Antworten laufen über giscus, wofür JavaScript nötig ist.');
  });
});

describe('commentEmbed', () => {
  it('gives giscus its documented data attributes, with the configurator\'s defaults', () => {
    const e = embed('giscus', { repo: 'ada/blog', repoId: 'R_1', category: 'General', categoryId: 'DIC_1' });
    expect(e.provider === 'giscus' && e.src).toBe('https://giscus.app/client.js');
    const attributes = e.provider === 'giscus' ? Object.fromEntries(e.attributes.map((a) => [a.name, a.value])) : {};
    expect(attributes).toMatchObject({
      'data-repo': 'ada/blog', 'data-repo-id': 'R_1', 'data-category': 'General', 'data-category-id': 'DIC_1',
      'data-mapping': 'pathname', 'data-reactions-enabled': '1', 'data-input-position': 'bottom',
    });
    const specific = embed('giscus', { repo: 'a/b', repoId: 'R', category: 'C', categoryId: 'D', mapping: 'specific' });
    expect(specific.provider === 'giscus' && specific.attributes).toContainEqual({ name: 'data-term', value: 'tea' });
  });

  it('gives utterances repo and issue-term as data-* attributes, which its client reads without the prefix', () => {
    const e = embed('utterances', { repo: 'ada/blog' });
    expect(e).toMatchObject({ provider: 'utterances', src: 'https://utteranc.es/client.js' });
    expect(e.provider === 'utterances' && e.attributes).toEqual([
      { name: 'data-repo', value: 'ada/blog' }, { name: 'data-issue-term', value: 'pathname' }, { name: 'data-theme', value: 'github-light' },
    ]);
  });

  it('gives Disqus page.url and page.identifier as script-safe JSON, and loads <shortname>.disqus.com/embed.js', () => {
    const e = embed('disqus', { shortname: 'ada-blog' });
    const script = e.provider === 'disqus' ? e.script : '';
    expect(script).toContain('this.page.url = "https://blog.example/2025/05/tea/";');
    expect(script).toContain('this.page.identifier = "tea";');
    expect(script).toContain('"https://ada-blog.disqus.com/embed.js"');
    expect(script).not.toContain('</');
  });

  it('points Isso at its server and names the thread by the post\'s path and title', () => {
    expect(embed('isso', { url: 'https://c.example/isso/' })).toMatchObject({
      provider: 'isso', api: 'https://c.example/isso/', src: 'https://c.example/isso/js/embed.min.js', threadId: '/2025/05/tea/', title: 'Tea & “Biscuits”',
    });
  });

  it('posts the form to the configured action with the post\'s slug in a hidden field', () => {
    const e = embed('form', { action: 'https://api.example/comments' });
    expect(e).toMatchObject({ provider: 'form', action: 'https://api.example/comments' });
    expect(e.provider === 'form' && e.hidden).toContainEqual({ name: 'options[slug]', value: 'tea' });
  });
});

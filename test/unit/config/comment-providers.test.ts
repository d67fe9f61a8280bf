import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate-config.js';

const validate = (comments: Record<string, unknown>) => validateConfig({ comments }, 'quire.config.yaml');
const errors = (comments: Record<string, unknown>) =>
  validate(comments).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

describe('comment provider options', () => {
  it('needs repo, repoId, category and categoryId for giscus, naming each missing one', () => {
    expect(errors({ provider: 'giscus', repo: 'ada/blog' })).toEqual([
      'The giscus comment provider needs "comments.repoId".',
      'The giscus comment provider needs "comments.category".',
      'The giscus comment provider needs "comments.categoryId".',
    ]);
    expect(errors({ provider: 'giscus', repo: 'ada/blog', repoId: 'R_1', category: 'General', categoryId: 'DIC_1' })).toEqual([]);
    expect(errors({ provider: 'giscus', repo: 'not a repo', repoId: 'R_1', category: 'General', categoryId: 'DIC_1' })[0]).toMatch(/owner\/name/);
  });

  it('needs repo for utterances, shortname for Disqus, url for Isso and an https action for the form', () => {
    expect(errors({ provider: 'utterances' })).toEqual(['The utterances comment provider needs "comments.repo".']);
    expect(errors({ provider: 'disqus' })).toEqual(['The disqus comment provider needs "comments.shortname".']);
    expect(errors({ provider: 'disqus', shortname: 'My Blog' })[0]).toMatch(/Disqus shortname/);
    expect(errors({ provider: 'isso' })).toEqual(['The isso comment provider needs "comments.url".']);
    expect(errors({ provider: 'isso', url: 'javascript:alert(1)' })[0]).toMatch(/Isso server/);
    expect(errors({ provider: 'form' })).toEqual(['The form comment provider needs "comments.action".']);
    expect(errors({ provider: 'form', action: 'http://insecure.example/post' })[0]).toMatch(/https/);
  });

  it('normalises Isso\'s url and keeps valid options; warns about options the provider does not take', () => {
    const { config, diagnostics } = validate({ provider: 'isso', url: 'https://comments.example.org/isso', shortname: 'x' });
    expect(config.comments.options.url).toBe('https://comments.example.org/isso/');
    expect(diagnostics).toMatchObject([{ severity: 'warning', code: 'ConfigUnknownKey' }]);
    expect(diagnostics[0]?.message).toContain('comments.shortname');
  });

  it('checks nothing when comments are switched off', () => {
    expect(errors({ enabled: false, provider: 'giscus' })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseFileName } from '../../../src/content/file-name.js';

describe('parseFileName', () => {
  it.each([
    ['2008-11-06-ask-and-ye-shall-receive.md', { date: '2008-11-06', slug: 'ask-and-ye-shall-receive' }],
    ['2024-03-02-x.md', { date: '2024-03-02', slug: 'x' }],
    ['notes/2024-03-02-in-a-folder.md', { date: '2024-03-02', slug: 'in-a-folder' }],
    ['2025-04-19-marbled-endpapers/index.md', { date: '2025-04-19', slug: 'marbled-endpapers' }],
    ['travel/2025-04-19-bundle/index.md', { date: '2025-04-19', slug: 'bundle' }],
  ])('takes the date and slug from %s', (file, expected) => {
    expect(parseFileName(file)).toEqual(expected);
  });

  it.each([
    ['just-a-title.md', 'just-a-title'],
    ['my-bundle/index.md', 'my-bundle'],
    ['2024-03-02.md', '2024-03-02'],
    ['2024-03-not-a-date.md', '2024-03-not-a-date'],
    ['index.md', 'index'],
  ])('gives only a slug when %s has no date prefix', (file, slug) => {
    expect(parseFileName(file)).toEqual({ slug });
  });
});

import { describe, expect, it } from 'vitest';
import { readingTime } from '../../../src/markdown/reading-time.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('readingTime', () => {
  it.each([
    ['2,000 Chinese characters', '中'.repeat(2000), 4],
    ['2,000 Japanese kana and kanji', 'あ漢カ'.repeat(667).slice(0, 2000), 4],
    ['500 Chinese characters', '文'.repeat(500), 1],
    ['1,000 CJK characters with spaces', '字 '.repeat(1000), 2],
  ])('counts %s one by one (%i minutes), not as one word', (_what, text, minutes) => {
    expect(readingTime(text).minutes).toBe(minutes);
  });

  it.each([
    [0, 1],
    [1, 1],
    [230, 1],
    [460, 2],
    [1150, 5],
    [2300, 10],
  ])('reads %i English words in %i minutes (at least 1)', (n, minutes) => {
    expect(readingTime(words(n)).minutes).toBe(minutes);
  });

  it('adds CJK characters and words of a mixed text', () => {
    const r = readingTime(`${words(460)} ${'中'.repeat(1000)}`);
    expect(r).toEqual({ words: 460, cjk: 1000, minutes: 4 });
  });

  it("counts contractions and hyphenated words as one word each", () => {
    expect(readingTime("don't well-known it’s").words).toBe(3);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReadingCounter, readingTime } from '../../../src/markdown/reading-time.js';

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

describe('ReadingCounter', () => {
  // The definition the counter implements, as regular expressions over the pieces joined by spaces.
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
  const word = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;
  const byRegex = (pieces: string[]) => {
    const text = pieces.join(' ');
    return { words: text.replace(cjk, ' ').match(word)?.length ?? 0, cjk: text.match(cjk)?.length ?? 0 };
  };
  const piece = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.array(fc.constantFrom('a', 'Z', '9', 'é', 'e\u0301', 'ß', 'Ж', 'ا', '١', '中', 'あ', 'カ', 'ｶ', '한', '〇', '々', 'ー', '𠀀', '😀', "'", '’', '_', '-', ' ', '\n', '.', '\uD800', '\uDC00'), { maxLength: 30 }).map((a) => a.join('')),
  );

  it('counts words and CJK characters exactly as the regular-expression definition, piece by piece', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }), (pieces) => {
        const counter = new ReadingCounter();
        for (const p of pieces) counter.add(p);
        const { words, cjk: cjkCount } = counter.result();
        expect({ words, cjk: cjkCount }).toEqual(byRegex(pieces));
      }),
      { numRuns: 3000 },
    );
  });
});

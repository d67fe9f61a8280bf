/** Words per minute for space-separated scripts, and characters per minute for CJK. */
const wordsPerMinute = 230;
const cjkPerMinute = 500;

const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const word = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;

/**
 * Estimates reading time. CJK characters are counted one by one (they are not separated by
 * spaces), other text by words, so a 2,000-character Chinese post reads as 4 minutes, not 1.
 */
export function readingTime(text: string): { words: number; cjk: number; minutes: number } {
  const cjkCount = text.match(cjk)?.length ?? 0;
  const words = text.replace(cjk, ' ').match(word)?.length ?? 0;
  const minutes = Math.max(1, Math.round(words / wordsPerMinute + cjkCount / cjkPerMinute));
  return { words, cjk: cjkCount, minutes };
}

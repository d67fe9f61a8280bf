/** Words per minute for space-separated scripts, and characters per minute for CJK. */
const wordsPerMinute = 230;
const cjkPerMinute = 500;

/*
 * What counts: each CJK character (Han, Hiragana, Katakana) alone, and every other run of a letter
 * or digit followed by letters, digits, `'`, `’`, `_` or `-` as a word. Matching those with regular
 * expressions over the whole text (and collecting every match) was one of the costliest steps of
 * rendering a post; instead each code point's class is tested once per thread and remembered.
 */
const other = 1;
const cjkChar = 2;
/** Starts or continues a word. */
const wordChar = 3;
/** Continues a word but cannot start one. */
const joiner = 4;

const cjkPattern = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
const wordPattern = /^[\p{L}\p{N}]$/u;
const joinerPattern = /^['’_-]$/u;

/** Class of every code point seen so far (0: not yet classified). */
let classes: Uint8Array | undefined;

function classify(codePoint: number): number {
  const table = (classes ??= new Uint8Array(0x110000));
  let kind = table[codePoint] as number;
  if (kind === 0) {
    const char = String.fromCodePoint(codePoint);
    kind = cjkPattern.test(char) ? cjkChar : wordPattern.test(char) ? wordChar : joinerPattern.test(char) ? joiner : other;
    table[codePoint] = kind;
  }
  return kind;
}

/**
 * Counts words and CJK characters over several pieces of text, as if they were joined with
 * spaces (so the pieces never run together into one word).
 */
export class ReadingCounter {
  words = 0;
  cjk = 0;

  add(text: string): void {
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
      const code = text.codePointAt(i) as number;
      if (code > 0xffff) i++;
      const kind = classify(code);
      if (kind === cjkChar) {
        this.cjk++;
        inWord = false;
      } else if (kind === wordChar) {
        if (!inWord) this.words++;
        inWord = true;
      } else if (kind !== joiner) inWord = false;
    }
  }

  /** The estimate: at least one minute. */
  result(): { words: number; cjk: number; minutes: number } {
    const minutes = Math.max(1, Math.round(this.words / wordsPerMinute + this.cjk / cjkPerMinute));
    return { words: this.words, cjk: this.cjk, minutes };
  }
}

/**
 * Estimates reading time. CJK characters are counted one by one (they are not separated by
 * spaces), other text by words, so a 2,000-character Chinese post reads as 4 minutes, not 1.
 */
export function readingTime(text: string): { words: number; cjk: number; minutes: number } {
  const counter = new ReadingCounter();
  counter.add(text);
  return counter.result();
}

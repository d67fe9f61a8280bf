/**
 * What remark can render in reasonable time, checked before a body is parsed.
 *
 * - `depth`: block quotes and lists nested in each other. Real posts stay under ten; remark
 *   overflows its stack at a few thousand levels and slows down sharply well before that
 *   (1,000 indented list levels take about 25 s).
 * - `blocks`: separate block quotes and lists. micromark's time grows with their square
 *   (8,000 one-line quotes take about 9 s, 8,000 short lists 15 s; 2,500 take about 1 s).
 *   A long post has a few hundred.
 */
export const markdownLimits = { depth: 100, blocks: 2500 } as const;

/** Where a body first goes past a limit. */
export interface MarkdownLimitProblem {
  kind: 'depth' | 'blocks';
  /** 1-based line in the markdown text. */
  line: number;
  /** 1-based column of the marker that crosses the limit. */
  column: number;
  /** The limit that was crossed. */
  limit: number;
}

const fenceOpener = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Finds the first line on which a body goes past one of `limits`, without parsing it.
 *
 * Depth: for each line, the `>` and list markers (`-`, `*`, `+`, `1.`, `1)`) that open it, plus one
 * level per two columns of indentation before a marker (how nested list items are written). That
 * is an upper bound of the line's real depth, so nothing remark could overflow on gets through.
 * Blocks: lines that start with a marker after a line that did not (a blank line or text), an
 * upper bound of the number of separate quotes and lists. Lines of top-level fenced code blocks
 * count for neither. Linear in the text's length.
 */
export function checkMarkdownLimits(
  markdown: string,
  limits: { depth: number; blocks: number } = markdownLimits,
): MarkdownLimitProblem | undefined {
  let fence: { char: string; length: number } | undefined;
  let blocks = 0;
  let previousHadMarker = false;
  let line = 0;
  let start = 0;
  while (start <= markdown.length) {
    line++;
    const newline = markdown.indexOf('\n', start);
    const end = newline === -1 ? markdown.length : newline;
    const fenceMatch = fenceOpener.exec(markdown.slice(start, Math.min(end, start + 3 + 256)));
    if (fence) {
      // Inside a top-level fenced code block until a closing fence of the same kind.
      if (fenceMatch?.[1] && fenceMatch[1][0] === fence.char && fenceMatch[1].length >= fence.length) fence = undefined;
    } else if (fenceMatch?.[1]) {
      fence = { char: fenceMatch[1][0] ?? '`', length: fenceMatch[1].length };
    } else {
      const found = scanPrefix(markdown, start, end, limits.depth);
      if (found.over !== undefined) return { kind: 'depth', line, column: found.over - start + 1, limit: limits.depth };
      if (found.first !== undefined && !previousHadMarker && ++blocks > limits.blocks) {
        return { kind: 'blocks', line, column: found.first - start + 1, limit: limits.blocks };
      }
      previousHadMarker = found.first !== undefined;
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return undefined;
}

/** Scans the container prefix of one line: the offset of its first marker, and of the one that exceeds `limit`. */
function scanPrefix(text: string, start: number, end: number, limit: number): { first?: number; over?: number } {
  let first: number | undefined;
  let depth = 0;
  let pendingColumns = 0;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) {
      pendingColumns += c === 0x09 ? 4 : 1;
      i++;
      continue;
    }
    const markerEnd = markerAt(text, i, end);
    if (markerEnd === undefined) break;
    first ??= i;
    // One level for the marker, and one per two columns of indentation before it; the single
    // space a marker needs after it does not count as indentation.
    depth += 1 + Math.floor(Math.max(0, pendingColumns - (depth > 0 ? 1 : 0)) / 2);
    pendingColumns = 0;
    if (depth > limit) return { first, over: i };
    i = markerEnd;
  }
  return first === undefined ? {} : { first };
}

/** The offset just after a container marker starting at `i`, or undefined when there is none. */
function markerAt(text: string, i: number, end: number): number | undefined {
  const c = text.charCodeAt(i);
  if (c === 0x3e /* > */) return i + 1;
  let after: number;
  if (c === 0x2d || c === 0x2a || c === 0x2b /* - * + */) after = i + 1;
  else {
    let j = i;
    while (j < end && j - i < 9 && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
    if (j === i || j >= end) return undefined;
    const d = text.charCodeAt(j);
    if (d !== 0x2e && d !== 0x29 /* . ) */) return undefined;
    after = j + 1;
  }
  // A list marker is followed by white space or the end of the line.
  if (after === end) return after;
  const next = text.charCodeAt(after);
  return next === 0x20 || next === 0x09 ? after : undefined;
}

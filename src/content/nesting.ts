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
const markdownLimits = { depth: 100, blocks: 2500 } as const;

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

/**
 * Finds the first line on which a body goes past one of `limits`, without parsing it.
 *
 * Depth: for each line, the `>` and list markers (`-`, `*`, `+`, `1.`, `1)`) that open it, plus one
 * level per two columns of indentation before a marker (how nested list items are written). That
 * is an upper bound of the line's real depth, so nothing remark could overflow on gets through.
 * Blocks: lines that start with a marker after a line that did not (a blank line or text), an
 * upper bound of the number of separate quotes and lists. Lines of top-level fenced code blocks
 * count for neither. Linear in the text's length, and allocates nothing per line.
 */
export function checkMarkdownLimits(
  markdown: string,
  limits: { depth: number; blocks: number } = markdownLimits,
): MarkdownLimitProblem | undefined {
  let fenceChar = 0;
  let fenceLength = 0;
  let blocks = 0;
  let previousHadMarker = false;
  let line = 0;
  let start = 0;
  while (start <= markdown.length) {
    line++;
    const newline = markdown.indexOf('\n', start);
    const end = newline === -1 ? markdown.length : newline;
    // A fence: up to three spaces, then three or more backticks or tildes (counted within the
    // line's first 259 characters).
    const limit = Math.min(end, start + 3 + 256);
    let i = start;
    while (i < limit && i - start < 3 && markdown.charCodeAt(i) === 0x20) i++;
    const c = i < limit ? markdown.charCodeAt(i) : 0;
    let run = 0;
    if (c === 0x60 || c === 0x7e /* ` ~ */) while (i + run < limit && markdown.charCodeAt(i + run) === c) run++;
    if (run < 3) run = 0;
    if (fenceChar !== 0) {
      // Inside a top-level fenced code block until a closing fence of the same kind.
      if (run > 0 && c === fenceChar && run >= fenceLength) fenceChar = 0;
    } else if (run > 0) {
      fenceChar = c;
      fenceLength = run;
    } else {
      // The line's container prefix: its first marker, and the marker that goes past the depth limit.
      let first = -1;
      let depth = 0;
      let pendingColumns = 0;
      let j = start;
      while (j < end) {
        const d = markdown.charCodeAt(j);
        if (d === 0x20 || d === 0x09) {
          pendingColumns += d === 0x09 ? 4 : 1;
          j++;
          continue;
        }
        const markerEnd = markerAt(markdown, j, end);
        if (markerEnd === undefined) break;
        if (first === -1) first = j;
        // One level for the marker, and one per two columns of indentation before it; the single
        // space a marker needs after it does not count as indentation.
        depth += 1 + Math.floor(Math.max(0, pendingColumns - (depth > 0 ? 1 : 0)) / 2);
        pendingColumns = 0;
        if (depth > limits.depth) return { kind: 'depth', line, column: j - start + 1, limit: limits.depth };
        j = markerEnd;
      }
      if (first !== -1 && !previousHadMarker && ++blocks > limits.blocks) {
        return { kind: 'blocks', line, column: first - start + 1, limit: limits.blocks };
      }
      previousHadMarker = first !== -1;
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return undefined;
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

import { readFileSync } from 'node:fs';

/**
 * Draws a few lines of `source` around `line` with a caret under `column`, the way compilers do:
 *
 * ```
 *   2 | title: "Unclosed
 * > 3 | date: 2024-01-01
 *     | ^
 * ```
 */
export function codeFrame(source: string, line: number, column = 1, context = 2): string {
  const lines = source.split('\n');
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const full = (lines[n - 1] ?? '').replace(/\r$/, '');
    // A very long line (a 5,000-level quote, a minified blob) is cut to a window around the column.
    const from = n === line && column - 1 > maxWidth / 2 ? Math.min(column - 1 - maxWidth / 2, Math.max(0, full.length - maxWidth)) : 0;
    const cut = full.slice(from, from + maxWidth);
    const text = `${from > 0 ? '…' : ''}${cut}${from + maxWidth < full.length ? '…' : ''}`;
    const gutter = String(n).padStart(width);
    out.push(`${n === line ? '>' : ' '} ${gutter} | ${text}`);
    if (n === line) {
      const indent = `${from > 0 ? ' ' : ''}${full.slice(from, Math.max(from, column - 1))}`.replace(/[^\t]/g, ' ');
      out.push(`  ${' '.repeat(width)} | ${indent}^`);
    }
  }
  return out.join('\n');
}

/** The widest part of a line a frame shows. */
const maxWidth = 160;

/** The frame of `line` in `file` as it is now, or undefined when the file cannot be read. */
export function fileFrame(file: string, line: number, column?: number): string | undefined {
  try {
    return codeFrame(readFileSync(file, 'utf8').replace(/\r\n?/g, '\n'), line, column);
  } catch {
    return undefined;
  }
}

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
    const text = (lines[n - 1] ?? '').replace(/\r$/, '');
    const gutter = String(n).padStart(width);
    out.push(`${n === line ? '>' : ' '} ${gutter} | ${text}`);
    if (n === line) {
      const indent = text.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
      out.push(`  ${' '.repeat(width)} | ${indent}^`);
    }
  }
  return out.join('\n');
}

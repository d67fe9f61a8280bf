import type { Diagnostic } from './diagnostic.js';

/** Formats one diagnostic as `file:line:column  severity  message  [code]`, then its hint and frame. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}` : 'site';
  const lines = [`${where}  ${d.severity}  ${d.message}  [${d.code}]`];
  if (d.hint) lines.push(`  ${d.hint}`);
  if (d.frame) lines.push(d.frame.replace(/^/gm, '  '));
  return lines.join('\n');
}

/**
 * Formats every diagnostic, sorted by file and line so the report reads top to bottom,
 * followed by a count of errors and warnings.
 */
export function formatReport(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return '';
  const sorted = [...diagnostics].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const count = [plural(errors, 'error'), plural(warnings, 'warning')].filter((s) => !s.startsWith('0 ')).join(', ');
  return `${sorted.map(formatDiagnostic).join('\n\n')}\n\n${count}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

import { describe, expect, it } from 'vitest';
import { diagnostic, hasErrors } from '../../../src/diagnostics/diagnostic.js';
import { formatDiagnostic, formatReport } from '../../../src/diagnostics/format-report.js';

describe('formatDiagnostic', () => {
  it('writes file:line:column, severity, message and code, then the hint and the frame indented', () => {
    const d = diagnostic('error', 'FrontMatterYaml', { file: 'posts/bad.md', line: 3, column: 7 }, 'Broken.', 'Fix it.');
    d.frame = '> 3 | x\n    | ^';
    expect(formatDiagnostic(d)).toBe('posts/bad.md:3:7  error  Broken.  [FrontMatterYaml]\n  Fix it.\n  > 3 | x\n      | ^');
  });

  it.each([
    [{ file: 'a.md' }, 'a.md  warning'],
    [{ file: 'a.md', line: 2 }, 'a.md:2  warning'],
    [undefined, 'site  warning'],
  ])('writes the place %j as %s', (place, start) => {
    expect(formatDiagnostic(diagnostic('warning', 'TagCase', place, 'm'))).toMatch(new RegExp(`^${start.replace('.', '\\.')}`));
  });
});

describe('formatReport', () => {
  it('sorts by file and line and ends with the counts', () => {
    const report = formatReport([
      diagnostic('warning', 'TagCase', { file: 'b.md', line: 1 }, 'w'),
      diagnostic('error', 'InvalidDate', { file: 'a.md', line: 9 }, 'e2'),
      diagnostic('error', 'MissingTitle', { file: 'a.md', line: 2 }, 'e1'),
    ]);
    const firstLines = report.split('\n').filter((l) => /\s(error|warning)\s/.test(l));
    expect(firstLines).toEqual(['a.md:2  error  e1  [MissingTitle]', 'a.md:9  error  e2  [InvalidDate]', 'b.md:1  warning  w  [TagCase]']);
    expect(report.endsWith('\n\n2 errors, 1 warning')).toBe(true);
  });

  it('leaves out a zero count and is empty for no diagnostics', () => {
    expect(formatReport([diagnostic('error', 'MissingTitle', { file: 'a.md' }, 'e')]).endsWith('\n\n1 error')).toBe(true);
    expect(formatReport([])).toBe('');
  });
});

describe('hasErrors', () => {
  const warning = diagnostic('warning', 'TagCase', undefined, 'w');
  it('fails a build on errors, and on warnings only when strict', () => {
    expect(hasErrors([warning])).toBe(false);
    expect(hasErrors([warning], true)).toBe(true);
    expect(hasErrors([diagnostic('error', 'MissingTitle', undefined, 'e')])).toBe(true);
    expect(hasErrors([])).toBe(false);
  });
});

describe('diagnostic', () => {
  it('leaves absent optional fields out instead of setting them to undefined', () => {
    expect(Object.keys(diagnostic('error', 'MissingTitle', { file: 'a.md', line: undefined }, 'm'))).toEqual(['severity', 'code', 'message', 'file']);
  });
});

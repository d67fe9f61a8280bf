import { describe, expect, it } from 'vitest';
import { codeFrame } from '../../../src/diagnostics/code-frame.js';

const source = ['---', 'title: "Unclosed', 'date: 2024-01-01', 'tags: [a]', '---', 'Body'].join('\n');

describe('codeFrame', () => {
  it('shows two lines either side of the line, marks it, and puts a caret under the column', () => {
    expect(codeFrame(source, 3, 7)).toBe(
      [
        '  1 | ---',
        '  2 | title: "Unclosed',
        '> 3 | date: 2024-01-01',
        '    |       ^',
        '  4 | tags: [a]',
        '  5 | ---',
      ].join('\n'),
    );
  });

  it('clips the context at the start and end of the file', () => {
    expect(codeFrame(source, 1).split('\n')).toEqual(['> 1 | ---', '    | ^', '  2 | title: "Unclosed', '  3 | date: 2024-01-01']);
    expect(codeFrame(source, 6).split('\n').at(-2)).toBe('> 6 | Body');
  });

  it('pads line numbers to the widest one shown', () => {
    const long = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n');
    expect(codeFrame(long, 10, 1)).toContain('> 10 | line 10');
    expect(codeFrame(long, 10, 1)).toContain('   8 | line 8');
  });

  it('keeps tabs in the caret line so the caret lines up', () => {
    expect(codeFrame('\tkey: [', 1, 7).split('\n')[1]).toBe('    | \t     ^');
  });
});

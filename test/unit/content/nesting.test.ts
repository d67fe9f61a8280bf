import { describe, expect, it } from 'vitest';
import { checkMarkdownLimits } from '../../../src/content/nesting.js';

const tight = { depth: 2, blocks: 10 };
const deep = (line: number, column: number, limit = 2) => ({ kind: 'depth', line, column, limit });

describe('checkMarkdownLimits', () => {
  it.each([
    ['a fenced block', '```\n> > >\n```\n> > >', tight, deep(4, 5)],
    ['a fence indented by three spaces', '   ```\n> > >\n   ```\n> > >', tight, deep(4, 5)],
    ['four spaces, which is code and no fence', '    ```\n> > >', tight, deep(2, 5)],
    ['a closing fence shorter than the opener', '~~~~\n> > >\n~~~\n> > >\n~~~~\n> > >', tight, deep(6, 5)],
    ['a fence of the other kind, which does not close it', '```\n> > >\n~~~\n> > >', tight, undefined],
    ['fences longer than a line is looked at (259 characters)', `${'`'.repeat(300)}\n> > >\n${'`'.repeat(280)}\n> > >`, tight, deep(4, 5)],
    ['two backticks, which open nothing', '``\n> > >', tight, deep(2, 5)],
    ['indentation before a marker', '      - a', { depth: 3, blocks: 10 }, deep(1, 7, 3)],
    ['a tab after a marker', '-\t- - x', tight, deep(1, 3)],
  ])('skips or counts %s', (_what, markdown, limits, expected) => {
    expect(checkMarkdownLimits(markdown, limits)).toEqual(expected);
  });

  it.each([
    ['lists apart', '- a\n\n- b\n\n- c', { kind: 'blocks', line: 5, column: 1, limit: 2 }],
    ['lists and quotes apart', '- a\n- b\n> c\n\n1. d\n2) e\n\n* f', { kind: 'blocks', line: 8, column: 1, limit: 2 }],
  ])('counts separate blocks: %s', (_what, markdown, expected) => {
    expect(checkMarkdownLimits(markdown, { depth: 5, blocks: 2 })).toEqual(expected);
  });

  it('takes at most nine digits as an ordered list marker', () => {
    expect(checkMarkdownLimits('1234567890. x\n\n123456789. y', { depth: 5, blocks: 1 })).toBeUndefined();
    expect(checkMarkdownLimits('123456789. x\n\n1. y', { depth: 5, blocks: 1 })).toEqual({ kind: 'blocks', line: 3, column: 1, limit: 1 });
  });
});

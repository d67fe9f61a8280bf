import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonForScript } from '../../../src/render/template-engine.js';

const text = fc.string({ unit: fc.oneof(fc.constantFrom('<', '>', '&', '\u2028', '\u2029', '</script>', '"', '\\', '寿', '😀'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 30 });

describe('jsonForScript', () => {
  it('escapes <, >, & and the JavaScript line separators as \\u escapes', () => {
    expect(jsonForScript({ headline: '</script><b>A & B</b>\u2028\u2029' })).toBe(
      '{"headline":"\\u003c/script\\u003e\\u003cb\\u003eA \\u0026 B\\u003c/b\\u003e\\u2028\\u2029"}',
    );
    expect(jsonForScript({ plain: 'Nothing to escape' })).toBe('{"plain":"Nothing to escape"}');
  });

  it('is JSON for the same value, and nothing in it can end a script element (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 }))), (value) => {
        const json = jsonForScript(value);
        expect(json).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });
});

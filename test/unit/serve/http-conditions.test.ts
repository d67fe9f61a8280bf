import { describe, expect, it } from 'vitest';
import { ifRangeHolds, noneMatchHits, parseRange } from '../../../src/serve/http-conditions.js';

describe('parseRange', () => {
  it('reads the three forms of one byte range, clipped to the body', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-10', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseRange('bytes=500-5000', 1000)).toEqual({ start: 500, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=999-999', 1000)).toEqual({ start: 999, end: 999 });
    expect(parseRange('Bytes=1-2', 1000)).toEqual({ start: 1, end: 2 });
  });

  it('finds ranges that start past the end, or ask for nothing, unsatisfiable', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=1000-2000', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=99999999999999999999-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=-5', 0)).toBe('unsatisfiable');
  });

  it('answers the whole body for no header, other units, malformed headers and several ranges', () => {
    for (const header of [undefined, '', 'bytes=', 'bytes=-', 'bytes=5-2', 'bytes=a-b', 'items=0-1', 'bytes 0-1', 'bytes=0-1,5-6', 'bytes=1.5-2']) {
      expect(parseRange(header, 1000), String(header)).toBeUndefined();
    }
  });
});

describe('noneMatchHits', () => {
  const tag = '"abc-1"';
  it('matches the tag in a list, weakly, or *', () => {
    expect(noneMatchHits(tag, tag)).toBe(true);
    expect(noneMatchHits(`"x", ${tag}`, tag)).toBe(true);
    expect(noneMatchHits(`W/${tag}`, tag)).toBe(true);
    expect(noneMatchHits('*', tag)).toBe(true);
  });
  it('does not match other tags, no header, or a tag without quotes', () => {
    expect(noneMatchHits(undefined, tag)).toBe(false);
    expect(noneMatchHits('"abc-2"', tag)).toBe(false);
    expect(noneMatchHits('abc-1', tag)).toBe(false);
  });
});

describe('ifRangeHolds', () => {
  const tag = '"abc-1"';
  it('holds without the header and for this very tag only', () => {
    expect(ifRangeHolds(undefined, tag)).toBe(true);
    expect(ifRangeHolds(tag, tag)).toBe(true);
    expect(ifRangeHolds('"abc-2"', tag)).toBe(false);
    expect(ifRangeHolds(`W/${tag}`, tag)).toBe(false);
    expect(ifRangeHolds('Wed, 21 Oct 2015 07:28:00 GMT', tag)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parsePostDate } from '../../../src/content/post-date.js';

const ok = (value: string, zone: string) => {
  const parsed = parsePostDate(value, zone);
  if ('problem' in parsed) throw new Error(`expected a date, got: ${parsed.problem}`);
  return parsed;
};

describe('parsePostDate', () => {
  it.each([
    // value, zone, iso in the site's zone, instant
    ['2008-11-06', 'America/New_York', '2008-11-06T00:00:00-05:00', '2008-11-06T05:00:00Z'],
    ['2008-11-06', 'UTC', '2008-11-06T00:00:00Z', '2008-11-06T00:00:00Z'],
    ['2008-11-06', 'Asia/Tokyo', '2008-11-06T00:00:00+09:00', '2008-11-05T15:00:00Z'],
    ['2024-07-04', 'America/Los_Angeles', '2024-07-04T00:00:00-07:00', '2024-07-04T07:00:00Z'],
  ])('reads the date-only value %s as that calendar day in %s', (value, zone, iso, instant) => {
    const parsed = ok(value, zone);
    expect(parsed.iso).toBe(iso);
    expect(parsed.time).toBe(Date.parse(instant));
  });

  it.each([
    ['2024-03-02T09:30:00+01:00', 'America/New_York', '2024-03-02T08:30:00Z'],
    ['2024-03-02T09:30:00Z', 'Europe/London', '2024-03-02T09:30:00Z'],
    ['2023-10-22T19:40:00+09:00', 'UTC', '2023-10-22T10:40:00Z'],
    ['2024-03-02 18:05:00 -05:00', 'Europe/London', '2024-03-02T23:05:00Z'],
    ['2024-03-02 18:05:00 -0500', 'UTC', '2024-03-02T23:05:00Z'],
    ['2024-03-02 18:05 -5', 'UTC', '2024-03-02T23:05:00Z'],
    ['2024-03-02 18:05:00Z', 'Asia/Tokyo', '2024-03-02T18:05:00Z'],
  ])('keeps the instant of %s, whose offset is given, whatever the site zone (%s)', (value, zone, instant) => {
    const parsed = ok(value, zone);
    expect(parsed.time).toBe(Date.parse(instant));
    expect(Date.parse(parsed.iso)).toBe(Date.parse(instant));
  });

  it('shows an instant with an offset in the site time zone', () => {
    expect(ok('2024-04-01T03:00:00Z', 'America/New_York').iso).toBe('2024-03-31T23:00:00-04:00');
  });

  it.each([
    ['2024-03-02 18:05:00 -05:00', '2024-03-02T18:05:00-05:00'],
    ['2024-03-02 9:05', '2024-03-02T09:05:00-05:00'],
    ['2024-03-02T09:30:00', '2024-03-02T09:30:00-05:00'],
    ['  2024-03-02  ', '2024-03-02T00:00:00-05:00'],
  ])('reads %s (spaced or zone-less forms) in the site time zone', (value, iso) => {
    expect(ok(value, 'America/New_York').iso).toBe(iso);
  });

  it.each([
    ['2023-02-30'],
    ['2023-02-29'],
    ['2024-13-01'],
    ['2024-00-10'],
    ['2024-03-02T25:00:00Z'],
    ['2024-03-02 18:61'],
    ['Nov 6 2008'],
    ['06/11/2008'],
    ['2024-3-2'],
    ['yesterday'],
    [''],
  ])('rejects %j, which is not a real date', (value) => {
    const parsed = parsePostDate(value, 'UTC');
    expect(parsed).toHaveProperty('problem');
    if ('problem' in parsed) expect(parsed.problem).toMatch(/date|time/);
  });

  it('accepts 29 February in a leap year', () => {
    expect(ok('2024-02-29', 'UTC').iso).toBe('2024-02-29T00:00:00Z');
  });

  it('reads a local time that falls in a daylight-saving gap without failing', () => {
    // 02:30 on 10 March 2024 does not exist in New York; the date must still be that day.
    expect(ok('2024-03-10T02:30:00', 'America/New_York').iso.slice(0, 10)).toBe('2024-03-10');
  });
});

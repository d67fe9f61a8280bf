import fc from 'fast-check';
import { DateTime } from 'luxon';
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

describe('parsePostDate and luxon', () => {
  // Common forms are read without luxon; luxon's reading of the same text is the reference.
  const byLuxon = (iso: string, zone: string) => {
    const parsed = DateTime.fromISO(iso, { zone });
    if (!parsed.isValid) return 'invalid';
    const local = parsed.setZone(zone);
    return { iso: local.toISO({ suppressMilliseconds: true }), time: local.toMillis() };
  };
  const two = (n: number) => String(n).padStart(2, '0');
  const zone = fc.constantFrom('UTC', 'utc', 'Etc/UTC', 'UTC+5', 'America/New_York', 'Europe/London', 'Europe/Amsterdam', 'Africa/Monrovia',
    'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Kiritimati', 'America/Sao_Paulo');
  const iso = fc
    .tuple(
      fc.integer({ min: 900, max: 10_000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }), fc.constantFrom(0, 15, 30, 59, 60), fc.constantFrom(0, 7, 59, 60),
      fc.constantFrom('', 'Z', '+01:00', '-05:00', '+05:30', '-00:30', '+13:45', '+24:00', '-12:00'),
      fc.constantFrom('day', 'minutes', 'seconds', 'fraction'),
    )
    .map(([year, month, day, hour, minute, second, offset, form]) => {
      const date = `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`;
      if (form === 'day') return date;
      const time = form === 'minutes' ? `${two(hour)}:${two(minute)}` : `${two(hour)}:${two(minute)}:${two(second)}${form === 'fraction' ? '.25' : ''}`;
      return `${date}T${time}${offset}`;
    });
  // Local times around daylight-saving changes, where an offset must be chosen as luxon does.
  const nearChange = fc
    .tuple(fc.integer({ min: 1900, max: 2040 }), fc.constantFrom(3, 4, 9, 10, 11), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(0, 30, 59))
    .map(([year, month, day, hour, minute]) => `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:00`);

  it('gives what luxon gives for any ISO date or date-time, in any zone', () => {
    fc.assert(
      fc.property(fc.oneof(iso, nearChange), zone, (text, siteZone) => {
        const expected = byLuxon(text, siteZone);
        const parsed = parsePostDate(text, siteZone);
        if (expected === 'invalid') expect(parsed).toHaveProperty('problem');
        else expect(parsed).toEqual(expected);
      }),
      { numRuns: 5000 },
    );
  });
});

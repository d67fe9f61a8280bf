import { describe, expect, it } from 'vitest';
import { createDateFormatter } from '../../../src/site/dates.js';

describe('createDateFormatter', () => {
  it('shows a date-only post on its own day west of Greenwich', () => {
    expect(createDateFormatter('en', 'America/New_York').long('2008-11-06T00:00:00-05:00')).toBe('November 6, 2008');
  });

  it('shows an instant in the site time zone', () => {
    expect(createDateFormatter('en', 'Asia/Tokyo').long('2024-03-31T23:00:00-04:00')).toBe('April 1, 2024');
  });

  it.each([
    ['en', 'November 2008'],
    ['fr', 'novembre 2008'],
    ['de', 'November 2008'],
  ])('labels a month in the site language (%s)', (language, label) => {
    expect(createDateFormatter(language, 'Pacific/Kiritimati').month(2008, 11)).toBe(label);
  });

  it.each([['Pacific/Kiritimati'], ['Pacific/Pago_Pago'], ['UTC']])('never shifts a month label to its neighbour in %s', (zone) => {
    const f = createDateFormatter('en', zone);
    expect(f.month(2024, 1)).toBe('January 2024');
    expect(f.monthName(12)).toBe('December');
  });
});

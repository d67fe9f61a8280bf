import { DateTime } from 'luxon';

/** A parsed post date: an instant, and the same instant shown in the site's time zone. */
export interface PostDate {
  /** ISO 8601 in the site's time zone, e.g. `2008-11-06T00:00:00.000-05:00`. */
  iso: string;
  /** Milliseconds since the epoch, for sorting. */
  time: number;
}

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
// YAML 1.1 timestamps allow a space before the time and before the zone: `2015-03-04 10:22:00 -05:00`.
const spaced = /^(\d{4}-\d{2}-\d{2})[ \t]+(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:[ \t]*(Z|[+-]\d{1,2}(?::?\d{2})?))?$/;

/**
 * Reads a front-matter or file-name date.
 *
 * A date without a time means that calendar day in the site's time zone (not UTC midnight,
 * which shows as the day before west of Greenwich). A time without an offset is also read
 * in the site's zone; a time with an offset keeps it. Impossible dates (`2023-02-30`) are rejected.
 */
export function parsePostDate(value: string, timeZone: string): PostDate | { problem: string } {
  const text = value.trim();
  let parsed: DateTime;
  const space = spaced.exec(text);
  if (dateOnly.test(text)) {
    parsed = DateTime.fromISO(text, { zone: timeZone });
  } else if (space) {
    const [, day, time, zone] = space;
    const offset = zone ? normaliseOffset(zone) : '';
    const clock = time?.indexOf(':') === 1 ? `0${time}` : time;
    parsed = DateTime.fromISO(`${day}T${clock}${offset}`, { zone: timeZone });
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    parsed = DateTime.fromISO(text, { zone: timeZone });
  } else {
    return { problem: `"${text}" is not a date.` };
  }
  if (!parsed.isValid) {
    return { problem: `"${text}" is not a real date or time (${parsed.invalidExplanation ?? parsed.invalidReason ?? 'invalid'}).` };
  }
  const local = parsed.setZone(timeZone);
  return { iso: local.toISO({ suppressMilliseconds: true }) ?? text, time: local.toMillis() };
}

function normaliseOffset(zone: string): string {
  if (zone === 'Z') return 'Z';
  const match = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (!match) return zone;
  return `${match[1]}${match[2]?.padStart(2, '0')}:${match[3] ?? '00'}`;
}

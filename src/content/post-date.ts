import { DateTime, Info, Settings, type Zone } from 'luxon';

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
  let iso: string;
  const space = spaced.exec(text);
  if (dateOnly.test(text)) {
    iso = text;
  } else if (space) {
    const [, day, time, zone] = space;
    const offset = zone ? normaliseOffset(zone) : '';
    const clock = time?.indexOf(':') === 1 ? `0${time}` : time;
    iso = `${day}T${clock}${offset}`;
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    iso = text;
  } else {
    return { problem: `"${text}" is not a date.` };
  }
  const quick = readCommonIso(iso, timeZone);
  if (quick) return quick;
  const parsed = DateTime.fromISO(iso, { zone: timeZone });
  if (!parsed.isValid) {
    return { problem: `"${text}" is not a real date or time (${parsed.invalidExplanation ?? parsed.invalidReason ?? 'invalid'}).` };
  }
  const local = parsed.setZone(timeZone);
  return { iso: local.toISO({ suppressMilliseconds: true }) ?? text, time: local.toMillis() };
}

const commonIso = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:(Z)|([+-])(\d{2}):(\d{2}))?)?$/;
/** Key: the time zone's name. Invalid: never (a zone's rules are luxon's, fixed for the process). */
const zones = new Map<string, Zone | undefined>();

/**
 * The common forms (`2024-03-02`, `2024-03-02T09:30[:00]`, with `Z` or `±hh:mm`), valid and in
 * years 1000-9999, read without building luxon DateTimes, which took most of the time spent
 * reading posts. Computed as luxon computes them (its zone offsets, the same arithmetic and ISO
 * format), so the result is the same; undefined for anything else, which luxon then reads.
 */
function readCommonIso(iso: string, timeZone: string): PostDate | undefined {
  const m = commonIso.exec(iso);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  let zone = zones.get(timeZone);
  if (!zones.has(timeZone)) {
    const normalized = Info.normalizeZone(timeZone);
    zone = normalized.isValid ? normalized : undefined;
    zones.set(timeZone, zone);
  }
  if (!zone) return undefined;
  const localTS = Date.UTC(year, month - 1, day, hour, minute, second);
  let ts: number;
  let o: number;
  if (m[7] === undefined && m[8] === undefined) {
    // A local time in the site's zone: luxon keeps the offset it settled on.
    [ts, o] = fixOffset(localTS, zone.offset(Settings.now()), zone);
  } else {
    const offHours = Number(m[9] ?? 0);
    const offMinutes = Number(m[10] ?? 0);
    if (offHours > 23 || offMinutes > 59) return undefined;
    ts = localTS - (m[8] === '-' ? -1 : 1) * (offHours * 60 + offMinutes) * 60 * 1000;
    o = zone.offset(ts);
  }
  const c = new Date(ts + o * 60 * 1000);
  const y = c.getUTCFullYear();
  if (y < 1000 || y > 9999) return undefined;
  const ms = c.getUTCMilliseconds();
  const offset = zone.isUniversal && o === 0
    ? 'Z'
    : o < 0 ? `-${pad(Math.trunc(-o / 60))}:${pad(Math.trunc(-o % 60))}` : `+${pad(Math.trunc(o / 60))}:${pad(Math.trunc(o % 60))}`;
  const text = `${y}-${pad(c.getUTCMonth() + 1)}-${pad(c.getUTCDate())}T${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}:${pad(c.getUTCSeconds())}${ms === 0 ? '' : `.${pad(ms, 3)}`}${offset}`;
  return { iso: text, time: ts };
}

/** luxon's choice of instant for a local time in a zone (its `fixOffset`), including in DST gaps and overlaps. */
function fixOffset(localTS: number, o: number, zone: Zone): [number, number] {
  let utcGuess = localTS - o * 60 * 1000;
  const o2 = zone.offset(utcGuess);
  if (o === o2) return [utcGuess, o];
  utcGuess -= (o2 - o) * 60 * 1000;
  const o3 = zone.offset(utcGuess);
  if (o2 === o3) return [utcGuess, o2];
  return [localTS - Math.min(o2, o3) * 60 * 1000, Math.max(o2, o3)];
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

function pad(n: number, length = 2): string {
  return String(n).padStart(length, '0');
}

function normaliseOffset(zone: string): string {
  if (zone === 'Z') return 'Z';
  const match = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (!match) return zone;
  return `${match[1]}${match[2]?.padStart(2, '0')}:${match[3] ?? '00'}`;
}

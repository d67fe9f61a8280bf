/** Formats dates for readers in the site's language and time zone, with `Intl`. */
export interface DateFormatter {
  /** `November 6, 2008` (en), `6 novembre 2008` (fr). */
  long(iso: string): string;
  /** `November 2008`. */
  month(year: number, month: number): string;
  /** Just the month's name: `November`. */
  monthName(month: number): string;
}

/** Key: the language and time zone. Invalid: never (Intl's data is fixed for the process). */
const formatters = new Map<string, DateFormatter>();

/**
 * The formatter for a language and time zone. One per pair for the life of the process, and each
 * remembers the post dates it formatted: `Intl.DateTimeFormat` construction is the costly part
 * of a first build, and formatting thousands of dates was most of every rebuild while watching.
 */
export function createDateFormatter(language: string, timeZone: string): DateFormatter {
  const key = `${language}\0${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = newDateFormatter(language, timeZone);
    formatters.set(key, formatter);
  }
  return formatter;
}

function newDateFormatter(language: string, timeZone: string): DateFormatter {
  const long = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone });
  // Months are labelled from a mid-month UTC instant, so no zone can shift them to the neighbour.
  const monthYear = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const monthOnly = new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' });
  // Kept for up to 100,000 distinct dates at a time (a blog has about one or two per post).
  let longs = new Map<string, string>();
  return {
    long: (iso) => {
      let text = longs.get(iso);
      if (text === undefined) {
        if (longs.size >= 100_000) longs = new Map();
        text = long.format(new Date(iso));
        longs.set(iso, text);
      }
      return text;
    },
    month: (year, month) => monthYear.format(Date.UTC(year, month - 1, 15)),
    monthName: (month) => monthOnly.format(Date.UTC(2000, month - 1, 15)),
  };
}

/** Formats dates for readers in the site's language and time zone, with `Intl`. */
export interface DateFormatter {
  /** `November 6, 2008` (en), `6 novembre 2008` (fr). */
  long(iso: string): string;
  /** `November 2008`. */
  month(year: number, month: number): string;
  /** Just the month's name: `November`. */
  monthName(month: number): string;
}

/** Creates formatters once per build; `Intl.DateTimeFormat` construction is the costly part. */
export function createDateFormatter(language: string, timeZone: string): DateFormatter {
  const long = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone });
  // Months are labelled from a mid-month UTC instant, so no zone can shift them to the neighbour.
  const monthYear = new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const monthOnly = new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' });
  return {
    long: (iso) => long.format(new Date(iso)),
    month: (year, month) => monthYear.format(Date.UTC(year, month - 1, 15)),
    monthName: (month) => monthOnly.format(Date.UTC(2000, month - 1, 15)),
  };
}

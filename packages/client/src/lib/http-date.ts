// RFC 9110 §5.6.7 HTTP-date in its three forms, parsed by hand: Date.parse accepts far more than
// the grammar and its results for the obsolete forms differ between engines.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";

/** Sun, 06 Nov 1994 08:49:37 GMT */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** Sunday, 06-Nov-94 08:49:37 GMT */
const RFC850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
/** Sun Nov  6 08:49:37 1994 */
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

function utc(year: number, month: string, day: number, h: string, m: string, s: string): number | undefined {
  const index = MONTHS.indexOf(month);
  const [hours, minutes, seconds] = [Number(h), Number(m), Number(s)];
  if (index < 0 || day < 1 || day > 31 || hours > 23 || minutes > 59 || seconds > 60) return undefined;
  const ms = Date.UTC(year, index, day, hours, minutes, Math.min(seconds, 59));
  // Date.UTC rolls 31 Feb over into March; a real date round-trips.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

/** RFC 9110: a two-digit year more than 50 years in the future is in the past century. */
function fullYear(twoDigits: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  let year = Math.floor(current / 100) * 100 + twoDigits;
  if (year > current + 50) year -= 100;
  return year;
}

/**
 * Milliseconds since the epoch for an HTTP-date (IMF-fixdate, RFC 850 or asctime), else
 * undefined. `now` resolves RFC 850's two-digit year.
 *
 * @example
 * ```ts
 * parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT", Date.now()); // 784111777000
 * parseHttpDate("tomorrow", Date.now());                       // undefined
 * ```
 */
export function parseHttpDate(value: string, now: number): number | undefined {
  let match = IMF_FIXDATE.exec(value);
  if (match !== null) {
    const [, day = "", month = "", year = "", h = "", m = "", s = ""] = match;
    return utc(Number(year), month, Number(day), h, m, s);
  }
  match = RFC850.exec(value);
  if (match !== null) {
    const [, day = "", month = "", year = "", h = "", m = "", s = ""] = match;
    return utc(fullYear(Number(year), now), month, Number(day), h, m, s);
  }
  match = ASCTIME.exec(value);
  if (match !== null) {
    const [, month = "", day = "", h = "", m = "", s = "", year = ""] = match;
    return utc(Number(year), month, Number(day.trim()), h, m, s);
  }
  return undefined;
}

/**
 * Feed dates: RFC 822/1123/2822 (RSS), W3C-DTF/RFC 3339 (Atom, Dublin Core, sitemaps, JSON Feed) and
 * the variations publishers actually send. Deterministic: a date without a zone is UTC (feedparser's
 * choice), never the server's local time, which is what `new Date("2024-01-02 10:00")` would give.
 */

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
  // French, German, Spanish, Italian, Dutch, Portuguese abbreviations seen in hand-made feeds.
  janv: 0, févr: 1, fevr: 1, mars: 2, avr: 3, mai: 4, juin: 5, juil: 6, août: 7, aout: 7, sept: 8, déc: 11,
  jän: 0, mär: 2, okt: 9, dez: 11, ene: 0, abr: 3, ago: 7, dic: 11, gen: 0, mag: 4, giu: 5, lug: 6, set: 8,
  ott: 9, mrt: 2, mei: 4, fev: 1, out: 9,
};

// RFC 822 zones, military letters aside, and the abbreviations feeds commonly use (hours east of UTC).
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0, bst: 1, cet: 1, met: 1, mez: 1, west: 1, cest: 2, mesz: 2, eet: 2,
  eest: 3, msk: 3, ist: 5.5, ict: 7, wib: 7, hkt: 8, sgt: 8, awst: 8, cst8: 8, jst: 9, kst: 9, acst: 9.5,
  aest: 10, aedt: 11, nzst: 12, nzdt: 13, ast: -4, adt: -3, edt: -4, est: -5, cdt: -5, cst: -6, mdt: -6,
  mst: -7, pdt: -7, pst: -8, akst: -9, akdt: -8, hst: -10, nst: -3.5, ndt: -2.5, brt: -3, art: -3,
};

const ISO =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?:[T\s]+(\d{1,2})(?::?(\d{2}))?(?::?(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5})?$/;
// [weekday,] day month year [time] [zone] — also "month day, year" and a missing weekday comma.
const RFC822 =
  /^(?:[A-Za-zÀ-ÿ]{2,}\.?,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-zÀ-ÿ]{3,})\.?[\s-]+(\d{2,4})(?:[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(?:([AaPp])\.?[Mm]\.?)?\s*(?:\(?([+-]\d{1,2}:?\d{2}|[A-Za-z]{1,5})\)?)?(?:\s.*)?$/;
const MONTH_FIRST =
  /^(?:[A-Za-z]{2,}\.?,?\s+)?([A-Za-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(\d{4})[\s,]+)?(?:(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?\s*(?:([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})\s+)?)?(\d{4})?\s*$/;

/** Parses a feed date; null when the text is not a date we can read. */
export function parseFeedDate(input: string): Date | null {
  const raw = input.trim().replace(/\s+/g, ' ');
  if (raw === '') return null;
  const iso = ISO.exec(raw);
  if (iso) {
    const [, year, month, day, hour, minute, second, zone] = iso;
    return build(+year!, month ? +month - 1 : 0, day ? +day : 1, hour, minute, second, zone, undefined);
  }
  const rfc = RFC822.exec(raw);
  if (rfc) {
    const [, day, monthName, year, hour, minute, second, meridiem, zone] = rfc;
    const month = monthIndex(monthName!);
    if (month !== null) return build(fullYear(year!), month, +day!, hour, minute, second, zone, meridiem);
  }
  const monthFirst = MONTH_FIRST.exec(raw);
  if (monthFirst) {
    const [, monthName, day, yearBefore, hour, minute, second, meridiem, zone, yearAfter] = monthFirst;
    const month = monthIndex(monthName!);
    const year = yearBefore ?? yearAfter;
    if (month !== null && year) return build(+year, month, +day!, hour, minute, second, zone, meridiem);
  }
  // Anything else V8 understands, only when it names its zone (else V8 would use local time).
  if (/(?:Z|GMT|UTC|[+-]\d{2}:?\d{2})$/i.test(raw)) {
    const time = Date.parse(raw);
    if (!Number.isNaN(time)) return new Date(time);
  }
  return null;
}

function monthIndex(name: string): number | null {
  const key = name.toLowerCase().replace(/\.$/, '');
  return MONTHS[key] ?? MONTHS[key.slice(0, 4)] ?? MONTHS[key.slice(0, 3)] ?? null;
}

function fullYear(year: string): number {
  const value = +year;
  // RFC 822 two-digit years; RFC 2822 §4.3: 00-49 are 2000-2049, 50-99 are 1950-1999.
  if (year.length <= 2) return value < 50 ? 2000 + value : 1900 + value;
  return value;
}

function build(
  year: number,
  month: number,
  day: number,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  zone: string | undefined,
  meridiem: string | undefined,
): Date | null {
  let h = hour ? +hour : 0;
  if (meridiem) {
    const pm = meridiem.toLowerCase() === 'p';
    if (h === 12) h = pm ? 12 : 0;
    else if (pm) h += 12;
  }
  const m = minute ? +minute : 0;
  const s = second ? +second : 0;
  if (month < 0 || month > 11 || day < 1 || day > 31 || h > 24 || m > 59 || s > 60) return null;
  const offsetHours = zoneOffset(zone);
  if (offsetHours === null) return null;
  const time = Date.UTC(year, month, day, h, m, s) - offsetHours * 3_600_000;
  const date = new Date(time);
  // Date.UTC maps years 0-99 to 1900-1999; the plausibility check in normalize.ts rejects those anyway.
  return Number.isNaN(date.getTime()) ? null : date;
}

function zoneOffset(zone: string | undefined): number | null {
  if (!zone) return 0;
  const numeric = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const [, sign, hours, minutes] = numeric;
    return (sign === '-' ? -1 : 1) * (+hours! + (minutes ? +minutes : 0) / 60);
  }
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  // RFC 822 military zones are ambiguous in practice (RFC 1123 §5.2.14: treat as UTC); an unknown
  // abbreviation costs at most a few hours, less than losing the date.
  return 0;
}

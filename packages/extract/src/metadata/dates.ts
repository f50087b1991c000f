// ISO 8601 and its relatives seen in meta tags: `2026-11-03`, `2026-11-03T09:30`, `2026-11-03 09:30:00`,
// `2026-11-03T09:30:00.123+0530`, `20261103`, `2026/11/03 09:30` (year first, so never ambiguous),
// `2026-11-03T09:30:00 UTC`.
const ISO_LIKE =
  /^(?<year>\d{4})(?:(?<separator>[-/.])(?<month>\d{1,2})\k<separator>(?<day>\d{1,2})|(?<compactMonth>\d{2})(?<compactDay>\d{2}))(?:[T\s]\s*(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:[.,](?<fraction>\d{1,9}))?)?)?\s*(?<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
// A zone in a free-form date (RFC 2822 and friends): without one, Date.parse would read local time.
// A numeric offset counts only after a time, so the year of `03-11-2026` is not read as `-2026`.
const HAS_ZONE = /\b(?:GMT|UTC|UT|Z)\b|(?<=\d:\d{2}(?::\d{2})?\s?)[+-]\d{2}:?\d{2}\b|\b[ECMP][SD]T\b/;
const FOUR_DIGIT_YEAR = /\b(?:1[89]|2\d)\d{2}\b/;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Placeholder dates CMSes emit for "unknown": year 1 (.NET's DateTime.MinValue), 1900-01-01, and the
// Unix epoch, which shows up as any time within ±14 hours of 1970-01-01T00:00Z once a local zone was
// applied to it.
const EARLIEST = Date.UTC(1900, 0, 2);
const EPOCH_WINDOW = 14 * HOUR;
/** How far in the future a date may be (clock skew, embargoes announced a day ahead) before it is a placeholder. */
const FUTURE_TOLERANCE = 2 * DAY;

/**
 * A publication date as a UTC instant, or null when the value is not a plausible date. A date or time
 * without a zone is read as UTC: the page gives no better evidence, and reading it in the zone of the
 * machine that runs Polywire would make the result depend on where it runs. Placeholder dates (year 1,
 * 1900-01-01, the Unix epoch) and dates more than two days after `now` are rejected.
 */
export function parseDate(value: string | null | undefined, now: Date): Date | null {
  const text = value?.trim();
  if (!text || text.length > 64) return null;
  const date = parseIsoLike(text) ?? parseEpoch(text) ?? parseFreeForm(text);
  if (!date) return null;
  const time = date.getTime();
  if (Number.isNaN(time) || time < EARLIEST || Math.abs(time) <= EPOCH_WINDOW) return null;
  if (time > now.getTime() + FUTURE_TOLERANCE) return null;
  return date;
}

function parseIsoLike(text: string): Date | null {
  const match = ISO_LIKE.exec(text);
  if (!match) return null;
  const groups = match.groups ?? {};
  const y = Number(groups.year);
  const mo = Number(groups.month ?? groups.compactMonth);
  const d = Number(groups.day ?? groups.compactDay);
  const [h, mi, s] = [Number(groups.hour ?? 0), Number(groups.minute ?? 0), Number(groups.second ?? 0)];
  const fraction = groups.fraction ?? '0';
  const zone = groups.zone;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999, which would turn the
  // placeholder 0001-01-01 into a plausible-looking 1901.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, Number(fraction.slice(0, 3).padEnd(3, '0')));
  // 2026-02-31 rolls over to March: not a date.
  if (date.getUTCDate() !== d) return null;
  return new Date(date.getTime() - zoneOffsetMs(zone));
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || /^(?:Z|UTC|GMT)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return sign * (hours * HOUR + minutes * 60_000);
}

/** Unix time in seconds (10 digits) or milliseconds (13 digits), as some CMSes put in meta tags. */
function parseEpoch(text: string): Date | null {
  if (/^\d{10}$/.test(text)) return new Date(Number(text) * 1000);
  if (/^\d{13}$/.test(text)) return new Date(Number(text));
  return null;
}

/** RFC 2822 (`Tue, 03 Nov 2026 09:30:00 +0300`) and English long forms (`November 3, 2026 9:30 AM`). */
function parseFreeForm(text: string): Date | null {
  // Date.parse reads almost anything ("1" is 2001-01-01, "03/11/2026" is March in the US and November
  // in Europe): insist on a year and a month name.
  if (!FOUR_DIGIT_YEAR.test(text) || !/[a-z]{3}/i.test(text)) return null;
  const time = Date.parse(HAS_ZONE.test(text) ? text : `${text} UTC`);
  return Number.isNaN(time) ? null : new Date(time);
}

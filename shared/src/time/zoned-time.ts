// Calendar days and months are counted in the network's time zone (Asia/Bahrain by default),
// not in UTC: an event at 01:00 Bahrain time on the 1st belongs to that month, though it is
// still the previous day in UTC.

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

function parts(instant: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of dayFormatter(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return out;
}

/** Milliseconds (whole seconds) the zone is ahead of UTC at that instant, asked of Intl. */
function exactOffset(ms: number, timeZone: string): number {
  const p = parts(new Date(ms), timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

// Intl's formatToParts costs microseconds a call, and a month's calendar asks for hundreds of
// days. Zones change their offset on quarter hours of UTC, so the offset is kept per quarter
// hour; a quarter hour whose two ends disagree (a change inside it) is always asked of Intl.
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED_QUARTERS = 200_000;
const offsetsByZone = new Map<string, Map<number, number | null>>();

function offsetAt(instant: Date, timeZone: string): number {
  const ms = instant.getTime();
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) offsetsByZone.set(timeZone, (offsets = new Map()));
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    const first = exactOffset(quarter * QUARTER_HOUR_MS, timeZone);
    const last = exactOffset((quarter + 1) * QUARTER_HOUR_MS - 1, timeZone);
    offset = first === last ? first : null;
    if (offsets.size >= MAX_CACHED_QUARTERS) offsets.clear();
    offsets.set(quarter, offset);
  }
  return offset ?? exactOffset(ms, timeZone);
}

/** The instant's wall-clock date in the zone, as a UTC Date (read with getUTC*). */
function wallClock(instant: Date, timeZone: string): Date {
  return new Date(instant.getTime() + offsetAt(instant, timeZone));
}

/** The calendar day (YYYY-MM-DD) of an instant in the time zone. */
export function dayIn(instant: Date, timeZone: string): string {
  const wall = wallClock(instant, timeZone);
  const year = wall.getUTCFullYear();
  const month = String(wall.getUTCMonth() + 1).padStart(2, "0");
  return `${year}-${month}-${String(wall.getUTCDate()).padStart(2, "0")}`;
}

/** The month of an instant in the time zone. */
export function monthIn(instant: Date, timeZone: string): { year: number; month: number } {
  const wall = wallClock(instant, timeZone);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1 };
}

/** The instant the given local day starts in the time zone. */
export function startOfDay(year: number, month: number, day: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day);
  // Twice, so a day that starts across an offset change still lands on local midnight.
  const first = guess - offsetAt(new Date(guess), timeZone);
  return new Date(guess - offsetAt(new Date(first), timeZone));
}

/** [start, end) of a month (or, with month null, a year) in the time zone. */
export function periodRange(
  period: { year: number; month?: number | null },
  timeZone: string,
): { start: Date; end: Date } {
  if (period.month) {
    const next =
      period.month === 12
        ? { year: period.year + 1, month: 1 }
        : { year: period.year, month: period.month + 1 };
    return {
      start: startOfDay(period.year, period.month, 1, timeZone),
      end: startOfDay(next.year, next.month, 1, timeZone),
    };
  }
  return {
    start: startOfDay(period.year, 1, 1, timeZone),
    end: startOfDay(period.year + 1, 1, 1, timeZone),
  };
}

/** The month after the given one. */
export function nextMonth(period: { year: number; month: number }): {
  year: number;
  month: number;
} {
  return period.month === 12
    ? { year: period.year + 1, month: 1 }
    : { year: period.year, month: period.month + 1 };
}

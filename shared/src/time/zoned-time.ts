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

/** The calendar day (YYYY-MM-DD) of an instant in the time zone. */
export function dayIn(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/** The month of an instant in the time zone. */
export function monthIn(instant: Date, timeZone: string): { year: number; month: number } {
  const p = parts(instant, timeZone);
  return { year: p.year!, month: p.month! };
}

/** Milliseconds the zone is ahead of UTC at that instant. */
function offsetAt(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
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

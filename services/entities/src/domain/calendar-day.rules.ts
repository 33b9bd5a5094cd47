/** Today's calendar day (YYYY-MM-DD) in the network's time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** How far ahead an appointment may be recorded: a planned handover, not a placeholder date. */
export const MAX_DAYS_AHEAD = 366;
/** No appointment in the network predates this day. */
export const EARLIEST_DAY = "1950-01-01";

/** `day` moved by `days` calendar days (both YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Why an appointment day is refused, or undefined: not before EARLIEST_DAY and at most
 * MAX_DAYS_AHEAD days after today (9999-12-31 made a liaison that could never be ended).
 */
export function appointmentDayProblem(day: string, today: string): string | undefined {
  if (day < EARLIEST_DAY) return `appointedOn must not be before ${EARLIEST_DAY}`;
  const latest = addDays(today, MAX_DAYS_AHEAD);
  if (day > latest) {
    return `appointedOn must be at most ${MAX_DAYS_AHEAD} days ahead (${latest} at the latest)`;
  }
  return undefined;
}

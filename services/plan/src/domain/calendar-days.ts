import { dayIn } from "@gcn/shared";

interface Spanning {
  startsAt: Date;
  endsAt: Date;
}

/**
 * The days of [start, end) that have items, in order, each with the items on it: an item is on
 * every day it spans in `timeZone`, and an item ending at midnight does not occupy the day that
 * midnight starts.
 */
export function itemsByDay<T extends Spanning>(
  items: readonly T[],
  start: Date,
  end: Date,
  timeZone: string,
): { date: string; items: T[] }[] {
  const days = new Map<string, T[]>();
  const lastDay = dayIn(new Date(end.getTime() - 1), timeZone);
  const firstDay = dayIn(start, timeZone);
  for (const item of items) {
    let day = dayIn(item.startsAt < start ? start : item.startsAt, timeZone);
    const lastInstant =
      item.endsAt > item.startsAt ? new Date(item.endsAt.getTime() - 1) : item.endsAt;
    const until = dayIn(lastInstant, timeZone);
    while (day <= until && day <= lastDay) {
      if (day >= firstDay) {
        const dayItems = days.get(day);
        if (dayItems) dayItems.push(item);
        else days.set(day, [item]);
      }
      day = nextDay(day);
    }
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, dayItems]) => ({ date, items: dayItems }));
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dayIn, monthIn, nextMonth, periodRange, startOfDay } from "../src/time/zoned-time";

describe("calendar days and months in the network's time zone", () => {
  it("puts 22:30 UTC on the last of the month into the next month in Bahrain", () => {
    const instant = new Date("2026-11-30T22:30:00Z");
    assert.equal(dayIn(instant, "Asia/Bahrain"), "2026-12-01");
    assert.deepEqual(monthIn(instant, "Asia/Bahrain"), { year: 2026, month: 12 });
    assert.deepEqual(monthIn(instant, "UTC"), { year: 2026, month: 11 });
  });

  it("starts a Bahrain day at 21:00 UTC the day before", () => {
    assert.equal(startOfDay(2026, 11, 1, "Asia/Bahrain").toISOString(), "2026-10-31T21:00:00.000Z");
  });

  it("gives a month and a year as half-open ranges", () => {
    const november = periodRange({ year: 2026, month: 11 }, "Asia/Bahrain");
    assert.equal(november.start.toISOString(), "2026-10-31T21:00:00.000Z");
    assert.equal(november.end.toISOString(), "2026-11-30T21:00:00.000Z");
    const december = periodRange({ year: 2026, month: 12 }, "UTC");
    assert.equal(december.end.toISOString(), "2027-01-01T00:00:00.000Z");
    const year = periodRange({ year: 2026, month: null }, "UTC");
    assert.equal(year.start.toISOString(), "2026-01-01T00:00:00.000Z");
    assert.equal(year.end.toISOString(), "2027-01-01T00:00:00.000Z");
  });

  it("handles a zone with daylight saving time", () => {
    // Europe/London moves to UTC+1 on 2026-03-29: April starts at 23:00 UTC on 31 March.
    assert.equal(startOfDay(2026, 4, 1, "Europe/London").toISOString(), "2026-03-31T23:00:00.000Z");
    assert.equal(startOfDay(2026, 1, 1, "Europe/London").toISOString(), "2026-01-01T00:00:00.000Z");
  });

  it("rolls December over to January", () => {
    assert.deepEqual(nextMonth({ year: 2026, month: 12 }), { year: 2027, month: 1 });
  });
});

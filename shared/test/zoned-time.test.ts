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

  it("agrees with Intl on the day and month of every instant, across offset changes", () => {
    // The offsets are cached per quarter hour: check a year of instants 7 min 13 s apart in zones
    // with daylight saving, half-hour and quarter-hour offsets.
    const zones = [
      "Asia/Bahrain",
      "Europe/London",
      "America/St_Johns",
      "Asia/Kathmandu",
      "Australia/Lord_Howe",
    ];
    const step = 7 * 60_000 + 13_000;
    for (const timeZone of zones) {
      const intl = new Intl.DateTimeFormat("en-CA", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      });
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += step) {
        const instant = new Date(ms);
        const expected = intl.format(instant);
        assert.equal(dayIn(instant, timeZone), expected, `${timeZone} ${instant.toISOString()}`);
        assert.deepEqual(monthIn(instant, timeZone), {
          year: Number(expected.slice(0, 4)),
          month: Number(expected.slice(5, 7)),
        });
      }
    }
  });
});

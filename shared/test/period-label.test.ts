import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CalendarOption, LocaleOption, periodLabel } from "../src/schema/shared-types";

describe("period labels", () => {
  it("names a Gregorian month in Arabic with Latin digits, and in English", () => {
    assert.equal(periodLabel({ year: 2026, month: 11 }), "نوفمبر 2026");
    assert.equal(periodLabel({ year: 2026, month: 11 }, LocaleOption.EN), "November 2026");
  });

  it("names a whole year", () => {
    assert.equal(periodLabel({ year: 2026, month: null }, LocaleOption.EN), "2026");
  });

  it("names the Hijri month (Umm al-Qura) most of the period falls in", () => {
    const label = periodLabel({ year: 2026, month: 11 }, LocaleOption.EN, CalendarOption.HIJRI);
    assert.match(label, /1448/);
  });
});

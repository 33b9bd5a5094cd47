import * as echarts from "echarts";
import type { PackLocale } from "./pack-locale";
import { WEIGHT_NAMES, type WeightName } from "./briefing-query";

/**
 * The pack's charts, drawn by Apache ECharts' server-side renderer into SVG strings that the
 * HTML inlines (and Chromium prints): no script runs in the document. Animation is off so the
 * SVG is the final picture.
 */
const FONT = "'Noto Sans Arabic', 'Noto Sans', 'DejaVu Sans', sans-serif";
const PALETTE = ["#0b6e4f", "#2f80c0", "#e0a100", "#c0392b", "#7d3c98", "#16a085", "#7f8c8d"];

function render(width: number, height: number, option: echarts.EChartsCoreOption): string {
  // An instance per chart, disposed at once: a kept one holds the process open (its timers),
  // and its clip paths would be named the same in every drawing.
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: FONT, fontSize: 11 },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface MonthPoint {
  year: number;
  month: number;
  value: number;
}

/** The national index over the last months, one point per report. */
export function nationalIndexChart(points: MonthPoint[], locale: PackLocale): string {
  return lineChart(points, locale, 640, 220, locale.words.nationalIndex);
}

function lineChart(
  points: MonthPoint[],
  locale: PackLocale,
  width: number,
  height: number,
  name: string,
): string {
  const rtl = locale.dir === "rtl";
  return render(width, height, {
    grid: { left: 44, right: 44, top: 24, bottom: 28 },
    xAxis: {
      type: "category",
      inverse: rtl,
      data: points.map((p) => locale.shortMonth(p.year, p.month)),
      axisLabel: { fontSize: 10 },
    },
    yAxis: {
      type: "value",
      position: rtl ? "right" : "left",
      min: 0,
      max: 100,
      axisLabel: { formatter: (value: number) => locale.count(value) },
    },
    series: [
      {
        name,
        type: "line",
        data: points.map((p) => p.value),
        symbolSize: 6,
        label: {
          show: points.length <= 12,
          fontSize: 9,
          formatter: (p: { value: number }) => locale.score(p.value),
        },
      },
    ],
  });
}

export interface EntityContributions {
  name: string;
  contributions: Record<WeightName, number>;
}

/** Every entity's score as its weighted terms, stacked: what each component adds. */
export function componentsOverviewChart(rows: EntityContributions[], locale: PackLocale): string {
  return stackedBars(
    rows.map((r) => r.name),
    WEIGHT_NAMES.map((weight) => ({
      name: locale.words.weightNames[weight],
      data: rows.map((r) => r.contributions[weight]),
    })),
    locale,
    { max: 100 },
  );
}

export interface EntityPlatforms {
  name: string;
  platforms: { platform: string; share: number }[];
}

/** Each entity's month split by platform (shares of 100 %). */
export function platformShareChart(rows: EntityPlatforms[], locale: PackLocale): string {
  const platforms = [...new Set(rows.flatMap((r) => r.platforms.map((p) => p.platform)))].sort();
  return stackedBars(
    rows.map((r) => r.name),
    platforms.map((platform) => ({
      name: platform,
      data: rows.map((r) => r.platforms.find((p) => p.platform === platform)?.share ?? 0),
    })),
    locale,
    { max: 1, percent: true },
  );
}

function stackedBars(
  categories: string[],
  series: { name: string; data: number[] }[],
  locale: PackLocale,
  scale: { max: number; percent?: boolean },
): string {
  const rtl = locale.dir === "rtl";
  const height = 70 + 20 * categories.length;
  return render(680, height, {
    legend: { top: 0, textStyle: { fontSize: 10 }, itemWidth: 12, itemHeight: 8 },
    grid: { left: rtl ? 20 : 170, right: rtl ? 170 : 20, top: 30, bottom: 24 },
    xAxis: {
      type: "value",
      inverse: rtl,
      min: 0,
      max: scale.max,
      axisLabel: {
        formatter: (value: number) => (scale.percent ? locale.share(value) : locale.count(value)),
      },
    },
    yAxis: {
      type: "category",
      inverse: true,
      position: rtl ? "right" : "left",
      data: categories,
      axisLabel: { width: 160, overflow: "truncate", fontSize: 10 },
    },
    series: series.map((s) => ({ ...s, type: "bar", stack: "total", barWidth: 12 })),
  });
}

/**
 * An entity's page in one picture: its score over the last months, and its weighted terms
 * against the most each could add (its weight × 100). One chart, two grids: a page per entity
 * of a 200-entity month is 200 charts to draw and print, not 400.
 */
export function entityProfileChart(
  trend: MonthPoint[],
  contributions: Record<WeightName, number>,
  weights: Record<WeightName, number>,
  locale: PackLocale,
): string {
  const rtl = locale.dir === "rtl";
  // The trend reads first: on the right in Arabic, on the left in English.
  const trendGrid = rtl
    ? { left: 380, right: 40, top: 24, bottom: 28 }
    : { left: 40, right: 380, top: 24, bottom: 28 };
  const barsGrid = rtl
    ? { left: 16, right: 420, top: 12, bottom: 24 }
    : { left: 420, right: 16, top: 12, bottom: 24 };
  return render(680, 190, {
    grid: [trendGrid, barsGrid],
    xAxis: [
      {
        gridIndex: 0,
        type: "category",
        inverse: rtl,
        data: trend.map((p) => locale.shortMonth(p.year, p.month)),
        axisLabel: { fontSize: 9 },
      },
      { gridIndex: 1, type: "value", inverse: rtl, min: 0, axisLabel: { fontSize: 9 } },
    ],
    yAxis: [
      {
        gridIndex: 0,
        type: "value",
        position: rtl ? "right" : "left",
        min: 0,
        max: 100,
        axisLabel: { fontSize: 9, formatter: (value: number) => locale.count(value) },
      },
      {
        gridIndex: 1,
        type: "category",
        inverse: true,
        position: rtl ? "right" : "left",
        data: WEIGHT_NAMES.map((w) => locale.words.weightNames[w]),
        axisLabel: { fontSize: 9 },
      },
    ],
    series: [
      {
        name: locale.words.trend,
        type: "line",
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: trend.map((p) => p.value),
        symbolSize: 5,
        label: {
          show: trend.length <= 12,
          fontSize: 8,
          formatter: (p: { value: number }) => locale.score(p.value),
        },
      },
      {
        type: "bar",
        xAxisIndex: 1,
        yAxisIndex: 1,
        barGap: "-100%",
        barWidth: 11,
        itemStyle: { color: "#e6ecef" },
        data: WEIGHT_NAMES.map((w) => Math.round(weights[w] * 10_000) / 100),
        silent: true,
      },
      {
        type: "bar",
        xAxisIndex: 1,
        yAxisIndex: 1,
        barWidth: 11,
        data: WEIGHT_NAMES.map((w) => contributions[w]),
        label: {
          show: true,
          position: rtl ? "left" : "right",
          fontSize: 8,
          formatter: (p: { value: number }) => locale.score(p.value),
        },
      },
    ],
  });
}

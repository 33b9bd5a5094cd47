import { round, type FigureResult } from "./figure";

/**
 * P1c: the gateway's CPU seconds (from /proc) per 1,000 requests, read during P1's and P2's
 * runs through it, with in-flight deduplication off so that every request does its own work.
 */
export function gatewayCpuFigure(p1: FigureResult, p2: FigureResult): FigureResult {
  const small = Number(p1.details.gatewayCpuSecondsPer1000);
  const page = Number(p2.details.gatewayCpuSecondsPer1000);
  return {
    id: "P1c",
    what: "gateway CPU per 1,000 requests (deduplication off)",
    measured: `P1 ${round(small, 3)} s, month page ${round(page, 2)} s`,
    bar: "P1 <= 0.25 s; month page <= 3 s",
    pass: small <= 0.25 && page <= 3,
    details: { p1SecondsPer1000: small, monthPageSecondsPer1000: page },
  };
}

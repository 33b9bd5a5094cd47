export * from "./briefings.service";
export { BRIEFING_QUERY, briefingVariables, type BriefingData } from "./pack/briefing-query";
export { BriefingRenderer, LANGUAGES } from "./pack/briefing-renderer";
export { GatewayClient } from "./pack/gateway-client";
export { PackLocale } from "./pack/pack-locale";
export { CHARTS_PER_ENTITY, CHARTS_PER_PACK, renderPackHtml } from "./pack/pack-html";
export { PdfPrinter } from "./pack/pdf-printer";
export { readBriefingsConfig, type BriefingsConfig } from "./briefings-config";

import { graphqlEnum, type EnumValue } from "@gcn/shared";

export const PlanStatus = graphqlEnum("PlanStatus", "DRAFT PUBLISHED");
export type PlanStatus = EnumValue<typeof PlanStatus>;

export const PlanItemKind = graphqlEnum(
  "PlanItemKind",
  "EVENT PROGRAMME ACTIVITY CAMPAIGN ANNOUNCEMENT MEDIA_SESSION",
);
export type PlanItemKind = EnumValue<typeof PlanItemKind>;

export const Priority = graphqlEnum("Priority", "CRITICAL HIGH NORMAL LOW");
export type Priority = EnumValue<typeof Priority>;

export const Channel = graphqlEnum(
  "Channel",
  "PRESS TV RADIO X INSTAGRAM YOUTUBE TIKTOK SNAPCHAT WEBSITE IN_PERSON",
);
export type Channel = EnumValue<typeof Channel>;

/** Channel names in contract order (the order of `Clash.sharedChannels`). */
export const CHANNEL_ORDER: readonly Channel[] = Object.values(Channel);

export const PlanItemStatus = graphqlEnum(
  "PlanItemStatus",
  "PLANNED CONFIRMED DONE POSTPONED CANCELLED",
);
export type PlanItemStatus = EnumValue<typeof PlanItemStatus>;

export const PlanItemSource = graphqlEnum("PlanItemSource", "MANUAL INITIATIVE_SESSION");
export type PlanItemSource = EnumValue<typeof PlanItemSource>;

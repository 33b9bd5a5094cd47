import { registerEnumType } from "type-graphql";

export enum PlanStatus {
  DRAFT = "DRAFT",
  PUBLISHED = "PUBLISHED",
}
registerEnumType(PlanStatus, { name: "PlanStatus" });

export enum PlanItemKind {
  EVENT = "EVENT",
  PROGRAMME = "PROGRAMME",
  ACTIVITY = "ACTIVITY",
  CAMPAIGN = "CAMPAIGN",
  ANNOUNCEMENT = "ANNOUNCEMENT",
  MEDIA_SESSION = "MEDIA_SESSION",
}
registerEnumType(PlanItemKind, { name: "PlanItemKind" });

export enum Priority {
  CRITICAL = "CRITICAL",
  HIGH = "HIGH",
  NORMAL = "NORMAL",
  LOW = "LOW",
}
registerEnumType(Priority, { name: "Priority" });

export enum Channel {
  PRESS = "PRESS",
  TV = "TV",
  RADIO = "RADIO",
  X = "X",
  INSTAGRAM = "INSTAGRAM",
  YOUTUBE = "YOUTUBE",
  TIKTOK = "TIKTOK",
  SNAPCHAT = "SNAPCHAT",
  WEBSITE = "WEBSITE",
  IN_PERSON = "IN_PERSON",
}
registerEnumType(Channel, { name: "Channel" });

/** Channel names in contract order (the order of `Clash.sharedChannels`). */
export const CHANNEL_ORDER: readonly Channel[] = Object.values(Channel);

export enum PlanItemStatus {
  PLANNED = "PLANNED",
  CONFIRMED = "CONFIRMED",
  DONE = "DONE",
  POSTPONED = "POSTPONED",
  CANCELLED = "CANCELLED",
}
registerEnumType(PlanItemStatus, { name: "PlanItemStatus" });

export enum PlanItemSource {
  MANUAL = "MANUAL",
  INITIATIVE_SESSION = "INITIATIVE_SESSION",
}
registerEnumType(PlanItemSource, { name: "PlanItemSource" });

import { graphqlEnum, type EnumValue } from "@gcn/shared";

export const EntityKind = graphqlEnum(
  "EntityKind",
  "MINISTRY AUTHORITY AGENCY COUNCIL FUND CENTRE COMPANY OTHER",
);
export type EntityKind = EnumValue<typeof EntityKind>;

export const LiaisonRole = graphqlEnum("LiaisonRole", "PRIMARY DEPUTY MEDIA DIGITAL");
export type LiaisonRole = EnumValue<typeof LiaisonRole>;

export const MeetingStatus = graphqlEnum("MeetingStatus", "SCHEDULED HELD CANCELLED");
export type MeetingStatus = EnumValue<typeof MeetingStatus>;

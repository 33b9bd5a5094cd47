import { registerEnumType } from "type-graphql";

export enum EntityKind {
  MINISTRY = "MINISTRY",
  AUTHORITY = "AUTHORITY",
  AGENCY = "AGENCY",
  COUNCIL = "COUNCIL",
  FUND = "FUND",
  CENTRE = "CENTRE",
  COMPANY = "COMPANY",
  OTHER = "OTHER",
}
registerEnumType(EntityKind, { name: "EntityKind" });

export enum LiaisonRole {
  PRIMARY = "PRIMARY",
  DEPUTY = "DEPUTY",
  MEDIA = "MEDIA",
  DIGITAL = "DIGITAL",
}
registerEnumType(LiaisonRole, { name: "LiaisonRole" });

export enum MeetingStatus {
  SCHEDULED = "SCHEDULED",
  HELD = "HELD",
  CANCELLED = "CANCELLED",
}
registerEnumType(MeetingStatus, { name: "MeetingStatus" });

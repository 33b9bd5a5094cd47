import { registerEnumType } from "type-graphql";

export enum InitiativeFormat {
  VIDEO_SERIES = "VIDEO_SERIES",
  PRESS_DIALOGUE = "PRESS_DIALOGUE",
  INTERVIEW = "INTERVIEW",
  CAMPAIGN = "CAMPAIGN",
  OTHER = "OTHER",
}
registerEnumType(InitiativeFormat, { name: "InitiativeFormat" });

export enum InitiativeStatus {
  PROPOSED = "PROPOSED",
  ACTIVE = "ACTIVE",
  PAUSED = "PAUSED",
  CONCLUDED = "CONCLUDED",
}
registerEnumType(InitiativeStatus, { name: "InitiativeStatus" });

export enum SessionStatus {
  SCHEDULED = "SCHEDULED",
  HELD = "HELD",
  PUBLISHED = "PUBLISHED",
  CANCELLED = "CANCELLED",
}
registerEnumType(SessionStatus, { name: "SessionStatus" });

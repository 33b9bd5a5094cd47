import { graphqlEnum, type EnumValue } from "@gcn/shared";

export const InitiativeFormat = graphqlEnum(
  "InitiativeFormat",
  "VIDEO_SERIES PRESS_DIALOGUE INTERVIEW CAMPAIGN OTHER",
);
export type InitiativeFormat = EnumValue<typeof InitiativeFormat>;

export const InitiativeStatus = graphqlEnum("InitiativeStatus", "PROPOSED ACTIVE PAUSED CONCLUDED");
export type InitiativeStatus = EnumValue<typeof InitiativeStatus>;

export const SessionStatus = graphqlEnum("SessionStatus", "SCHEDULED HELD PUBLISHED CANCELLED");
export type SessionStatus = EnumValue<typeof SessionStatus>;

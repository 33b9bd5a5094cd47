import {
  changeLockedRow,
  type CommandContext,
  conflict,
  isUniqueViolation,
  requireKnownEntities,
  requireUuid,
} from "@gcn/shared";
import type { DataSource } from "typeorm";
import { assertInitiativeMove } from "../domain/initiative-status.rules";
import type { InitiativeStatus } from "../schema/initiative-enums";
import { MediaInitiativeRow } from "../rows/media-initiative.row";
import { recordInitiativesEvent, type InitiativesEventName } from "../events/published";
import type { ProposeInitiativeInput } from "../schema/initiative.inputs";

export async function proposeInitiative(
  db: DataSource,
  context: CommandContext,
  input: ProposeInitiativeInput,
): Promise<MediaInitiativeRow> {
  const taken = () =>
    conflict(`An initiative with code ${input.code} already exists`, { field: "input.code" });
  const partnerIds = [...new Set(input.partnerIds.map((id) => id.toLowerCase()))];
  try {
    return await db.transaction(async (tx) => {
      const repo = tx.getRepository(MediaInitiativeRow);
      if (await repo.existsBy({ code: input.code })) throw taken();
      await requireKnownEntities(tx, partnerIds, "input.partnerIds");
      const saved = await repo.save(
        repo.create({
          code: input.code,
          titleAr: input.titleAr,
          titleEn: input.titleEn ?? null,
          description: input.description ?? null,
          format: input.format,
          status: "PROPOSED",
          launchedOn: null,
          partnerIds,
        }),
      );
      await recordInitiativesEvent(tx, context, "InitiativeProposed", saved);
      return saved;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

const MOVES: Record<
  "launch" | "pause" | "conclude",
  { to: InitiativeStatus; event: InitiativesEventName }
> = {
  launch: { to: "ACTIVE", event: "InitiativeLaunched" },
  pause: { to: "PAUSED", event: "InitiativePaused" },
  conclude: { to: "CONCLUDED", event: "InitiativeConcluded" },
};

/** launch (PROPOSED|PAUSED -> ACTIVE), pause (ACTIVE -> PAUSED), conclude (ACTIVE|PAUSED -> CONCLUDED). */
export function moveInitiative(
  db: DataSource,
  context: CommandContext,
  id: string,
  move: keyof typeof MOVES,
  launchedOn?: string | null,
): Promise<MediaInitiativeRow> {
  const { to, event } = MOVES[move];
  return changeLockedRow(
    db,
    MediaInitiativeRow,
    requireUuid(id, "id"),
    (initiative) => {
      assertInitiativeMove(initiative.status, to);
      initiative.status = to;
      // The first launch sets the launch day; relaunching after a pause keeps it.
      if (move === "launch" && (launchedOn || !initiative.launchedOn)) {
        initiative.launchedOn = launchedOn ?? new Date().toISOString().slice(0, 10);
      }
    },
    (tx, saved) => recordInitiativesEvent(tx, context, event, saved),
  );
}

import { AggregateRow } from "@gcn/shared";
import { Column, Entity } from "typeorm";
import type { EntityKind } from "../schema/entity-enums";

export interface SocialAccountValue {
  platform: string;
  handle: string;
  url?: string | null;
}

@Entity({ name: "government_entity" })
export class GovernmentEntityRow extends AggregateRow {
  @Column({ type: "text" })
  code!: string;

  @Column({ name: "name_ar", type: "text" })
  nameAr!: string;

  @Column({ name: "name_en", type: "text", nullable: true })
  nameEn!: string | null;

  @Column({ type: "text" })
  kind!: EntityKind;

  @Column({ name: "parent_id", type: "uuid", nullable: true })
  parentId!: string | null;

  @Column({ type: "text", nullable: true })
  website!: string | null;

  @Column({ name: "social_accounts", type: "jsonb", default: () => "'[]'" })
  socialAccounts!: SocialAccountValue[];

  @Column({ type: "boolean", default: true })
  active!: boolean;

  /** Code, English and folded Arabic name, for search that ignores hamza and diacritics. */
  @Column({ name: "search_text", type: "text" })
  searchText!: string;
}

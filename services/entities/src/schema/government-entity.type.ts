import { Platform } from "@gcn/shared";
import { Directive, Field, ID, ObjectType } from "type-graphql";
import { EntityKind } from "./entity-enums";

@ObjectType()
export class SocialAccount {
  @Field((_type) => Platform)
  platform!: Platform;

  @Field()
  handle!: string;

  @Field((_type) => String, { nullable: true })
  url?: string | null;
}

@ObjectType({ description: "A ministry, authority, agency or other member of the network." })
@Directive(`@key(fields: "id")`)
export class GovernmentEntity {
  @Field((_type) => ID)
  id!: string;

  @Field({ description: "Unique, e.g. NCC, MIA, TAMKEEN" })
  code!: string;

  @Field()
  nameAr!: string;

  @Field((_type) => String, { nullable: true })
  nameEn!: string | null;

  @Field((_type) => EntityKind)
  kind!: EntityKind;

  @Field((_type) => String, { nullable: true })
  website!: string | null;

  @Field((_type) => [SocialAccount])
  socialAccounts!: SocialAccount[];

  @Field()
  active!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  /** Not a GraphQL field: the parent's id, resolved to `parent` through a loader. */
  parentId!: string | null;
}

import { DateScalar } from "@gcn/shared";
import { Directive, Field, ID, ObjectType } from "type-graphql";
import { LiaisonRole } from "./entity-enums";

@ObjectType({ description: "A liaison officer representing a government entity in the network." })
@Directive(`@key(fields: "id")`)
export class Liaison {
  @Field((_type) => ID)
  id!: string;

  @Field()
  fullNameAr!: string;

  @Field((_type) => String, { nullable: true })
  fullNameEn!: string | null;

  @Field((_type) => String, { nullable: true })
  jobTitle!: string | null;

  @Field((_type) => LiaisonRole)
  role!: LiaisonRole;

  @Field()
  active!: boolean;

  @Field((_type) => DateScalar)
  appointedOn!: string;

  @Field((_type) => DateScalar, { nullable: true })
  endedOn!: string | null;

  entityId!: string;
  email!: string | null;
  phone!: string | null;
}

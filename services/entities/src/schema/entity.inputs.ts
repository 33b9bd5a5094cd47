import { DateScalar, Platform } from "@gcn/shared";
import {
  ArrayMaxSize,
  IsEmail,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { EntityKind, LiaisonRole } from "./entity-enums";

const HTTP_URL = { protocols: ["http", "https"], require_protocol: true };
const CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,31}$/;

@InputType()
export class SocialAccountInput {
  @Field((_type) => Platform)
  platform!: Platform;

  @Field()
  @Length(1, 100)
  handle!: string;

  @Field((_type) => String, { nullable: true })
  @IsUrl(HTTP_URL, { message: "url must be an http(s) URL" })
  url?: string | null;
}

@InputType()
export class RegisterEntityInput {
  @Field()
  @Matches(CODE_PATTERN, { message: "code must match ^[A-Z][A-Z0-9_]{1,31}$ (e.g. NCC, MIA)" })
  code!: string;

  @Field()
  @Length(2, 200, { message: "nameAr must be 2 to 200 characters" })
  nameAr!: string;

  @Field((_type) => String, { nullable: true })
  @Length(2, 200, { message: "nameEn must be 2 to 200 characters" })
  nameEn?: string | null;

  @Field((_type) => EntityKind)
  kind!: EntityKind;

  @Field((_type) => ID, { nullable: true })
  @IsUUID("all", { message: "parentId must be an ID issued by this platform" })
  parentId?: string | null;

  @Field((_type) => String, { nullable: true })
  @IsUrl(HTTP_URL, { message: "website must be an http(s) URL" })
  website?: string | null;

  @Field((_type) => [SocialAccountInput], { nullable: true })
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  socialAccounts?: SocialAccountInput[] | null;
}

@InputType()
export class UpdateEntityInput {
  @Field((_type) => String, { nullable: true })
  @Length(2, 200, { message: "nameAr must be 2 to 200 characters" })
  nameAr?: string | null;

  @Field((_type) => String, { nullable: true })
  @Length(2, 200, { message: "nameEn must be 2 to 200 characters" })
  nameEn?: string | null;

  @Field((_type) => EntityKind, { nullable: true })
  kind?: EntityKind | null;

  @Field((_type) => ID, { nullable: true })
  @IsUUID("all", { message: "parentId must be an ID issued by this platform" })
  parentId?: string | null;

  @Field((_type) => String, { nullable: true })
  @IsUrl(HTTP_URL, { message: "website must be an http(s) URL" })
  website?: string | null;

  @Field((_type) => [SocialAccountInput], { nullable: true })
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  socialAccounts?: SocialAccountInput[] | null;
}

@InputType()
export class EntityFilter {
  @Field((_type) => EntityKind, { nullable: true })
  kind?: EntityKind | null;

  @Field((_type) => Boolean, { nullable: true })
  active?: boolean | null;

  @Field((_type) => String, { nullable: true })
  @Length(1, 200)
  search?: string | null;
}

const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;

@InputType()
export class AppointLiaisonInput {
  @Field((_type) => ID)
  @IsUUID("all", { message: "entityId must be an ID issued by this platform" })
  entityId!: string;

  @Field()
  @Length(2, 200, { message: "fullNameAr must be 2 to 200 characters" })
  fullNameAr!: string;

  @Field((_type) => String, { nullable: true })
  @Length(2, 200, { message: "fullNameEn must be 2 to 200 characters" })
  fullNameEn?: string | null;

  @Field((_type) => String, { nullable: true })
  @Length(2, 200, { message: "jobTitle must be 2 to 200 characters" })
  jobTitle?: string | null;

  @Field((_type) => LiaisonRole)
  role!: LiaisonRole;

  @Field((_type) => String, { nullable: true })
  @IsEmail({}, { message: "email must be an email address" })
  email?: string | null;

  @Field((_type) => String, { nullable: true })
  @Matches(PHONE, { message: "phone must be a phone number (digits, spaces, + ( ) -)" })
  phone?: string | null;

  @Field((_type) => DateScalar, { nullable: true })
  appointedOn?: string | null;
}

@InputType()
export class UpdateLiaisonInput {
  @Field((_type) => String, { nullable: true })
  @Length(2, 200, { message: "fullNameAr must be 2 to 200 characters" })
  fullNameAr?: string | null;

  @Field((_type) => String, { nullable: true })
  @Length(2, 200, { message: "fullNameEn must be 2 to 200 characters" })
  fullNameEn?: string | null;

  @Field((_type) => String, { nullable: true })
  @Length(2, 200, { message: "jobTitle must be 2 to 200 characters" })
  jobTitle?: string | null;

  @Field((_type) => LiaisonRole, { nullable: true })
  role?: LiaisonRole | null;

  @Field((_type) => String, { nullable: true })
  @IsEmail({}, { message: "email must be an email address" })
  email?: string | null;

  @Field((_type) => String, { nullable: true })
  @Matches(PHONE, { message: "phone must be a phone number (digits, spaces, + ( ) -)" })
  phone?: string | null;
}

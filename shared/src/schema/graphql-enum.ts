import { registerEnumType } from "type-graphql";

/** The values of an enum made by `graphqlEnum`, as a union of string literals. */
export type EnumValue<E> = E[keyof E];

/** `"A B C"` -> `"A" | "B" | "C"`. */
type Words<S extends string> = S extends `${infer Head} ${infer Rest}` ? Head | Words<Rest> : S;

/**
 * A GraphQL enum and its TypeScript values in one statement: `graphqlEnum("PlanStatus",
 * "DRAFT PUBLISHED")` is `{ DRAFT: "DRAFT", PUBLISHED: "PUBLISHED" }`, registered with
 * type-graphql under that name, its values in the order given. Declare
 * `type X = EnumValue<typeof X>` beside it for the type.
 */
export function graphqlEnum<const S extends string>(
  name: string,
  values: S,
): { readonly [K in Words<S>]: K } {
  const members = Object.fromEntries(values.split(" ").map((value) => [value, value])) as {
    [K in Words<S>]: K;
  };
  registerEnumType(members, { name });
  return Object.freeze(members);
}

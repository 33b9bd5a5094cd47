import {
  getNamedType,
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLString,
  isAbstractType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

/**
 * Returned when the data cannot be shaped without Apollo's own rules: a null where the schema
 * says non-null, a value of the wrong kind, an unknown __typename. The caller then lets Apollo's
 * executor make the answer (with its errors), from the same subgraph answers.
 */
export const UNSHAPED = Symbol("unshaped");
/** A shaped value as JSON text, or UNSHAPED. */
type Shaped = string | typeof UNSHAPED;

/** Why an operation's result is not shaped here (Apollo's executor answers it every time). */
export class UnshapeableOperation extends Error {}

/**
 * A field's type compiled once, so that shaping a value asks no graphql-js predicate (each is an
 * instanceOf check, with a slow path outside NODE_ENV=production).
 */
interface ValueKind {
  nonNull: boolean;
  /** A list: the kind of its elements. */
  list?: ValueKind;
  /** A leaf: whether a value is one Apollo's result shaping lets through. */
  leaf?: (value: unknown) => boolean;
  /** An object type: the type itself. */
  object?: GraphQLObjectType;
  /** An interface or union: its object types by name. */
  possible?: ReadonlyMap<string, GraphQLObjectType>;
}

/** One response key of an object: its field's type and, for composite fields, their shape. */
interface FieldShape {
  responseName: string;
  /** `{"responseName":` and `,"responseName":`, the key as it is written first or after another. */
  firstKeyJson: string;
  nextKeyJson: string;
  /** For `__typename`: the object's type name as JSON, whatever the subgraph sent. */
  typenameJson?: string;
  kind?: ValueKind;
  selection?: SelectionShape;
}

/** A response key as the client's selections give it for one concrete type. */
interface CollectedField {
  name: string;
  sets: SelectionSetNode[];
}

const INTEGER = /^-?\d+$/;

/** What JSON.stringify escapes in a string: quote, backslash, controls and lone surrogates. */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A leaf value as JSON.stringify writes it. Most strings need no escape and are quoted as they
 * are (a month page's 1,100 strings: about 60 µs less than JSON.stringify of each); any
 * surrogate, paired or not, goes through JSON.stringify, which escapes the lone ones.
 */
export function leafJson(value: unknown): string {
  if (typeof value === "string" && !NEEDS_ESCAPE.test(value)) return `"${value}"`;
  return JSON.stringify(value) ?? "null";
}

const isInteger = (value: unknown) => typeof value === "number" && INTEGER.test(String(value));

/**
 * Which leaf values Apollo's result shaping lets through (federation's isValidLeafValue):
 * custom scalars take anything, built-in ones their JSON kind, enums their API schema values.
 */
function leafCheck(type: GraphQLLeafType): (value: unknown) => boolean {
  if (type === GraphQLString) return (value) => typeof value === "string";
  if (type === GraphQLID) return (value) => typeof value === "string" || isInteger(value);
  if (type === GraphQLInt) return isInteger;
  if (type === GraphQLFloat) return (value) => typeof value === "number" && Number.isFinite(value);
  if (type === GraphQLBoolean) return (value) => typeof value === "boolean";
  if (isEnumType(type)) {
    const values = new Set(type.getValues().map((value) => value.name));
    return (value) => typeof value === "string" && values.has(value);
  }
  return () => true;
}

function kindOf(schema: GraphQLSchema, type: GraphQLOutputType): ValueKind {
  const nonNull = isNonNullType(type);
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (isListType(nullable)) return { nonNull, list: kindOf(schema, nullable.ofType) };
  if (isLeafType(nullable)) return { nonNull, leaf: leafCheck(nullable) };
  if (isObjectType(nullable)) return { nonNull, object: nullable };
  const possible = new Map(schema.getPossibleTypes(nullable).map((type) => [type.name, type]));
  return { nonNull, possible };
}

/**
 * The client's selection on one position of the result, compiled once per concrete type the
 * data shows there: the response keys in the order the client asked for them, fragments
 * applied, fields asked twice merged. Shaping then walks the subgraphs' merged data once and
 * copies exactly those keys, which is what Apollo's computeResponse does with far more work per
 * value. Directives are refused at compile time (the plans that take this path have none).
 */
export class SelectionShape {
  private readonly byType = new Map<string, FieldShape[]>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly selectionSets: readonly SelectionSetNode[],
    private readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  ) {}

  /** The fields of this selection for an object of `type`, compiled on first use. */
  fieldsFor(type: GraphQLObjectType): FieldShape[] {
    let fields = this.byType.get(type.name);
    if (!fields) {
      fields = this.compile(type);
      this.byType.set(type.name, fields);
    }
    return fields;
  }

  private applies(typeCondition: string | undefined, type: GraphQLObjectType): boolean {
    if (!typeCondition || typeCondition === type.name) return true;
    const condition = this.schema.getType(typeCondition);
    return !!condition && isAbstractType(condition) && this.schema.isSubType(condition, type);
  }

  private collect(
    type: GraphQLObjectType,
    selectionSet: SelectionSetNode,
    into: Map<string, CollectedField>,
    visited: Set<string>,
  ): void {
    for (const selection of selectionSet.selections) {
      if (selection.directives?.length) throw new UnshapeableOperation("directive");
      if (selection.kind === Kind.FIELD) {
        const responseName = selection.alias?.value ?? selection.name.value;
        if (selection.name.value === "__schema" || selection.name.value === "__type") {
          throw new UnshapeableOperation("introspection");
        }
        const collected = into.get(responseName);
        if (!collected) {
          into.set(responseName, {
            name: selection.name.value,
            sets: selection.selectionSet ? [selection.selectionSet] : [],
          });
        } else if (selection.selectionSet) {
          collected.sets.push(selection.selectionSet);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (this.applies(selection.typeCondition?.name.value, type)) {
          this.collect(type, selection.selectionSet, into, visited);
        }
      } else {
        const name = selection.name.value;
        const fragment = this.fragments[name];
        if (!fragment) throw new UnshapeableOperation(`unknown fragment ${name}`);
        if (visited.has(name)) continue;
        visited.add(name);
        if (this.applies(fragment.typeCondition.name.value, type)) {
          this.collect(type, fragment.selectionSet, into, visited);
        }
      }
    }
  }

  private compile(type: GraphQLObjectType): FieldShape[] {
    const collected = new Map<string, CollectedField>();
    const visited = new Set<string>();
    for (const selectionSet of this.selectionSets) {
      this.collect(type, selectionSet, collected, visited);
    }
    const definitions = type.getFields();
    const fields: FieldShape[] = [];
    // Validation made every field under one response name the same field, with one type.
    for (const [responseName, { name, sets }] of collected) {
      const keyJson = `${JSON.stringify(responseName)}:`;
      const key = { responseName, firstKeyJson: `{${keyJson}`, nextKeyJson: `,${keyJson}` };
      if (name === "__typename") {
        fields.push({ ...key, typenameJson: JSON.stringify(type.name) });
        continue;
      }
      const definition = definitions[name];
      if (!definition) throw new UnshapeableOperation(`${type.name}.${name} is not in the schema`);
      const composite = !isLeafType(getNamedType(definition.type));
      if (composite && sets.length === 0)
        throw new UnshapeableOperation(`${type.name}.${name} has no selection`);
      fields.push({
        ...key,
        kind: kindOf(this.schema, definition.type),
        selection: composite ? new SelectionShape(this.schema, sets, this.fragments) : undefined,
      });
    }
    return fields;
  }

  /**
   * The client's whole answer, `{"data":...}` and a newline as Apollo Server writes it, for the
   * merged data of the root object, or UNSHAPED. The text is written as it is shaped, with no
   * copy of the result built first: its pieces are collected and joined once. Joining makes
   * the one flat string the answer is encoded from; built with `+`, every piece was a rope
   * node of its own (about 4,000 for a month page), each allocated, kept alive while the page
   * was shaped and then walked to flatten the text, and the young generation filled sooner.
   */
  shapeAnswer(root: Record<string, unknown>, type: GraphQLObjectType): Shaped {
    const out = ['{"data":'];
    if (!this.writeObject(root, type, out)) return UNSHAPED;
    out.push("}\n");
    return out.join("");
  }

  /**
   * Writes one object of the merged data. Keys keep the client's order: response names are
   * never integer-like, so JSON.stringify of the copy would have written the same text.
   */
  private writeObject(
    input: Record<string, unknown>,
    type: GraphQLObjectType,
    out: string[],
  ): boolean {
    const fields = this.fieldsFor(type);
    if (fields.length === 0) {
      out.push("{}");
      return true;
    }
    for (let index = 0; index < fields.length; index++) {
      const field = fields[index]!;
      out.push(index === 0 ? field.firstKeyJson : field.nextKeyJson);
      if (field.typenameJson !== undefined) out.push(field.typenameJson);
      else if (!this.write(field.kind!, input[field.responseName], field.selection, out)) {
        return false;
      }
    }
    out.push("}");
    return true;
  }

  private write(
    kind: ValueKind,
    value: unknown,
    selection: SelectionShape | undefined,
    out: string[],
  ): boolean {
    if (value === null || value === undefined) {
      if (kind.nonNull) return false;
      out.push("null");
      return true;
    }
    if (kind.list) {
      if (!Array.isArray(value)) return false;
      if (value.length === 0) {
        out.push("[]");
        return true;
      }
      for (let index = 0; index < value.length; index++) {
        out.push(index === 0 ? "[" : ",");
        if (!this.write(kind.list, value[index], selection, out)) return false;
      }
      out.push("]");
      return true;
    }
    // A leaf as JSON.stringify writes it inside a result (a custom scalar's object included).
    if (kind.leaf) {
      if (!kind.leaf(value)) return false;
      out.push(leafJson(value));
      return true;
    }
    if (typeof value !== "object" || Array.isArray(value) || !selection) return false;
    const object = value as Record<string, unknown>;
    const typename = object.__typename;
    let runtime: GraphQLObjectType | undefined;
    if (kind.object) {
      // Apollo takes the type the data names; here it must be the field's own.
      if (typename !== undefined && typename !== kind.object.name) return false;
      runtime = kind.object;
    } else {
      runtime = typeof typename === "string" ? kind.possible?.get(typename) : undefined;
      if (!runtime) return false;
    }
    return selection.writeObject(object, runtime, out);
  }
}

import { createHash } from "node:crypto";
import {
  getNamedType,
  getOperationAST,
  isObjectType,
  Kind,
  OperationTypeNode,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from "graphql";
import { getArgumentValues, getVariableValues } from "graphql/execution/values";
import { coded } from "@gcn/shared";
import { subscriptionField, type SubscriptionField } from "./subscription-fields";

/** The envelope part of a change, as the change type's fields name it. */
export interface ChangeEnvelope {
  id: string;
  type: string;
  sequence: string;
  time: string;
  actor: string;
  cursor: string;
}

/** What one subscription operation needs for each event: its field, filters, record query, shape. */
export interface SubscriptionPlan {
  document: DocumentNode;
  schema: GraphQLSchema;
  field: SubscriptionField;
  /** The root field's response key (its alias, or its name). */
  rootKey: string;
  /** The root field's arguments, coerced (period, ownerId, after, ...). */
  args: Record<string, unknown>;
  /**
   * The query that reads the changed record for this subscriber, `$__gcnId` its id, with the
   * variables it uses; undefined when the subscription selects no record.
   */
  recordQuery?: { query: string; variables: Record<string, unknown> };
  /**
   * Names what the subscription's results depend on, its cursor aside (the document and every
   * variable but the one `after` takes): subscribers with the same key and visibility are sent
   * the same result for a live event.
   */
  shareKey: string;
  /** The `data` of one change's result. */
  shape(change: ChangeEnvelope, records: Record<string, unknown> | null): Record<string, unknown>;
}

type Fragments = Record<string, FragmentDefinitionNode>;

function included(node: SelectionNode, variables: Record<string, unknown>): boolean {
  for (const directive of node.directives ?? []) {
    const name = directive.name.value;
    if (name !== "skip" && name !== "include") continue;
    const argument = directive.arguments?.find((arg) => arg.name.value === "if")?.value;
    const value =
      argument?.kind === Kind.VARIABLE
        ? Boolean(variables[argument.name.value])
        : argument?.kind === Kind.BOOLEAN && argument.value;
    if (name === "skip" ? value : !value) return false;
  }
  return true;
}

/** The fields of a selection set on `typeName`, through its fragments, in order. */
function fieldsOf(
  selectionSet: SelectionSetNode,
  typeName: string,
  fragments: Fragments,
  variables: Record<string, unknown>,
): FieldNode[] {
  return selectionSet.selections.flatMap((selection): FieldNode[] => {
    if (!included(selection, variables)) return [];
    if (selection.kind === Kind.FIELD) return [selection];
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
    if (!fragment) return [];
    const on = fragment.typeCondition?.name.value;
    return on && on !== typeName
      ? []
      : fieldsOf(fragment.selectionSet, typeName, fragments, variables);
  });
}

/** The variables and fragments a piece of a document uses, fragments followed. */
function usedBy(nodes: SelectionSetNode[], fragments: Fragments) {
  const variables = new Set<string>();
  const used = new Set<string>();
  const pending = [...nodes];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      Variable: (node) => void variables.add(node.name.value),
      FragmentSpread: (node) => {
        const name = node.name.value;
        if (!used.has(name) && fragments[name]) {
          used.add(name);
          pending.push(fragments[name].selectionSet);
        }
      },
    });
  }
  return { variables, fragments: [...used].map((name) => fragments[name]!) };
}

const refuse = (message: string) => coded("BAD_REQUEST", message);

/**
 * Plans a validated subscription document: its one root field, its coerced arguments, and the
 * query that reads the changed record through the gateway's own planning, as a query for that
 * record would.
 */
export function planSubscription(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  rawVariables: Record<string, unknown> | undefined | null,
): SubscriptionPlan {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) {
    throw coded("OPERATION_RESOLUTION_FAILURE", "operationName names no operation of the document");
  }
  if (operation.operation !== "subscription") {
    throw coded(
      "OPERATION_NOT_SUPPORTED",
      "Only subscriptions go over this transport; send queries and mutations to POST /graphql",
    );
  }
  const subscriptionType = schema.getSubscriptionType()!;
  const coercion = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    rawVariables ?? {},
  );
  if (coercion.errors) throw coercion.errors[0]!;
  const variables = coercion.coerced;
  const fragments: Fragments = Object.fromEntries(
    document.definitions
      .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((definition) => [definition.name.value, definition]),
  );
  const roots = fieldsOf(operation.selectionSet, subscriptionType.name, fragments, variables);
  if (roots.length !== 1) throw refuse("A subscription selects exactly one field");
  const root = roots[0]!;
  const field = subscriptionField(root.name.value);
  const fieldDef = subscriptionType.getFields()[root.name.value];
  if (!field || !fieldDef) throw refuse(`No subscription field ${root.name.value}`);
  const args = getArgumentValues(fieldDef, root, variables);
  const changeType = getNamedType(fieldDef.type) as GraphQLObjectType;
  if (!isObjectType(changeType)) throw refuse(`${root.name.value} returns no object type`);
  const changeFields = root.selectionSet
    ? fieldsOf(root.selectionSet, changeType.name, fragments, variables)
    : [];
  const recordQuery = recordQueryOf(field, changeFields, operation, fragments, variables);
  const rootKey = root.alias?.value ?? root.name.value;
  const afterArgument = root.arguments?.find((argument) => argument.name.value === "after")?.value;
  const shared = { ...variables };
  if (afterArgument?.kind === Kind.VARIABLE) delete shared[afterArgument.name.value];
  const shareKey = createHash("sha256")
    .update(`${print(document)}\n${operation.name?.value ?? ""}\n${JSON.stringify(shared)}`)
    .digest("base64url");
  return {
    document,
    schema,
    field,
    rootKey,
    args,
    recordQuery,
    shareKey,
    shape: (change, records) => ({
      [rootKey]: shapeChange(changeFields, changeType.name, field.recordField, change, records),
    }),
  };
}

function recordQueryOf(
  field: SubscriptionField,
  changeFields: FieldNode[],
  operation: OperationDefinitionNode,
  fragments: Fragments,
  variables: Record<string, unknown>,
): SubscriptionPlan["recordQuery"] {
  // One read per response key under which the subscription selects the record.
  const byKey = new Map<string, SelectionSetNode[]>();
  for (const node of changeFields) {
    if (node.name.value !== field.recordField || !node.selectionSet) continue;
    const key = node.alias?.value ?? node.name.value;
    byKey.set(key, [...(byKey.get(key) ?? []), node.selectionSet]);
  }
  if (byKey.size === 0) return undefined;
  const sets = [...byKey.values()].flat();
  const used = usedBy(sets, fragments);
  const idVariable: VariableDefinitionNode = {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: "__gcnId" } },
    type: {
      kind: Kind.NON_NULL_TYPE,
      type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: "ID" } },
    },
  };
  const query: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        name: { kind: Kind.NAME, value: "GcnChangeRecord" },
        variableDefinitions: [
          idVariable,
          ...(operation.variableDefinitions ?? []).filter((definition) =>
            used.variables.has(definition.variable.name.value),
          ),
        ],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [...byKey].map(([key, selectionSets]) => ({
            kind: Kind.FIELD,
            alias: { kind: Kind.NAME, value: key },
            name: { kind: Kind.NAME, value: field.recordQuery },
            arguments: [
              {
                kind: Kind.ARGUMENT,
                name: { kind: Kind.NAME, value: "id" },
                value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: "__gcnId" } },
              },
            ],
            selectionSet: {
              kind: Kind.SELECTION_SET,
              selections: selectionSets.flatMap((set) => set.selections),
            },
          })),
        },
      },
      ...used.fragments,
    ],
  };
  return {
    query: print(query),
    variables: Object.fromEntries(
      [...used.variables]
        .filter((name) => name in variables)
        .map((name) => [name, variables[name]]),
    ),
  };
}

function shapeChange(
  fields: FieldNode[],
  typeName: string,
  recordField: string,
  change: ChangeEnvelope,
  records: Record<string, unknown> | null,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const node of fields) {
    const key = node.alias?.value ?? node.name.value;
    const name = node.name.value;
    if (name === "__typename") result[key] = typeName;
    else if (name === recordField) result[key] = records?.[key] ?? null;
    else result[key] = change[name as keyof ChangeEnvelope];
  }
  return result;
}

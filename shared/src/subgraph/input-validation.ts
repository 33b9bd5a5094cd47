import { validate, type ValidationError } from "class-validator";
import type { ValidatorFn } from "type-graphql";
import { badUserInput } from "../errors/coded-errors";

function firstProblem(
  errors: ValidationError[],
  path: string[],
): { field: string; message: string } | null {
  for (const error of errors) {
    const here = [...path, error.property];
    if (error.constraints) {
      const message = Object.values(error.constraints)[0]!;
      return { field: here.join("."), message };
    }
    const nested = firstProblem(error.children ?? [], here);
    if (nested) return nested;
  }
  return null;
}

/**
 * Which argument is being validated: type-graphql passes the converted instance, not the raw
 * value, so the match is by shape (the only object argument, or the one with the same content).
 */
function argumentNameOf(args: Record<string, unknown>, argValue: object): string {
  const candidates = Object.keys(args).filter(
    (name) =>
      typeof args[name] === "object" &&
      args[name] !== null &&
      Array.isArray(args[name]) === Array.isArray(argValue),
  );
  if (candidates.length === 1) return candidates[0]!;
  const same = candidates.find((name) => JSON.stringify(args[name]) === JSON.stringify(argValue));
  return same ?? candidates[0] ?? "input";
}

/**
 * Validates input objects with class-validator (what `validate: true` does) but answers with
 * contract.md's error: BAD_USER_INPUT whose `extensions.field` names the input, e.g. `input.code`.
 */
export const validateInput: ValidatorFn = async (argValue, _argType, { args }) => {
  if (argValue === null || typeof argValue !== "object") return;
  const argName = argumentNameOf(args, argValue);
  const items: unknown[] = Array.isArray(argValue) ? argValue : [argValue];
  for (const [index, item] of items.entries()) {
    if (item === null || typeof item !== "object") continue;
    const errors = await validate(item, {
      skipMissingProperties: true,
      forbidUnknownValues: false,
    });
    const problem = firstProblem(
      errors,
      Array.isArray(argValue) ? [argName, String(index)] : [argName],
    );
    if (problem) throw badUserInput(`${problem.field}: ${problem.message}`, problem.field);
  }
};

import type { AuthChecker } from "type-graphql";
import type { RequestContext } from "../subgraph/request-context";
import { hasRole, type Role } from "./identity";

/**
 * type-graphql's `@Authorized(...roles)`: the caller needs one of the roles; `@Authorized()`
 * with none needs only an authenticated caller. Ownership rules (a liaison's own entity) live in
 * the commands, which know the record.
 */
export const roleAuthChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  if (!context.identity) return false;
  return roles.length === 0 || hasRole(context.identity, ...roles);
};

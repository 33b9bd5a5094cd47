import path from "node:path";
import express, { type Router } from "express";
import { savedOperations } from "./saved-operations";

const STATIC_DIR = path.resolve(__dirname, "../../../explorer");

/** A file of an installed npm package (the packages' "exports" do not list their UMD builds). */
function packageFile(name: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${name}/package.json`)), file);
}

/** Where each vendored asset comes from: files of the npm packages, never a CDN. */
const VENDOR_ASSETS: Record<string, string> = {
  "react.js": packageFile("react", "umd/react.production.min.js"),
  "react-dom.js": packageFile("react-dom", "umd/react-dom.production.min.js"),
  "graphiql.js": packageFile("graphiql", "graphiql.min.js"),
  "graphiql.css": packageFile("graphiql", "graphiql.min.css"),
};

/**
 * The page allows nothing but this origin, so a browser on a closed government network never
 * tries to reach outside. GraphiQL's editors set inline styles, hence 'unsafe-inline' for styles.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The self-hosted GraphiQL explorer at /explorer: works with no internet access at all. */
export function explorerRouter(timeZone: string): Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    res.setHeader("X-Content-Type-Options", "nosniff");
    next();
  });
  router.get("/saved-operations.json", (_req, res) => {
    res.json(savedOperations(timeZone));
  });
  router.get("/vendor/:asset", (req, res, next) => {
    const file = VENDOR_ASSETS[req.params.asset];
    if (!file) return next();
    res.sendFile(file, { maxAge: "1d" });
  });
  // "/explorer" without the slash would resolve ./explorer.js against "/".
  router.get("/", (req, res, next) => {
    if (!req.originalUrl.split("?")[0]!.endsWith("/")) return res.redirect(301, "/explorer/");
    next();
  });
  router.use(express.static(STATIC_DIR, { index: "index.html" }));
  return router;
}

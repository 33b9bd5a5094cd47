// Type-aware linting: no-floating-promises needs type information, so every package's tsconfig
// is handed to the parser through projectService.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "infra/kafka/**",
      ".data/**",
      "**/*.mjs",
      // What a benchmark run leaves: results, logs and the peers' working files.
      "bench/results/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The explorer's page script runs in the browser, next to the vendored UMD bundles.
    files: ["gateway/explorer/**/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: Object.fromEntries(
        [
          "window",
          "document",
          "fetch",
          "AbortController",
          "TextDecoder",
          "URL",
          "sessionStorage",
          "console",
          "React",
          "ReactDOM",
          "GraphiQL",
        ].map((name) => [name, "readonly"]),
      ),
    },
  },
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["describe", "it", "test", "suite"] },
          ],
        },
      ],
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { arguments: false } },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "off",
    },
  },
);

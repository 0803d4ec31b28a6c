// One linter for the whole workspace: type-aware typescript-eslint, strict.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/coverage/**", "**/*.config.*", "**/.turbo/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // Each service reads its environment in one place, its src/config.ts; libraries never do.
    files: ["services/*/src/**/*.ts", "packages/*/src/**/*.ts"],
    ignores: ["services/*/src/config.ts", "packages/testkit/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read settings only in the service's src/config.ts and pass them on." },
      ],
    },
  },
  {
    files: ["**/test/**", "**/bench/**", "**/scripts/**", "**/*.test.ts"],
    rules: { "no-console": "off", "@typescript-eslint/no-floating-promises": "off" },
  },
);

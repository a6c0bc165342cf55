// ESLint for the browser code, as ruff is for the Python: run by `./dev test`.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "site/", "build/", ".*/", "bench-results/", "test-screenshots/"] },
  js.configs.recommended,
  {
    // The calculator page's modules: app.js, the entry point, and the modules
    // it imports (ES modules, every file of the folder but the three below).
    files: ["sitegen/bundle/static/calculator/*.js"],
    ignores: ["sitegen/bundle/static/calculator/{worker,boot,fallback}.js"],
    languageOptions: { sourceType: "module", globals: globals.browser },
  },
  {
    files: ["sitegen/bundle/static/calculator/worker.js"],
    languageOptions: { sourceType: "module", globals: globals.worker },
  },
  {
    files: ["sitegen/bundle/static/site/service_worker.js"],
    languageOptions: { sourceType: "script", globals: globals.serviceworker },
  },
  {
    // Classic scripts: run before (or without) module support.
    files: ["sitegen/bundle/static/calculator/boot.js", "sitegen/bundle/static/calculator/fallback.js",
            "sitegen/staff/live_reload.js", "overrides/assets/site/**/*.js"],
    languageOptions: { sourceType: "script", globals: globals.browser },
  },
  {
    // The theme's own inline scripts, moved to files for the CSP (vendored,
    // see their headers): the theme's globals, its empty catch blocks.
    files: ["overrides/assets/site/md/*.js"],
    languageOptions: {
      globals: { __md_get: "writable", __md_set: "writable", __md_hash: "writable", __md_scope: "writable" },
    },
    rules: { "no-empty": ["error", { allowEmptyCatch: true }] },
  },
  {
    // The staff editor's widget: a classic script after Decap CMS's bundle.
    files: ["sitegen/staff/static/admin/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: { ...globals.browser, CMS: "readonly", h: "readonly", createClass: "readonly" },
    },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
  {
    rules: {
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
      "no-var": "off", // classic scripts keep ES5 syntax for old browsers' fallback message
    },
  },
];

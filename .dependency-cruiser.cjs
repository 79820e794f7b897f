/**
 * The house rules of src/ (issue 11), checked by `npm run lint`: no import circle, and imports point down the
 * layers only. A layer may import itself and any layer listed before it:
 *
 *   domain → io → catalog → readers → select → estimate → judge → render → pipeline, eval → runtime
 *   → survey → github → settings → doors/http → doors/github-app, doors/review-platform → server → doors/cli
 *
 * The two server doors never import each other (they meet in doors/http/door-context.ts, composed by
 * server.ts); the CLI is the top: its `sync` runs the server's composition without HTTP.
 */
const LAYERS = [
  ["domain", "^src/domain/"],
  ["io", "^src/io/"],
  ["catalog", "^src/catalog/"],
  ["readers", "^src/readers/"],
  ["select", "^src/select/"],
  ["estimate", "^src/estimate/"],
  ["judge", "^src/judge/"],
  ["render", "^src/render/"],
  ["pipeline", "^src/(pipeline\\.ts|eval/)"],
  ["runtime", "^src/runtime/"],
  ["survey", "^src/survey/"],
  ["github", "^src/github/"],
  ["settings", "^src/settings(-docs)?\\.ts$"],
  ["doors/http", "^src/doors/http/"],
  ["server doors", "^src/doors/(github-app|review-platform)/"],
  ["server", "^src/server\\.ts$"],
  ["cli", "^src/doors/cli/"],
];

const upward = LAYERS.slice(0, -1).map(([name, path], index) => ({
  name: `no-upward-import-from-${name.replace(/[^a-z]+/g, "-")}`,
  comment: `${name} may import only itself and the layers below it (see the header of .dependency-cruiser.cjs)`,
  severity: "error",
  from: { path },
  to: { path: LAYERS.slice(index + 1).map(([, p]) => p) },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "an import circle ties modules together: one of them belongs in a lower layer",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "doors-never-import-each-other",
      comment:
        "the GitHub App and the review platform meet in doors/http/door-context.ts, composed by server.ts",
      severity: "error",
      from: { path: "^src/doors/github-app/" },
      to: { path: "^src/doors/review-platform/" },
    },
    {
      name: "doors-never-import-each-other-back",
      severity: "error",
      from: { path: "^src/doors/review-platform/" },
      to: { path: "^src/doors/github-app/" },
    },
    {
      name: "no-orphans-in-src",
      comment: "a module nothing imports is dead code (entry points excepted)",
      severity: "error",
      from: {
        orphan: true,
        path: "^src/",
        pathNot: [
          "^src/server\\.ts$",
          "^src/doors/cli/main\\.ts$",
          "worker\\.(ts|js)$",
          "\\.d\\.ts$",
          "\\.json$",
        ],
      },
      to: {},
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|node_modules|test|scripts|fixtures)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.build.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};

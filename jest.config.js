/** Jest in native ESM mode: probot and @octokit are ESM-only (see ../shared/research/npm-feasibility.md). */
export default {
  testEnvironment: "<rootDir>/test/helpers/node-environment.cjs",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "es6" } },
    ],
  },
  testTimeout: 20000,
};

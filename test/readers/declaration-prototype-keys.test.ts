/** Regression (found by the declaration property test): property names that are Object's own methods. */
import { describe, expect, it } from "@jest/globals";
import { parseDeclaration } from "../../src/readers/declaration.js";

describe("a footprint.yml whose property names are Object's methods", () => {
  it.each(["hasOwnProperty", "constructor", "toString", "__proto__"])(
    "reports %s as an unknown property instead of crashing",
    (key) => {
      const result = parseDeclaration("footprint.yml", `${key}: 1\nlocation:\n  ${key}: x\n`);
      expect(result.errors.map((e) => e.property)).toEqual([key, `location.${key}`]);
      expect(result.errors.every((e) => e.reason.startsWith("unknown property"))).toBe(true);
    },
  );
});

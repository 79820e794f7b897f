/**
 * Fuzzing settings shared by the property tests: a fixed seed and a small number of runs in CI (`npm test`),
 * long random runs with `npm run fuzz` (FUZZ_RUNS, FUZZ_SEED). A failure prints its seed and path, so it can be
 * replayed and turned into a regression test.
 */
import fc from "fast-check";

const runs = Number(process.env.FUZZ_RUNS ?? "");
const seed =
  process.env.FUZZ_SEED === "random" ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 20261206);

/** Parameters for `fc.assert`: `base` runs in CI, FUZZ_RUNS in a long run. */
export function fuzzParameters(base: number): fc.Parameters<unknown> {
  return { seed, numRuns: Number.isFinite(runs) && runs > 0 ? runs : base, endOnFailure: true };
}

/** Per-test timeout that grows with the number of runs of a long fuzzing session. */
export function fuzzTimeout(baseMs: number): number {
  return Number.isFinite(runs) && runs > 0 ? baseMs * Math.max(1, runs / 50) : baseMs;
}

/** Strings from an alphabet that matters to a parser, mixed with arbitrary unicode. */
export function tokens(alphabet: string[], maxLength = 80): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(fc.constantFrom(...alphabet), fc.string({ maxLength: 6 }), fc.constantFrom("\n", " ", "\t")),
      {
        maxLength,
      },
    )
    .map((parts) => parts.join(""));
}

/**
 * Documents of a format built from line templates (`{n}` becomes a number, `{w}` a word), with lines of raw
 * tokens mixed in: mostly well-formed, so the fuzzing reaches past the parser into the readers' logic.
 */
export function documents(templates: string[], garbage: string[], maxLines = 30): fc.Arbitrary<string> {
  const number = fc.oneof(
    fc.integer({ min: -5, max: 100_000 }).map(String),
    fc.constantFrom("1e-4", "0.5", "1_000", "2**10", "8", "300", "256", "NaN", "-1", "1e309"),
  );
  const word = fc.oneof(
    fc.constantFrom("train", "epochs", "x", "a-b", "@cfg.txt", "$HOME", "*a"),
    fc.string({ maxLength: 5 }),
  );
  const line = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...templates), number, word)
        .map(([t, n, w]) => t.replaceAll("{n}", n).replaceAll("{w}", w)),
    },
    { weight: 1, arbitrary: tokens(garbage, 8) },
  );
  return fc.array(line, { maxLength: maxLines }).map((lines) => lines.join("\n"));
}

/**
 * A config file is parsed only when it mentions a key the reader knows (or a Hydra defaults list). Data files
 * that happen to be JSON (vocabularies, annotations, plot data) are skipped without parsing.
 */
import table from "../data/parameter-names.json" with { type: "json" };

const KEYS = table.entries
  .flatMap((entry) => entry.names)
  .sort((a, b) => b.length - a.length)
  .map((name) => name.replace(/_/g, "[_-]"))
  .join("|");

export const CONFIG_PREFILTER = new RegExp(
  `(?:^|[\\s"'{,.\\[])(?:${KEYS})["']?\\s*[:=]|^defaults\\s*:`,
  "im",
);

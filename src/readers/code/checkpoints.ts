/**
 * Well-known pretrained checkpoints and their authors' parameter counts (`data/checkpoints.json`), so that
 * `from_pretrained("bert-base-uncased")` can tell the model's size. Unknown names give null: we never guess a
 * size from a name.
 */
import { z } from "zod";
import type { Fact } from "../../domain/facts.js";
import catalog from "./data/checkpoints.json" with { type: "json" };
import { CONFIDENCE } from "./evidence.js";

const Catalog = z.object({
  checkpoints: z.array(
    z.object({
      id: z.string(),
      aliases: z.array(z.string()),
      params: z.number().positive(),
      source: z.string().min(10),
    }),
  ),
});

export interface Checkpoint {
  id: string;
  params: number;
  source: string;
}

const BY_NAME = new Map<string, Checkpoint>();
for (const entry of Catalog.parse(catalog).checkpoints) {
  const checkpoint = { id: entry.id, params: entry.params, source: entry.source };
  for (const name of [entry.id, ...entry.aliases]) BY_NAME.set(name.toLowerCase(), checkpoint);
}

/** The catalog entry for a checkpoint name as written in code (case-insensitive, exact), or null. */
export function lookupCheckpoint(name: string): Checkpoint | null {
  return BY_NAME.get(name.trim().toLowerCase()) ?? null;
}

/**
 * For every `model_name` fact naming a catalogued checkpoint, adds a `params` fact with the same evidence
 * (the line that loads the checkpoint), tagged with the catalog entry so a reader can check the figure's source.
 */
export function withCheckpointParams(facts: Fact[]): Fact[] {
  const added: Fact[] = [];
  for (const fact of facts) {
    if (fact.field !== "model_name" || typeof fact.value !== "string") continue;
    const checkpoint = lookupCheckpoint(fact.value);
    if (!checkpoint) continue;
    added.push({
      ...fact,
      field: "params",
      value: checkpoint.params,
      raw: fact.value,
      confidence: Math.min(fact.confidence, CONFIDENCE.checkpointCatalog),
      tags: [...(fact.tags ?? []), "checkpoint_catalog", `source:${checkpoint.source}`],
    });
  }
  return added.length > 0 ? [...facts, ...added] : facts;
}

/**
 * Turns a free hardware spelling ("Tesla V100-SXM2-32GB", "Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz",
 * "TPU v3-32 pod slice") into a lookup key plus the attributes that pick a variant: memory size, form factor
 * and TPU slice size. The catalog indexes its aliases with the same function, so both sides agree.
 */

export type FormFactor = "sxm" | "pcie" | "nvl";

export interface ParsedSpelling {
  /** Lower-case alphanumerics left after removing vendor words, memory, form factor and slice size. */
  key: string;
  memory_gb?: number;
  form?: FormFactor;
  /** The number after a TPU version ("v3-32" → 32): TensorCores for v2–v4/v5p, chips for v5e/v6e. */
  slice_cores?: number;
}

/** Words that carry no identity: vendor and product-line names, generic nouns. */
const NOISE_WORDS =
  /\b(nvidia|tesla|geforce|quadro|amd|radeon|instinct|intel|habana|google|cloud|apple|gpus?|graphics|cards?|chips?|accelerators?|tensor\s+cores?|processors?|cpus?|pod|slices?|soc|silicon|hbm\d?e?|gddr\d+x?)\b/g;

export function parseHardwareSpelling(raw: string): ParsedSpelling {
  const out: ParsedSpelling = { key: "" };
  let s = raw
    .toLowerCase()
    .replace(/\((r|tm)\)|®|™/g, " ")
    .replace(/@\s*[\d.]+\s*[gm]hz\b/g, " ")
    .replace(/_/g, " ")
    .replace(/^\s*\d+\s*[x×]\s*/, " ")
    // Slurm gres syntax "gpu:a100:4": the trailing count is not part of the name.
    .replace(/:\s*\d+\s*$/, " ")
    // CPU brand strings end in "64-Core Processor" / "8-Core Processor": the core count is not part of the model.
    .replace(/\b\d+-core\s+processor\b/g, " ");

  const memory = /(\d{1,3}(?:\.\d+)?)\s*-?\s*gb\b/.exec(s);
  if (memory) {
    out.memory_gb = Number(memory[1]);
    s = s.replace(memory[0], " ");
  }
  const form = /\b(sxm\d?|pci-?e|pci\s+express|nvl)\b/.exec(s);
  if (form) {
    out.form = form[1]!.startsWith("sxm") ? "sxm" : form[1] === "nvl" ? "nvl" : "pcie";
    s = s.replace(form[0], " ");
  }
  // A TPU slice name: "TPU v3-32", "v4-8", "v5litepod-16". Only when the text is about a TPU, so that
  // "V100-32" is not read as a slice.
  const slice = /\b(v\d+[a-z]*|v5litepod)\s*-\s*(\d{1,5})\b/.exec(s);
  if (slice && (/tpu/.test(s) || new RegExp(`^\\s*${slice[0]}\\s*$`).test(s) || slice[1] === "v5litepod")) {
    out.slice_cores = Number(slice[2]);
    s = s.replace(slice[0], ` ${slice[1]} `);
    if (!/tpu/.test(s) && slice[1] !== "v5litepod") s = `tpu ${s}`;
  }
  s = s.replace(NOISE_WORDS, " ").replace(/\bcore\s+(?=i\d)/g, " ");
  out.key = s.replace(/[^a-z0-9]/g, "");
  return out;
}

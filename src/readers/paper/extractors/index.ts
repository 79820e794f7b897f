/** The registry of paper extractors, in the order they run. Adding one is a module and a line here. */
import { broadExtractor } from "./broad.js";
import { energyExtractor } from "./energy.js";
import { hardwareExtractor } from "./hardware.js";
import { hyperparameterExtractor } from "./hyperparameters.js";
import { locationExtractor } from "./location.js";
import { modelSizeExtractor } from "./model-size.js";
import { runsExtractor } from "./runs.js";
import { timeExtractor } from "./time.js";
import type { Extractor } from "./types.js";

export const DEFAULT_EXTRACTORS: readonly Extractor[] = [
  hardwareExtractor,
  timeExtractor,
  hyperparameterExtractor,
  modelSizeExtractor,
  locationExtractor,
  energyExtractor,
  runsExtractor,
  broadExtractor,
];

export type { Extractor, Candidate, SentenceView } from "./types.js";

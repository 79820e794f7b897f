/**
 * The registry of checklist items. Each item is one module; adding one is a module, a line here, and a line in
 * the venue profiles that use it (data/venue-profiles.json).
 */
import { acceleratorCountItem } from "./accelerator-count.js";
import { consistencyItem } from "./consistency.js";
import { energyEmissionsItem } from "./energy-emissions.js";
import { hardwareItem } from "./hardware.js";
import { inferenceCostItem } from "./inference-cost.js";
import { locationItem } from "./location.js";
import { memoryItem } from "./memory.js";
import { modelSizeItem } from "./model-size.js";
import { runsItem } from "./runs.js";
import { totalComputeItem } from "./total-compute.js";
import { trainingTimeItem } from "./training-time.js";
import type { ChecklistItem } from "./types.js";
import { venueAnswerItem } from "./venue-answer.js";

export const CHECKLIST_ITEMS: ReadonlyMap<string, ChecklistItem> = new Map(
  [
    hardwareItem,
    acceleratorCountItem,
    memoryItem,
    trainingTimeItem,
    totalComputeItem,
    runsItem,
    modelSizeItem,
    locationItem,
    energyEmissionsItem,
    inferenceCostItem,
    consistencyItem,
    venueAnswerItem,
  ].map((item) => [item.id, item]),
);

export type { ChecklistItem, ItemOutcome } from "./types.js";

import { fieldItem } from "./field-item.js";

/** The accelerator or CPU model: the first thing every venue checklist asks. */
export const hardwareItem = fieldItem({
  id: "hardware",
  title: "Hardware type (accelerator or CPU model)",
  field: "hardware",
  noun: "which accelerator or CPU model was used",
});

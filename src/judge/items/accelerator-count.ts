import { fieldItem } from "./field-item.js";

/** How many accelerators one run used: with the time, it gives the compute. */
export const acceleratorCountItem = fieldItem({
  id: "accelerator_count",
  title: "Number of accelerators",
  field: "accelerator_count",
  noun: "how many accelerators one run used",
});

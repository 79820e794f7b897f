import { fieldItem } from "./field-item.js";

/** The model's number of parameters (ACL C1). */
export const modelSizeItem = fieldItem({
  id: "model_size",
  title: "Model size (parameters)",
  field: "params",
  noun: "how many parameters the model has",
});

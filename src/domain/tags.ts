/**
 * The qualifiers a fact can carry, one vocabulary for every reader and every step that interprets them. A tag
 * says how a value was stated or configured; the summary, the cross-check and the items read tags, never text.
 */
export const FACT_TAGS = [
  // how a paper states a value
  "total", // a total over the run or the project ("in total", "overall")
  "project_total", // the whole project's compute (search, failed runs), not the main run's
  "per_node", // "8 GPUs per node"
  "per_device", // a per-device batch size
  "global", // a global batch size
  "tokens", // a batch size in tokens
  "article", // a count read from an article ("a GPU", "an A100")
  "active", // active parameters of a mixture of experts
  "accelerator", // hardware that is an accelerator (not a CPU)
  "gpu_count", // a count stated with the device ("4 GPUs")
  "unverified", // a value the reader could not confirm in context
  "readme_prose", // a value from a README's prose rather than a command
  "notebook_runtime", // the GPU a notebook's saved Colab metadata names for its runtime
  // how code configures a value
  "launch", // set on a launch command
  "override", // a launch command overriding a default
  "overridden", // a default a launch command overrides (does not run)
  "built_with", // a class field's default the main run replaces when it builds the class (`TrainConfig(epochs=…)`)
  "variant", // set on a launch that is not the plain run (a README example, a fast target, a sweep, a resume)
  "forwarded", // a caller's argument carried through a shell script into the command it starts
  "default", // an argument parser's default
  "function_default", // a function parameter's default
  "argfile", // an argument file (`@args.txt`, flagfile)
  "scheduler", // a batch-scheduler directive
  "slurm",
  "directive",
  "srun",
  "array_job",
  "time_limit", // a scheduler's time limit: an upper bound, not a duration
  "cuda_visible_devices",
  "device_index", // `cuda:2`: which device, not how many
  "num_machines",
  "multiplied", // a value multiplied by a factor in code
  "one_node", // a launcher's per-node count on one node only (torchrun with no multi-node option): the total
  "dict_entry",
  "list",
  "hydra",
  "yaml",
  "json",
  "toml",
  "ini",
  "config_inferred", // a config linked to its script by the keys it reads, not by a written path
  "other_language", // a one-line statement in a language the code reader does not analyse (R, Julia, C++...)
  "deepspeed",
  "accelerate",
  "effective", // an effective (global) batch computed from per-device × devices × accumulation
  "derived", // computed from other facts (GPU-hours from count × time); carries a `note`
  // measurements
  "repository_total",
  "subset",
  "tracked_duration",
  "model_card",
  "carbontracker",
  "experiment_impact_tracker",
  "declared", // declared by the authors in footprint.yml
  "codecarbon",
  "csv",
  // what the paper's hardware mention is
  "cpu",
  "tpu_slice",
  // where code states a value
  "module_constant",
  "class_field",
  "function_constant",
  "attribute",
  "from_pretrained",
  "checkpoint_catalog",
  "hydra_override",
  "unmatched_argument",
  // how code uses a value (the code reader's usage rules)
  "implicit_single", // one device implied: work moved to CUDA/GPU with no multi-device sign in the file
  "loop_bound", // the bound of a loop that runs the training step (by use, not by name)
  "implicit_epoch", // one pass over the data: a training loop over a loader with no outer loop
  "debug", // set inside `if args.debug / dry_run / smoke_test / fast_dev_run:` (not the real run)
  "auxiliary", // iterations of an inner solver or helper estimator, not of the model's training
  "env_steps", // environment steps of a reinforcement-learning run (total_timesteps)
  "micro", // a micro/per-device batch stated beside a global batch
  "argparse",
  "click",
  "typer",
  "absl",
  "docopt",
  "sge",
  "pbs",
  "lsf",
  // broad candidates of the paper reader (extractors/broad.ts): how the number stands to the field's word
  "broad",
  "value_after_word",
  "value_before_word",
  "device_hours_unit",
  "duration_unit",
  "device_word",
  "table_header",
  "table_row_label",
  "model_name_size",
  "respectively", // "batch size and epochs are set to 6 and 100, respectively": paired in order
  "gpu_type", // a scheduler's GPU type (`--gres=gpu:a100:4`)
  "constraint", // a scheduler's node constraint naming a GPU
  "architecture", // a scheduler's node constraint naming a GPU architecture (`volta`), read as its data-centre part
  "launch_named", // set in a module the main script's launch names by its file's class-like name (`nnUNetTrainerV2`)
  "partition", // a scheduler partition named after a GPU (a weak hint)
] as const;

/**
 * A known tag, or one of the families that carry a name: the launcher that set a value (`launcher:torchrun`),
 * the call a keyword belongs to (`call:Trainer`), the class a field is declared in (`class:TrainConfig`), the
 * function and parameter a default belongs to (`def:ConvNet.epoch` for `__init__`, `def:train.epochs`), a config
 * key (`key:trainer.max_epochs`), a catalog source, the choices of a parameter, the runs a measurement covers.
 */
export type FactTag =
  | (typeof FACT_TAGS)[number]
  | `launcher:${string}`
  | `call:${string}`
  | `class:${string}`
  | `def:${string}`
  | `key:${string}`
  | `source:${string}`
  | `choices:${string}`
  | `runs:${string}`
  | `epochs_measured:${string}`;

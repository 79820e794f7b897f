import { parseLaunchCommand } from "../../../src/readers/code/launch/commands.js";
import {
  countArrayTasks,
  parseGres,
  readDirective,
  schedulerFacts,
  summarizeRequest,
} from "../../../src/readers/code/launch/scheduler.js";
import { projectCommandInvocations } from "../../../src/readers/code/launch/project.js";
import {
  analyzeMakefile,
  analyzeShellScript,
  batchLineAsShell,
  powershellLineAsShell,
} from "../../../src/readers/code/launch/shell.js";
import { tokenizeShellWords } from "../../../src/readers/code/launch/words.js";
import { analyzeMarkdown } from "../../../src/readers/code/markdown.js";
import { brief } from "./helpers.js";

const command = (line: string, env: Record<string, string> = {}) =>
  parseLaunchCommand(tokenizeShellWords(line), new Map(Object.entries(env)), 1, line);

describe("launch commands", () => {
  it("finds the script and its arguments behind python, wrappers and env prefixes", () => {
    const parsed = command(
      "CUDA_VISIBLE_DEVICES=0,1 nohup python -u src/train.py --epochs=30 --fp16 data.bs=8 cfg.yaml > out.log 2>&1",
    );
    expect(parsed.command).toMatchObject({
      target: "src/train.py",
      targetIsModule: false,
      launcher: "python",
      args: [
        { name: "--epochs", value: "30" },
        { name: "--fp16", value: null },
        { name: "data.bs", value: "8" },
        { name: null, value: "cfg.yaml" },
      ],
      devices: { perNode: { value: 2, raw: "CUDA_VISIBLE_DEVICES=0,1" }, nodes: null, total: null },
    });
  });

  it("runs a command through an environment manager: uv, poetry, pipenv, conda", () => {
    for (const line of [
      "CUDA_VISIBLE_DEVICES=0 uv run python run.py --config c.yaml",
      "uv run --with torch --python 3.11 python run.py --config c.yaml",
      "poetry run python run.py --config c.yaml",
      "pipenv run python run.py --config c.yaml",
      "conda run -n train --no-capture-output python run.py --config c.yaml",
      "conda run --name=train python run.py --config c.yaml",
    ])
      expect([line, command(line).command]).toMatchObject([
        line,
        { target: "run.py", launcher: "python", args: [{ name: "--config", value: "c.yaml" }] },
      ]);
    expect(command("uv run --python-preference managed -m src.train --epochs 3").command).toMatchObject({
      target: "src.train",
      targetIsModule: true,
      args: [{ name: "--epochs", value: "3" }],
    });
    // "uv pip install" is a console command that no package of a repository declares (resolution drops it).
    expect(command("uv pip install -e .").command).toMatchObject({ target: "uv", launcher: "console" });
    expect(command("poetry install --no-root").command).toBeNull();
  });

  it("reads devices from torchrun, torch.distributed.launch, accelerate, deepspeed and mpirun", () => {
    expect(command("torchrun --nnodes=2 --nproc_per_node 8 train.py --lr 1").command?.devices).toEqual({
      perNode: { value: 8, raw: "--nproc_per_node=8" },
      nodes: { value: 2, raw: "--nnodes=2" },
      total: null,
      oneNode: false,
    });
    expect(
      command("python -m torch.distributed.launch --nproc_per_node=4 --use_env main.py").command,
    ).toMatchObject({
      target: "main.py",
      launcher: "torch.distributed",
      devices: { perNode: { value: 4 } },
    });
    expect(
      command("accelerate launch --num_processes 16 --num_machines 2 --mixed_precision bf16 run.py").command,
    ).toMatchObject({
      target: "run.py",
      devices: { total: { value: 16 }, nodes: { value: 2 } },
      precision: "bf16",
    });
    expect(
      command("deepspeed --include localhost:0,1,2 finetune.py --deepspeed ds.json").command,
    ).toMatchObject({
      target: "finetune.py",
      devices: { perNode: { value: 3, raw: "--include=localhost:0,1,2" } },
    });
    expect(command("mpirun -np 8 -H a:4,b:4 python train.py").command).toMatchObject({
      target: "train.py",
      devices: { total: { value: 8 } },
    });
    expect(command("python -m pkg.train --epochs 3").command).toMatchObject({
      target: "pkg.train",
      targetIsModule: true,
    });
  });

  it("takes srun options as scheduler options and keeps going to the command", () => {
    const parsed = command("srun -p A100 --gpus-per-task=1 --time=3-00:00 python3 main.py --batch_size 8");
    expect(parsed.schedulerOptions.map((o) => [o.name, o.value])).toEqual([
      ["partition", "A100"],
      ["gpus-per-task", "1"],
      ["time", "3-00:00"],
    ]);
    expect(parsed.command?.target).toBe("main.py");
    expect(parsed.underSrun).toBe(true);
  });
});

describe("check runs beside the real launch", () => {
  const variants = (...lines: string[]) =>
    analyzeShellScript("run.sh", lines.join("\n")).invocations.map((i) => [i.line, i.variant ?? null]);

  it("marks the command a comment introduces as a check, and only that command", () => {
    expect(
      variants(
        "#!/bin/bash",
        "# Smoke test: two steps to check the pipeline",
        "#SBATCH --gres=gpu:1",
        "python train.py --max_steps 2",
        "python train.py --max_steps 500000",
        "# Sanity-check the data, then train",
        "python check_data.py && python train.py --epochs 300",
      ),
    ).toEqual([
      [4, "a check run (introduced as one)"],
      [5, null],
      [7, "a check run (introduced as one)"],
      [7, null],
    ]);
    // One blank line may stand between; two may not, nor a comment that names no check.
    expect(variants("# quick test", "", "python train.py --epochs 1")).toEqual([
      [3, "a check run (introduced as one)"],
    ]);
    expect(variants("# debug", "", "", "python train.py --epochs 90")).toEqual([[4, null]]);
    expect(variants("# Full training", "python train.py --epochs 90")).toEqual([[2, null]]);
  });

  it("marks the launches of a file named for a check (diagnostics, smoke, sanity), not of a file named for training", () => {
    const fileVariants = (file: string) =>
      analyzeShellScript(file, "python train.py --epochs 1\n").invocations.map((i) => i.variant ?? null);
    for (const file of ["scripts/smoke_test.sh", "rbpo_diagnostics.sh", "sanity-check.sh", "debug.sh"])
      expect([file, fileVariants(file)]).toEqual([file, ["a check run (its file is named for one)"]]);
    // A theory paper's toy problem is its experiment.
    for (const file of ["scripts/train_debugged_model.sh", "run.sh", "diagnose_and_train.sh", "run_toy.sh"])
      expect([file, fileVariants(file)]).toEqual([file, [null]]);
  });

  it("marks a launch passing toy or debug settings, but not a dataset named tiny or a debug flag set off", () => {
    expect(
      variants(
        "python train.py $TOY_TRAIN_FLAGS",
        "python train.py --fast_dev_run",
        "python train.py --epochs 3 --dry-run",
        "python train.py --smoke-test",
        "python train.py --debug",
        "python train.py --data $TINY_IMAGENET_DIR",
        "python train.py --debug False",
        "python train.py --debug-level 0",
      ),
    ).toEqual([
      [1, "a check run (toy or debug settings)"],
      [2, "a check run (toy or debug settings)"],
      [3, "a check run (toy or debug settings)"],
      [4, "a check run (toy or debug settings)"],
      [5, "a check run (toy or debug settings)"],
      [6, null],
      [7, null],
      [8, null],
    ]);
  });
});

describe("commands submitted to a scheduler", () => {
  it("reads the command bsub submits, bare or quoted, with its options as the job's", () => {
    const bare = command('bsub -n 4 -W 24:00 -R "rusage[ngpus_excl_p=1]" python train.py --epochs 20');
    expect(bare.command).toMatchObject({ target: "train.py", args: [{ name: "--epochs", value: "20" }] });
    expect(bare.schedulerOptions.map((o) => [o.name, o.value])).toEqual([
      ["n", "4"],
      ["W", "24:00"],
      ["R", "rusage[ngpus_excl_p=1]"],
    ]);
    expect(bare.underSrun).toBe(true);
    const quoted = command('bsub -I -o log.txt "python3 main.py --batch_size 64"');
    expect(quoted.command).toMatchObject({
      target: "main.py",
      args: [{ name: "--batch_size", value: "64" }],
    });
    expect(quoted.schedulerOptions.map((o) => [o.name, o.value])).toEqual([
      ["I", null],
      ["o", "log.txt"],
    ]);
  });

  it("reads the job of a quoted command past its setup, and takes LSF switches and '-gpu -' as options", () => {
    const target = (line: string) => [command(line).command?.target, command(line).command?.args];
    expect(
      target('bsub -n 2 "cd src && . venv/bin/activate && ml cuda && python train.py --epochs 50"'),
    ).toEqual(["train.py", [{ name: "--epochs", value: "50" }]]);
    // The first job of the string is read, with its own arguments only.
    expect(target('bsub "python train.py --epochs 50 && python finetune.py --epochs 3"')).toEqual([
      "train.py",
      [{ name: "--epochs", value: "50" }],
    ]);
    expect(target("bsub -gpu - -n 2 python train.py --epochs 50")).toEqual([
      "train.py",
      [{ name: "--epochs", value: "50" }],
    ]);
    expect(command("bsub -I python train.py").command).toMatchObject({
      target: "train.py",
      launcher: "python",
    });
    expect(command("bsub -Ne -K python train.py").command).toMatchObject({
      target: "train.py",
      launcher: "python",
    });
  });

  it("reads the command of sbatch --wrap, and no command for a job file sbatch or qsub submits", () => {
    expect(command('sbatch --gres=gpu:2 --wrap="python train.py --epochs 5"').command).toMatchObject({
      target: "train.py",
      args: [{ name: "--epochs", value: "5" }],
    });
    expect(command("sbatch --gres=gpu:2 job.sh").command).toBeNull();
    expect(command('sbatch --job-name="python train.py" job.sh').command).toBeNull();
    expect(command("qsub -l walltime=1:00:00 job.pbs").command).toBeNull();
    expect(command("bsub < job.lsf").command).toBeNull();
  });
});

describe("scheduler directives", () => {
  it("parses gres, array specs and all four schedulers' syntax", () => {
    expect(parseGres("gpu:tesla_v100:4(S:0-1),shard:2")).toEqual({ type: "tesla_v100", count: 4 });
    expect(parseGres("gpu")).toEqual({ type: null, count: 1 });
    expect(parseGres("mps:100")).toBeNull();
    expect(countArrayTasks("1-64%17")).toBe(64);
    expect(countArrayTasks("1,3,5")).toBe(3);
    expect(countArrayTasks("1-10:2")).toBe(5);
    const pbs = summarizeRequest([
      ...readDirective("#PBS -l select=2:ncpus=8:ngpus=4:gpu_model=a100", 1),
      ...readDirective("#PBS -l walltime=12:00:00", 2),
      ...readDirective("#PBS -J 1-10", 3),
    ]);
    expect([
      pbs.nodes?.count,
      pbs.gpusPerNode?.count,
      pbs.gpuType?.value,
      pbs.time?.hours,
      pbs.array?.tasks,
    ]).toEqual([2, 4, "a100", 12, 10]);
    const sge = summarizeRequest([
      ...readDirective("#$ -l h_rt=48:00:00,gpu=2", 1),
      ...readDirective("#$ -t 1-4", 2),
    ]);
    expect([sge.gpusPerNode?.count, sge.time?.hours, sge.array?.tasks]).toEqual([2, 48, 4]);
    const lsf = summarizeRequest([
      ...readDirective('#BSUB -gpu "num=4:gmodel=TeslaV100"', 1),
      ...readDirective("#BSUB -W 24:30", 2),
    ]);
    expect([lsf.gpusPerNode?.count, lsf.gpuType?.value, lsf.time?.hours]).toEqual([4, "TeslaV100", 24.5]);
    // The resource strings of clusters that predate -gpu.
    const euler = summarizeRequest([
      ...readDirective('#BSUB -R "rusage[mem=4096,ngpus_excl_p=2]"', 1),
      ...readDirective('#BSUB -R "select[gpu_model0==NVIDIAGeForceRTX2080Ti]"', 2),
    ]);
    expect([euler.gpusPerNode?.count, euler.gpuType?.value]).toEqual([2, "NVIDIAGeForceRTX2080Ti"]);
    // Per slot or per host, as the site configures it: with several slots, no count; a request of none, none.
    const slots = summarizeRequest([
      ...readDirective("#BSUB -n 4", 1),
      ...readDirective('#BSUB -R "rusage[ngpus_excl_p=1]"', 2),
    ]);
    expect(slots.gpusPerNode).toBeNull();
    expect(summarizeRequest(readDirective('#BSUB -R "rusage[ngpus_excl_p=0]"', 1)).gpusPerNode).toBeNull();
    // Its glued model string is the catalog's RTX 2080 Ti (and so for other brands' glued names).
    expect(
      ["QuadroRTX6000", "TeslaV100_SXM2_32GB", "NVIDIATITANXp"].map(
        (name) => summarizeRequest(readDirective(`#BSUB -gpu "num=1:gmodel=${name}"`, 1)).gpuType?.value,
      ),
    ).toEqual(["QuadroRTX6000", "TeslaV100_SXM2_32GB", "NVIDIATITANXp"]);
    expect(
      ["QuadroRTX6000", "TeslaV100_SXM2_32GB", "NVIDIATITANXp"].map(
        (name) =>
          brief(
            schedulerFacts(summarizeRequest(readDirective(`#BSUB -gpu "num=1:gmodel=${name}"`, 1)), "j.lsf"),
          )
            .find((f) => f.startsWith("hardware"))
            ?.split(" ")[0],
      ),
    ).toEqual([
      'hardware="nvidia-quadro-rtx-6000"',
      'hardware="nvidia-v100-32gb"',
      'hardware="nvidia-titan-xp"',
    ]);
    expect(brief(schedulerFacts(euler, "job.lsf")).filter((f) => f.startsWith("hardware"))).toEqual([
      'hardware="nvidia-rtx-2080-ti" @job.lsf:2 [scheduler,lsf,gpu_type] training',
    ]);
  });

  it("turns a request into facts: devices multiplied out, hardware from the GPU type, the time as a low-confidence limit", () => {
    const options = [
      "#SBATCH --nodes=4",
      "#SBATCH --gpus-per-node=a100:8",
      "#SBATCH -t 1-00:00:00",
      "#SBATCH --partition=long",
    ].flatMap((line, index) => readDirective(line, index + 1));
    const facts = schedulerFacts(summarizeRequest(options), "job.sh");
    expect(brief(facts)).toEqual([
      "accelerator_count=32 @job.sh:2 [scheduler,slurm,total,multiplied] training",
      "nodes=4 @job.sh:1 [scheduler,slurm] training",
      'hardware="nvidia-a100" @job.sh:2 [scheduler,slurm,gpu_type] training',
      "training_time_hours=24 @job.sh:3 [scheduler,slurm,time_limit] training",
    ]);
    expect(facts[0]!.raw).toBe("--gpus-per-node=a100:8 × --nodes=4");
    expect(facts[3]!.confidence).toBe(0.3);
  });

  it("multiplies GPUs per task by the tasks: per node with --ntasks-per-node, in all with --ntasks", () => {
    const gpus = (...lines: string[]) => {
      const request = summarizeRequest(lines.flatMap((line, index) => readDirective(line, index + 1)));
      return [request.gpusTotal?.count ?? null, request.gpusPerNode?.count ?? null];
    };
    expect(gpus("#SBATCH --ntasks=4", "#SBATCH --gpus-per-task=1")).toEqual([4, null]);
    expect(gpus("#SBATCH -n 2", "#SBATCH --gpus-per-task=2")).toEqual([4, null]);
    expect(gpus("#SBATCH --ntasks-per-node=4", "#SBATCH --gpus-per-task=1")).toEqual([null, 4]);
    expect(gpus("#SBATCH --gpus-per-task=1")).toEqual([null, 1]);
  });

  it("names hardware from a partition only when the catalog knows it", () => {
    const named = schedulerFacts(
      summarizeRequest(readDirective("#SBATCH -p gpu_a100 --gres=gpu:2", 1)),
      "a.sh",
    );
    expect(brief(named, ["hardware"])).toEqual([
      'hardware="nvidia-a100" @a.sh:1 [scheduler,slurm,partition] training',
    ]);
    const unnamed = schedulerFacts(
      summarizeRequest(readDirective("#SBATCH -p scavenge --gres=gpu:2", 1)),
      "b.sh",
    );
    expect(brief(unnamed, ["hardware"])).toEqual([]);
  });

  it("names hardware from a constraint as the job's, and reads an architecture as its data-centre part", () => {
    const hardware = (line: string) =>
      schedulerFacts(summarizeRequest(readDirective(line, 1)), "c.sh").filter((f) => f.field === "hardware");
    const named = hardware("#SBATCH --constraint=a100 --gres=gpu:1");
    expect(brief(named)).toEqual(['hardware="nvidia-a100" @c.sh:1 [scheduler,slurm,constraint] training']);
    // A required node feature is stronger than a partition's name.
    expect(named[0]!.confidence).toBe(0.8);
    expect(brief(hardware("#SBATCH -C volta --gres=gpu:1"))).toEqual([
      'hardware="nvidia-v100" @c.sh:1 [scheduler,slurm,architecture] training',
    ]);
    expect(hardware("#SBATCH --constraint=volta32gb")[0]!.value).toBe("nvidia-v100-32gb");
    // An architecture with several data-centre parts names none of them; a feature list names no one GPU.
    expect(hardware("#SBATCH --constraint=ampere")).toEqual([]);
    expect(hardware(`#SBATCH --constraint="volta|a100"`)).toEqual([]);
    // sbatch reads its own lines, so unquoted expressions are legal; the shell tokenizer splits them at `|`.
    expect(hardware("#SBATCH --constraint=v100|a100")).toEqual([]);
    expect(hardware("#SBATCH --constraint=[v100|a100]")).toEqual([]);
    expect(hardware("#SBATCH --constraint=volta&ib")).toEqual([]);
    expect(hardware("#SBATCH --constraint=!a100")).toEqual([]);
  });
});

describe("shell scripts, Makefiles and READMEs", () => {
  it("substitutes variables, follows exports and binds directive facts and launch facts", () => {
    const findings = analyzeShellScript(
      "scripts/run.sh",
      [
        "#!/bin/bash",
        "#SBATCH --nodes=2",
        "#SBATCH --gres=gpu:4",
        "EPOCHS=${EPOCHS:-12}",
        "for seed in 1 2; do",
        "  srun torchrun --nnodes=$SLURM_NNODES --nproc_per_node=$SLURM_GPUS_ON_NODE \\",
        "     train.py --epochs $EPOCHS --seed $seed",
        "done",
      ].join("\n"),
    );
    expect(findings.invocations).toHaveLength(1);
    const [run] = findings.invocations;
    expect([run!.target, run!.baseDir, run!.line, run!.args]).toEqual([
      "train.py",
      "scripts",
      6,
      [
        { name: "--epochs", value: "12" },
        { name: "--seed", value: "$seed" },
      ],
    ]);
    expect(brief(run!.facts)).toEqual([
      "accelerator_count=8 @scripts/run.sh:6 [launcher:torchrun,multiplied] training",
      "nodes=2 @scripts/run.sh:6 [launcher:torchrun] training",
    ]);
    expect(brief(findings.facts)).toEqual([
      "accelerator_count=8 @scripts/run.sh:3 [scheduler,slurm,total,multiplied,directive] training",
      "nodes=2 @scripts/run.sh:2 [scheduler,slurm,directive] training",
    ]);
  });

  it("tags a torchrun count as one node's only when nothing places the run on several nodes", () => {
    const tagsOf = (text: string) =>
      analyzeShellScript("run.sh", text)
        .invocations.flatMap((i) => i.facts)
        .filter((f) => f.field === "accelerator_count")
        .map((f) => [f.value, f.tags]);
    expect(tagsOf("torchrun --nproc_per_node=4 train.py --bs 8")).toEqual([
      [4, ["launcher:torchrun", "one_node"]],
    ]);
    expect(
      tagsOf("torchrun --standalone --nnodes=1 --nproc_per_node=4 --master_addr=localhost train.py"),
    ).toEqual([[4, ["launcher:torchrun", "one_node"]]]);
    // A variable node count, a rendezvous, a node rank, or srun (one launcher per allocated node): maybe several.
    for (const [line, launcher] of [
      ["torchrun --nnodes=$NNODES --nproc_per_node=4 train.py", "launcher:torchrun"],
      [
        "torchrun --rdzv_backend=c10d --rdzv_endpoint=$HOST:29500 --nproc_per_node=4 train.py",
        "launcher:torchrun",
      ],
      [
        "python -m torch.distributed.launch --node_rank=$RANK --nproc_per_node=4 train.py",
        "launcher:torch.distributed",
      ],
      ["srun torchrun --nproc_per_node=4 train.py", "launcher:torchrun"],
    ])
      expect(tagsOf(line!)).toEqual([[4, [launcher]]]);
    // A node count from a variable, even one whose fallback is 1, or from torchrun's PET_* environment.
    const fromVariable = [
      "NNODES=${NNODES:-1}",
      "torchrun --nnodes=$NNODES --nproc_per_node=4 train.py",
    ].join("\n");
    expect(tagsOf(fromVariable)).toEqual([[4, ["launcher:torchrun"]]]);
    expect(tagsOf("torchrun --nnodes=${1:-1} --nproc_per_node=4 train.py")).toEqual([
      [4, ["launcher:torchrun"]],
    ]);
    expect(tagsOf("export PET_NNODES=2\ntorchrun --nproc_per_node=4 train.py")).toEqual([
      [4, ["launcher:torchrun"]],
    ]);
    expect(tagsOf("PET_NNODES=2 torchrun --nproc_per_node=4 train.py")).toEqual([[4, ["launcher:torchrun"]]]);
    // A job file that asks for several nodes, even without srun.
    expect(tagsOf("#SBATCH --nodes=4\ntorchrun --nproc_per_node=4 train.py")).toEqual([
      [4, ["launcher:torchrun"]],
    ]);
    // A count read from CUDA_VISIBLE_DEVICES is not the launcher's.
    expect(tagsOf("CUDA_VISIBLE_DEVICES=0,1 torchrun train.py")).toEqual([[2, ["cuda_visible_devices"]]]);
  });

  it("reads Makefile variables and recipes", () => {
    const findings = analyzeMakefile(
      "Makefile",
      "EPOCHS := 40\n\ntrain:\n\t@python train.py --epochs $(EPOCHS)\n",
    );
    expect(findings.invocations.map((i) => [i.target, i.line, i.args])).toEqual([
      ["train.py", 4, [{ name: "--epochs", value: "40" }]],
    ]);
  });

  it("reads a Windows batch line in shell terms", () => {
    expect(batchLineAsShell("REM train the model")).toBe("");
    expect(batchLineAsShell(":: comment")).toBe("");
    expect(batchLineAsShell("@echo off")).toBe("");
    expect(batchLineAsShell("set EPOCHS=30")).toBe("EPOCHS=30");
    expect(batchLineAsShell('set "DATA=C:\\my data"')).toBe('DATA="C:\\my data"');
    expect(batchLineAsShell("python train.py --epochs %EPOCHS% --gpu %1 %*")).toBe(
      "python train.py --epochs ${EPOCHS} --gpu $1 $@",
    );
    expect(batchLineAsShell('start "server" /b cmd /k "activate env && python client.py"')).toBe(
      "activate env && python client.py",
    );
    expect(batchLineAsShell("call python train.py ^")).toBe("python train.py \\");
  });

  it("reads .bat launch files as shell: variables, continuation lines and the launched script", () => {
    const findings = analyzeShellScript(
      "scripts\\run.bat".replace("\\", "/"),
      [
        "@echo off",
        "REM the paper's run",
        "set EPOCHS=30",
        "set BS=64",
        "call python train.py --epochs %EPOCHS% ^",
        "  --batch-size %BS%",
      ].join("\r\n"),
    );
    expect(findings.invocations.map((i) => [i.target, i.line, i.args])).toEqual([
      [
        "train.py",
        5,
        [
          { name: "--epochs", value: "30" },
          { name: "--batch-size", value: "64" },
        ],
      ],
    ]);
  });

  it("reads PowerShell launch files as shell: backtick continuations and $env: variables", () => {
    expect(powershellLineAsShell("python train.py `")).toBe("python train.py \\");
    expect(powershellLineAsShell('$env:CUDA_VISIBLE_DEVICES = "0,1"')).toBe("CUDA_VISIBLE_DEVICES=0,1");
    expect(powershellLineAsShell('Write-Host "training"')).toBe("");
    // Own variables are case-insensitive; ${env:NAME} reads an environment variable as $env:NAME does.
    expect(powershellLineAsShell("$Epochs = 45")).toBe("epochs=45");
    expect(powershellLineAsShell("python train.py --epochs $epochs --gpus ${env:NGPU}")).toBe(
      "python train.py --epochs ${epochs} --gpus ${NGPU}",
    );
    // A backtick inside a line escapes a character: it continues nothing.
    expect(powershellLineAsShell("python train.py --name `$x --epochs 3")).toBe(
      "python train.py --name `$x --epochs 3",
    );
    const findings = analyzeShellScript(
      "run.ps1",
      ["$env:EPOCHS = 30", "python pcnn_train.py `", "--batch_size 32 `", "--max_epochs $env:EPOCHS"].join(
        "\r\n",
      ),
    );
    expect(findings.invocations.map((i) => [i.target, i.line, i.args])).toEqual([
      [
        "pcnn_train.py",
        2,
        [
          { name: "--batch_size", value: "32" },
          { name: "--max_epochs", value: "30" },
        ],
      ],
    ]);
  });

  it("reads a project file's command scripts as launch lines, with its vars substituted", () => {
    const content = [
      "vars:",
      "  epochs: 20",
      "  train:",
      "    batch: 32",
      "commands:",
      "  - name: train",
      "    script:",
      "      - python scripts/train.py --epochs ${vars.epochs} --batch-size ${vars.train.batch}",
      "      - python scripts/export.py --out ${env.OUT}",
      "  - name: train-debug",
      "    script:",
      "      - >-",
      "        python scripts/train.py",
      "        --epochs 1",
    ].join("\n");
    const invocations = projectCommandInvocations("project.yml", content);
    expect(invocations.map((i) => [i.target, i.line, i.args, i.variant ?? null])).toEqual([
      [
        "scripts/train.py",
        8,
        [
          { name: "--epochs", value: "20" },
          { name: "--batch-size", value: "32" },
        ],
        null,
      ],
      ["scripts/export.py", 9, [{ name: "--out", value: "${env.OUT}" }], null],
      ["scripts/train.py", 12, [{ name: "--epochs", value: "1" }], "project run train-debug"],
    ]);
    expect(projectCommandInvocations("configs/project.yaml", "vars:\n  a: 1\n")).toEqual([]);
    expect(projectCommandInvocations("conf/train.yml", content)).toEqual([]);
    expect(projectCommandInvocations("project.yml", "commands:\n  - name: [\n")).toEqual([]);
  });

  it("reads README command blocks and inline commands, and hardware in the authors' own setup sentences", () => {
    const findings = analyzeMarkdown(
      "README.md",
      [
        "# Toy",
        "We trained all models on 4 NVIDIA V100 GPUs.",
        "Requires a GPU with 24GB, e.g. an RTX 3090 (6x faster than CPU).",
        "```bash",
        "$ python train.py \\",
        "    --epochs 5",
        "```",
        "```python",
        "train(epochs=99)",
        "```",
        "Or run `python finetune.py --batch_size 4`.",
        "Our fine-tuning used an A100 GPU. The large variant is slower than the H100 baseline of [3].",
        "We trained the model for 2 days. It used 8 RTX 3090 GPUs.",
        "Inpainting: `$ python inpaint.py --use_gpu -i 2001`",
        "Denoising: `% python denoise.py -i 300`",
      ].join("\n"),
    );
    expect(findings.invocations.map((i) => [i.target, i.line, i.args])).toEqual([
      ["train.py", 5, [{ name: "--epochs", value: "5" }]],
      ["finetune.py", 11, [{ name: "--batch_size", value: "4" }]],
      // A shell prompt in inline code is not part of the command.
      [
        "inpaint.py",
        14,
        [
          { name: "--use_gpu", value: null },
          { name: "-i", value: "2001" },
        ],
      ],
      ["denoise.py", 15, [{ name: "-i", value: "300" }]],
    ]);
    // One line, two sentences: the comparison in the second leaves the first's setup standing.
    expect(brief(findings.facts)).toEqual([
      'hardware="nvidia-v100" @README.md:2 [readme_prose] training',
      'hardware="nvidia-a100" @README.md:12 [readme_prose] training',
      'hardware="nvidia-rtx-3090" @README.md:13 [readme_prose] training',
    ]);
  });

  it("reads launcher lines of indented code blocks, continued with backslashes, but not indented prose", () => {
    const findings = analyzeMarkdown(
      "README.md",
      [
        "To train:",
        "",
        "    python train.py --epochs 360 \\",
        "        --batch_size 64",
        "    tensorboard --logdir runs",
        "",
        "1. Prepare the data.",
        "    Then train for 12 epochs with --epochs 12.",
        "",
        "    $ python3 eval.py --split test",
        "",
        "    uv run python train.py --epochs 7",
        "",
        "    conda run -n train python train.py --epochs 8",
      ].join("\n"),
    );
    expect(findings.invocations.map((i) => [i.target, i.line, i.args])).toEqual([
      [
        "train.py",
        3,
        [
          { name: "--epochs", value: "360" },
          { name: "--batch_size", value: "64" },
        ],
      ],
      ["eval.py", 10, [{ name: "--split", value: "test" }]],
      ["train.py", 12, [{ name: "--epochs", value: "7" }]],
      ["train.py", 14, [{ name: "--epochs", value: "8" }]],
    ]);
    // A list item's indented line that names no script is prose; a two-space indent is a list's, not a block's.
    expect(analyzeMarkdown("README.md", "* Requirements:\n    python 3.8\n").invocations).toEqual([]);
    expect(analyzeMarkdown("README.md", "Train:\n\n  python train.py --epochs 4\n").invocations).toEqual([]);
    // The block ends with its command: the next indented command is read on its own.
    const two = analyzeMarkdown("README.md", "    python a.py --epochs 1\n    python b.py --epochs 2\n");
    expect(two.invocations.map((i) => [i.target, i.args])).toEqual([
      ["a.py", [{ name: "--epochs", value: "1" }]],
      ["b.py", [{ name: "--epochs", value: "2" }]],
    ]);
    // In a plain-text readme, indentation is layout, not a code block; an example stays an example.
    expect(
      analyzeMarkdown("src/readme.txt", "Usage:\n\n    python train.py --epochs 40\n").invocations,
    ).toEqual([]);
    const example = analyzeMarkdown("README.md", "For example:\n\n    python train.py --epochs 40\n");
    expect(example.invocations.map((i) => i.variant)).toEqual(["example in a README"]);
  });
});

describe("hostile launch files", () => {
  it("stays bounded when a script doubles a variable over and over", () => {
    const lines = [
      "A=xxxxxxxx",
      ...Array.from({ length: 60 }, () => "A=$A$A"),
      "python train.py --epochs 3 --tag $A",
    ];
    const findings = analyzeShellScript("double.sh", lines.join("\n"));
    const [run] = findings.invocations;
    expect(run!.args[0]).toEqual({ name: "--epochs", value: "3" });
    expect(run!.args[1]!.value!.length).toBeLessThanOrEqual(4096);
  });

  it("reads the rest of a script after an unterminated quote without hanging", () => {
    const findings = analyzeShellScript(
      "broken.sh",
      'python train.py --epochs 3\nARGS="--oops\n' + "x\n".repeat(50000),
    );
    expect(findings.invocations.map((i) => i.target)).toEqual(["train.py"]);
  });
});

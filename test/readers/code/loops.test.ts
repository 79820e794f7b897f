import { analyzePython } from "../../../src/readers/code/python/analyze.js";
import { loadPythonParser, type PythonParser } from "../../../src/readers/code/python/parser.js";
import { brief } from "./helpers.js";

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const loops = (lines: string[], path = "train.py") =>
  brief(
    analyzePython(path, lines.join("\n"), parser, { parseTimeoutMs: 2000 }).facts.filter((f) =>
      (f.tags ?? []).some((t) => t === "loop_bound" || t === "implicit_epoch"),
    ),
  ).map((line) => line.replace(/ training$/, ""));

describe("training loops read by use", () => {
  it("reads a hand-written minibatch loop's stride over the data as the batch size", () => {
    expect(
      loops([
        "BATCH = 1024",
        "for _ in range(4):",
        "    for b in range(0, len(idx), BATCH):",
        "        j = idx[b:b + BATCH]",
        "        loss = model(X[j]).mean()",
        "        opt.zero_grad(); loss.backward(); opt.step()",
      ]),
    ).toEqual(["batch_size=1024 @train.py:3 [per_device,loop_bound,module_constant]"]);
  });

  it("reads no batch from a stride that is not over the data or not sliced, or a loop that trains nothing", () => {
    const stride = (header: string, slice: string, step = "loss.backward()") =>
      // The file trains elsewhere (its last line), so only the loop itself decides.
      loops([header, `    j = idx[${slice}]`, `    ${step}`, "loss.backward()"]).filter((f) =>
        f.startsWith("batch_size"),
      );
    expect(stride("for b in range(0, 100, 10):", "b:b + 10")).toEqual([]);
    expect(stride("for b in range(0, len(idx), 64):", "b")).toEqual([]);
    expect(stride("for b in range(0, len(idx), 64):", "b:b + 64", "preds.append(model(idx[j]))")).toEqual([]);
    expect(stride("for b in range(0, len(idx), 64):", "b:b + 64")).toEqual([
      "batch_size=64 @train.py:1 [per_device,loop_bound]",
    ]);
  });

  it("reads an epoch loop's literal bound around a pass over the data", () => {
    expect(
      loops([
        "for epoch in range(50):",
        "    for x, y in train_loader:",
        "        loss = criterion(model(x), y)",
        "        loss.backward()",
        "        optimizer.step()",
      ]),
    ).toEqual(["epochs=50 @train.py:1 [loop_bound]"]);
  });

  it("counts the iterations of a loop that runs the optimisation step directly as steps, whatever the flag's name", () => {
    expect(
      loops([
        "import argparse",
        "p = argparse.ArgumentParser()",
        "p.add_argument('--epochs', type=int, default=3000)",
        "args = p.parse_args()",
        "for it in range(args.epochs):",
        "    loss = model(X).mean()",
        "    loss.backward()",
        "    optimizer.step()",
      ]),
    ).toEqual(["steps=3000 @train.py:5 [loop_bound,default,argparse,key:epochs]"]);
    // A launch may override `--epochs` under its own name, so this reading of its default stays weak.
    const fact = analyzePython(
      "train.py",
      "p.add_argument('--epochs', type=int, default=30)\nfor it in range(args.epochs):\n    loss.backward()",
      parser,
      { parseTimeoutMs: 2000 },
    ).facts.find((f) => f.tags?.includes("loop_bound"))!;
    expect(fact.confidence).toBeLessThan(0.5);
  });

  it("evaluates simple sums of options and a resume start, and reads `while step < N`", () => {
    expect(
      loops([
        "parser.add_argument('--niter', type=int, default=100)",
        "parser.add_argument('--niter_decay', type=int, default=100)",
        "opt = parser.parse_args()",
        "for epoch in range(opt.epoch_count, opt.niter + opt.niter_decay + 1):",
        "    for data in dataset:",
        "        model.optimize_parameters()",
        "        loss.backward()",
      ]),
    ).toEqual(["epochs=200 @train.py:4 [loop_bound,default,argparse]"]);
    expect(
      loops([
        "def main(total=500, lr=0.1):",
        "    step = 0",
        "    while step < total * 2:",
        "        loss.backward()",
        "        opt.step()",
        "        step += 1",
      ]),
    ).toEqual(["steps=1000 @train.py:3 [loop_bound,function_default]"]);
  });

  it("reads a step counter around a pass over the data as steps, not epochs", () => {
    expect(
      loops([
        "def train(total_steps=60000):",
        "    step = 0",
        "    while step < total_steps:",
        "        for x0, _ in train_loader:",
        "            loss = model(x0).mean()",
        "            loss.backward()",
        "            step += 1",
      ]),
    ).toEqual([]); // the steps are read under their own name, `total_steps`; the loop adds no epochs
    expect(
      loops([
        "it = 0",
        "while it < 50000:",
        "    for x, y in train_loader:",
        "        loss.backward()",
        "        it += 1",
      ]),
    ).toEqual(["steps=50000 @train.py:2 [loop_bound]"]);
    // A `for` loop's variable counts whole passes, whatever its name.
    expect(
      loops(["for iteration in range(30):", "    for x, y in train_loader:", "        loss.backward()"]),
    ).toEqual(["epochs=30 @train.py:1 [loop_bound]"]);
  });

  it("reads a break bound, and only the outermost training loop", () => {
    expect(
      loops([
        "ITERATIONS = 100001",
        "it = 0",
        "for batch in loader:",
        "    loss.backward()",
        "    optimizer.step()",
        "    it += 1",
        "    if it >= ITERATIONS:",
        "        break",
      ]),
    ).toEqual(["steps=100001 @train.py:3 [loop_bound,module_constant]"]);
    expect(
      loops([
        "for epoch in range(10):",
        "    for i in range(100):",
        "        loss.backward()",
        "        optimizer.step()",
      ]),
    ).toEqual(["epochs=10 @train.py:1 [loop_bound]"]);
  });

  it("reads through repetition loops and skips bounds already read under their own name", () => {
    expect(
      loops([
        "for seed in range(5):",
        "    for epoch in range(30):",
        "        for x in train_loader:",
        "            loss.backward()",
      ]),
    ).toEqual(["epochs=30 @train.py:2 [loop_bound]"]);
    expect(
      loops([
        "EPOCHS = 20",
        "for epoch in range(EPOCHS):",
        "    for x in train_loader:",
        "        loss.backward()",
      ]),
    ).toEqual([]);
  });

  it("leaves inner optimisation loops of planners, attacks and model classes out", () => {
    const inner = (header: string[]) =>
      loops([
        ...header,
        "        for i in range(bprop_niter):",
        "            loss.backward()",
        "            opt.step()",
      ]);
    expect(inner(["def plan_actions(model, bprop_niter=5):", "    if True:"])).toEqual([]);
    expect(inner(["class Net(nn.Module):", "    def refine(self, bprop_niter=5):"])).toEqual([]);
    expect(inner(["class Trainer:", "    def fit(self, bprop_niter=5):"])).toEqual([
      "steps=5 @train.py:3 [loop_bound,function_default]",
    ]);
  });

  it("abstains on loops without a training step and on evaluation loops", () => {
    expect(loops(["for epoch in range(50):", "    print(epoch)", "x.backward"])).toEqual([]);
    expect(
      loops([
        "for i in range(20):",
        "    for x in val_loader:",
        "        acc += model(x)",
        "loss.backward()",
      ]),
    ).toEqual([]);
  });

  it("implies one epoch for a single pass over the training data, weakly", () => {
    const file = [
      "def main():",
      "    for batch, (X, y) in enumerate(data_loader):",
      "        loss = model(X)",
      "        loss.backward()",
      "        optimizer.step()",
      "",
      "if __name__ == '__main__':",
      "    main()",
    ];
    expect(loops(file)).toEqual(["epochs=1 @train.py:2 [implicit_epoch]"]);
    const fact = analyzePython("train.py", file.join("\n"), parser, { parseTimeoutMs: 2000 }).facts[0]!;
    expect(fact.confidence).toBeLessThan(0.5);
    // Called once per epoch elsewhere in the file, or named like an epoch: not the whole run.
    expect(loops([...file.slice(0, 6), "for e in range(3):", "    main()"])).toEqual([]);
    expect(loops(["def train_one_epoch():", ...file.slice(1, 5)])).toEqual([]);
    // The loop's index named like a step does not make a run counted in steps; a steps setting does.
    expect(loops(file.map((l) => l.replace("for batch,", "for step,")))).toEqual([
      "epochs=1 @train.py:2 [implicit_epoch]",
    ]);
    expect(
      loops([
        "import argparse",
        "p = argparse.ArgumentParser()",
        "p.add_argument('--num_train_iterations', type=int, default=5000)",
        "args = p.parse_args()",
        ...file,
      ]),
    ).toEqual([]);
  });

  it("reads no epoch bound from an early-stopping patience", () => {
    const body = (check: string[]) => [
      "epoch = 0",
      "while True:",
      "    for x, y in train_loader:",
      "        loss = criterion(model(x), y)",
      "        loss.backward()",
      "        optimizer.step()",
      ...check,
    ];
    // Named like a patience, or set back to 0 when the loss improves.
    expect(loops(body(["    if patience_counter >= 10:", "        break"]))).toEqual([]);
    expect(
      loops(
        body([
          "    if val_loss < best:",
          "        best, worse = val_loss, 0",
          "        worse = 0",
          "    else:",
          "        worse += 1",
          "    if worse >= 5:",
          "        break",
        ]),
      ),
    ).toEqual([]);
    // A counter of epochs that only grows is the bound.
    expect(loops(body(["    epoch += 1", "    if epoch >= 40:", "        break"]))).toEqual([
      "epochs=40 @train.py:2 [loop_bound]",
    ]);
  });

  it("keeps a bound over options the file does not define open for the repository (pix2pix's options module)", () => {
    const file = [
      "from options.train_options import TrainOptions",
      "opt = TrainOptions().parse()",
      "for epoch in range(opt.epoch_count, opt.niter + opt.niter_decay + 1):",
      "    for i, data in enumerate(dataset):",
      "        model.optimize_parameters()",
    ];
    const findings = analyzePython("train.py", file.join("\n"), parser, { parseTimeoutMs: 2000 });
    // optimize_parameters() alone is the training step: the loop is read, its bound left to the resolution.
    expect(findings.openBounds).toEqual([
      {
        field: "epochs",
        line: 3,
        snippet: file[2],
        raw: "(opt.epoch_count, opt.niter + opt.niter_decay + 1)",
        stop: { constant: 1, options: { niter: 1, niter_decay: 1 } },
        start: { constant: 0, options: { epoch_count: 1 } },
        startFallback: 1,
      },
    ]);
    expect(loops(file)).toEqual([]);
    // A sum the file can evaluate itself is a fact, not an open bound; a call in the bound is neither.
    const own = analyzePython(
      "train.py",
      [
        "p.add_argument('--niter', type=int, default=5)",
        ...file.slice(1).map((l) => l.replace(" + opt.niter_decay", "")),
      ].join("\n"),
      parser,
      { parseTimeoutMs: 2000 },
    );
    expect(own.openBounds).toBeUndefined();
    const called = analyzePython(
      "train.py",
      file.join("\n").replace("opt.niter_decay", "len(dataset)"),
      parser,
      {
        parseTimeoutMs: 2000,
      },
    );
    expect(called.openBounds).toBeUndefined();
    // Attributes of other objects are the program's state, not options: `self.total`, `dataset.size`.
    for (const bound of ["self.start, self.total", "dataset.size + opt.warmup"]) {
      const state = analyzePython(
        "train.py",
        file.join("\n").replace(/range\(.*\):/, `range(${bound}):`),
        parser,
        {
          parseTimeoutMs: 2000,
        },
      );
      expect([bound, state.openBounds]).toEqual([bound, undefined]);
    }
  });

  it("reads no alias that is changed after it is set (`n *= len(loader)`, `n, m = ...`)", () => {
    const aliased = (change: string) =>
      loops([
        "p.add_argument('--epochs', type=int, default=10)",
        "def train(args):",
        "    n = args.epochs",
        ...(change ? [`    ${change}`] : []),
        "    it = 0",
        "    while it < n:",
        "        loss.backward()",
        "        optimizer.step()",
        "        it += 1",
      ]);
    expect(aliased("")).toEqual(["steps=10 @train.py:5 [loop_bound,default,argparse,key:epochs]"]);
    expect(aliased("n *= len(loader)")).toEqual([]);
    expect(aliased("n, m = n * len(loader), 0")).toEqual([]);
  });

  it("reads a bound through a local alias of an option as the option itself, in `range` and in `while`", () => {
    // The option's default in the file: the alias's bound is the default, as for `range(args.iter)`.
    expect(
      loops([
        "p.add_argument('--iter', type=int, default=50000)",
        "def train(args):",
        "    total_iterations = args.iter",
        "    iteration = 0",
        "    while iteration < total_iterations:",
        "        loss.backward()",
        "        optimizer.step()",
        "        iteration += 1",
      ]),
    ).toEqual(["steps=50000 @train.py:5 [loop_bound,default,argparse]"]);
    // The parser in an imported module: the bound stays open for the repository's resolution.
    const file = [
      "from options import get_parser",
      "def train(args):",
      "    total_iterations = args.iter",
      "    passes = cfg['epochs']",
      "    iteration = 0",
      "    while iteration <= total_iterations:",
      "        loss.backward()",
      "        optimizer.step()",
      "        iteration += 1",
      "    for epoch in range(passes):",
      "        train_one_epoch(model, loader)",
    ];
    const findings = analyzePython("train.py", file.join("\n"), parser, { parseTimeoutMs: 2000 });
    expect(findings.openBounds?.map((b) => [b.field, b.line, b.stop, b.start])).toEqual([
      ["steps", 6, { constant: 1, options: { iter: 1 } }, null],
      ["epochs", 10, { constant: 0, options: { epochs: 1 } }, null],
    ]);
    // A name that is the program's own state, or whose last assignment is a literal, is no alias.
    const state = analyzePython(
      "train.py",
      file
        .join("\n")
        .replace("args.iter", "dataset.size")
        .replace("cfg['epochs']", "cfg['epochs']\n    passes = 30"),
      parser,
      { parseTimeoutMs: 2000 },
    );
    expect(state.openBounds).toBeUndefined();
    expect(brief(state.facts, ["epochs"])).toEqual([
      "epochs=30 @train.py:11 [loop_bound,function_constant] training",
    ]);
  });
});

#!/usr/bin/env python3
"""Trains the paper reader's candidate selector and exports it to ONNX.

Input: the corpus features (models/corpus/features/*.jsonl.gz, written by scripts/selector-data.mjs): one
line per paper, each candidate with its field, value, hashed feature indices `x` and label `y` (1: its value
matches the paper's label for that field; 0: it does not; -1: the field is labelled ambiguous, left out).

Model: L2-regularised logistic regression over the hashed binary features (each feature conjoined with the
field, and alone). Exported as an ONNX graph that takes the padded feature indices of N candidates,
int64[N, K] (0 = padding, whose weight is 0), and returns their probabilities, float[N]:
    Gather(weights, indices) -> ReduceSum over K -> + bias -> Sigmoid
so the model file is the weight vector (2^16 floats, 256 KB) and inference is a gather and a sum.

Usage: python3 models/train/train_selector.py --out models/paper-selector.onnx [--papers ids.txt]
         [--features models/corpus/features] [--c 0.5] [--predict ids.txt --predictions out.json]
"""
import argparse, gzip, json, os, sys

import numpy as np
import onnx
from onnx import TensorProto, helper
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

HASH_SIZE = 1 << 16


def load(features_dir, only=None):
    papers = []
    for name in sorted(os.listdir(features_dir)):
        if not name.endswith(".jsonl.gz"):
            continue
        with gzip.open(os.path.join(features_dir, name), "rt") as handle:
            for line in handle:
                if not line.strip():
                    continue
                paper = json.loads(line)
                if "error" in paper:
                    continue
                if only is not None and paper["id"] not in only:
                    continue
                papers.append(paper)
    return papers


def matrix(papers):
    rows, cols, labels = [], [], []
    n = 0
    for paper in papers:
        for c in paper["candidates"]:
            if c["y"] < 0:
                continue
            for index in c["x"]:
                rows.append(n)
                cols.append(index)
            labels.append(c["y"])
            n += 1
    data = np.ones(len(rows), dtype=np.float32)
    return csr_matrix((data, (rows, cols)), shape=(n, HASH_SIZE)), np.array(labels)


def export(weights, bias, out, meta):
    weights = weights.astype(np.float32).copy()
    weights[0] = 0.0
    graph = helper.make_graph(
        nodes=[
            helper.make_node("Gather", ["weights", "features"], ["gathered"], axis=0),
            helper.make_node("ReduceSum", ["gathered", "axes"], ["summed"], keepdims=0),
            helper.make_node("Add", ["summed", "bias"], ["logit"]),
            helper.make_node("Sigmoid", ["logit"], ["probability"]),
        ],
        name="paper_selector",
        inputs=[helper.make_tensor_value_info("features", TensorProto.INT64, ["N", "K"])],
        outputs=[helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N"])],
        initializer=[
            helper.make_tensor("weights", TensorProto.FLOAT, [HASH_SIZE], weights.tolist()),
            helper.make_tensor("bias", TensorProto.FLOAT, [1], [float(bias)]),
            helper.make_tensor("axes", TensorProto.INT64, [1], [1]),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="ml-footprint")
    model.ir_version = 8
    for key, value in meta.items():
        entry = model.metadata_props.add()
        entry.key = key
        entry.value = str(value)
    onnx.checker.check_model(model)
    onnx.save(model, out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--features", default="models/corpus/features")
    parser.add_argument("--papers", help="file of paper ids to train on (default: all)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--c", type=float, default=0.1)
    args = parser.parse_args()
    only = None
    if args.papers:
        with open(args.papers) as handle:
            only = {line.strip() for line in handle if line.strip()}
    papers = load(args.features, only)
    X, y = matrix(papers)
    if y.sum() == 0 or y.sum() == len(y):
        print("no positive or no negative candidate to learn from", file=sys.stderr)
        return 2
    model = LogisticRegression(C=args.c, solver="liblinear", max_iter=1000)
    model.fit(X, y)
    export(
        model.coef_[0],
        model.intercept_[0],
        args.out,
        {"papers": len(papers), "candidates": len(y), "positives": int(y.sum()), "C": args.c,
         "hash_size": HASH_SIZE, "model": "logistic regression (liblinear, L2)"},
    )
    print(json.dumps({"papers": len(papers), "candidates": int(len(y)), "positives": int(y.sum())}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Inter-annotator agreement on the papers of the corpus labelled twice (models/corpus/labels/second.json).

For each paper field, the two labels agree when both say "not disclosed" (null), both say "ambiguous" (skip), or
both give values that accept each other under the reference scorer's rules (numbers within 10 %, hardware keys
contained one in the other). Prints per-field and overall agreement, and Cohen's kappa on disclosed/not disclosed.

Usage: python3 scripts/corpus/agreement.py [models/corpus]"""
import json, os, re, sys, glob

FIELDS = ["hardware", "accelerator_count", "training_time_hours", "gpu_hours", "epochs", "batch_size", "params",
          "cloud_provider", "country", "energy_kwh", "co2e_kg"]
TEXT = {"hardware", "cloud_provider", "country"}


def norm(s):
    return re.sub(r"[^a-z0-9]", "", str(s).lower())


def value_match(field, a, b):
    if field in TEXT:
        return norm(a) in norm(b) or norm(b) in norm(a)
    def lo_hi(x):
        if isinstance(x, dict):
            return x["min"] * 0.95, x["max"] * 1.05
        return x * 0.9, x * 1.1
    alo, ahi = lo_hi(a)
    blo, bhi = lo_hi(b)
    return alo <= bhi and blo <= ahi


def category(label):
    if label is None:
        return "null"
    if label == "skip":
        return "skip"
    return "value"


def agree(field, a, b):
    ca, cb = category(a), category(b)
    if ca != cb:
        return False
    if ca != "value":
        return True
    return any(value_match(field, x, y) for x in a for y in b)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "models/corpus"
    first = {}
    for path in sorted(glob.glob(os.path.join(root, "labels", "*.json"))):
        if os.path.basename(path) == "second.json":
            continue
        for record in json.load(open(path)):
            first[record["id"]] = record
    second = json.load(open(os.path.join(root, "labels", "second.json")))
    totals = {f: [0, 0] for f in FIELDS}
    disclosed = []  # (first disclosed?, second disclosed?) over all fields
    disagreements = []
    for record in second:
        other = first.get(record["id"])
        if other is None:
            print(f"no first label for {record['id']}", file=sys.stderr)
            continue
        for field in FIELDS:
            a = other["expected"].get(field)
            b = record["expected"].get(field)
            totals[field][1] += 1
            if agree(field, a, b):
                totals[field][0] += 1
            else:
                disagreements.append(f"{record['id']}.{field}: {json.dumps(a)} vs {json.dumps(b)}")
            disclosed.append((category(a) != "null", category(b) != "null"))
    n_agree = sum(t[0] for t in totals.values())
    n_all = sum(t[1] for t in totals.values())
    for field in FIELDS:
        a, n = totals[field]
        print(f"{field:20} {a}/{n} agree ({a / n:.0%})" if n else f"{field:20} -")
    po = sum(1 for x, y in disclosed if x == y) / len(disclosed)
    p1 = sum(1 for x, _ in disclosed if x) / len(disclosed)
    p2 = sum(1 for _, y in disclosed if y) / len(disclosed)
    pe = p1 * p2 + (1 - p1) * (1 - p2)
    kappa = (po - pe) / (1 - pe) if pe < 1 else 1.0
    print(f"overall: {n_agree}/{n_all} field labels agree ({n_agree / n_all:.0%}) over {len(second)} papers; "
          f"Cohen's kappa on disclosed vs not disclosed: {kappa:.2f}")
    if "--verbose" in sys.argv:
        print("\n".join(disagreements))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds the corpus from the labellers' files and, where the fetched repositories are on this machine,
materialises each case's tree so the readers and the eval can run on it.

- models/corpus/labels/<labeller>.json: what each labeller wrote (provenance; second.json is the second labelling
  of a tenth of the papers, for agreement only).
- models/corpus/cases.json: one record per paper in the shape of ../shared/eval/dev/cases.json (id, repo, commit,
  paper, format, expected, expected_code, mismatch, repo_dir), validated here.
- ../corpus-cache/cases/<id>/ (outside the checkout, never committed): the repository at the labelled commit, from the bare git directory
  `fetch` left under /work/.mirror/<owner>+<name>/repo. Only pointers and labels are committed; the text stays here.

The held-out set (models/heldout/, never trained on, never read to write a rule) is built the same way:
python3 scripts/corpus/build.py --corpus models/heldout --materialise --cache ../heldout-cache

Usage: python3 scripts/corpus/build.py [--corpus models/corpus] [--materialise] [--mirror /work/.mirror] [--cache ../corpus-cache]"""
import argparse, glob, json, os, subprocess, sys

FIELDS = ["hardware", "accelerator_count", "training_time_hours", "gpu_hours", "epochs", "batch_size", "params",
          "cloud_provider", "country", "energy_kwh", "co2e_kg"]
CODE_FIELDS = {"epochs", "steps", "batch_size", "accelerator_count", "hardware", "params", "energy_kwh", "co2e_kg",
               "training_time_hours", "gpu_hours"}


def problems_of(record):
    out = []
    for key in ("id", "repo", "commit", "paper", "format", "expected"):
        if key not in record:
            out.append(f"missing {key}")
    if record.get("format") not in ("tex", "pdf"):
        out.append(f"format {record.get('format')!r}")
    if len(str(record.get("commit", ""))) != 40:
        out.append("commit is not 40 hex digits")
    for field in FIELDS:
        value = record.get("expected", {}).get(field, None)
        if not (value is None or value == "skip" or isinstance(value, list)):
            out.append(f"expected.{field} is {value!r}")
        if isinstance(value, list):
            for v in value:
                if field in ("hardware", "cloud_provider", "country"):
                    if not isinstance(v, str):
                        out.append(f"expected.{field} holds {v!r}")
                elif not (isinstance(v, (int, float)) or (isinstance(v, dict) and "min" in v and "max" in v)):
                    out.append(f"expected.{field} holds {v!r}")
    code = record.get("expected_code")
    if code is not None:
        for field, value in code.items():
            if field not in CODE_FIELDS:
                out.append(f"expected_code.{field} is not a code field")
            if not (value is None or value == "skip" or isinstance(value, list)):
                out.append(f"expected_code.{field} is {value!r}")
    for field in record.get("mismatch", []):
        if field not in FIELDS and field != "steps":
            out.append(f"mismatch names {field}")
    return out


def materialise(record, mirror, cache):
    git_dir = os.path.join(mirror, record["repo"].replace("/", "+"), "repo")
    if os.path.isdir(os.path.join(git_dir, ".git")):
        git_dir = os.path.join(git_dir, ".git")
    target = os.path.join(cache, "cases", record["id"])
    if os.path.isdir(target):
        return "cached"
    if not os.path.isdir(git_dir):
        return "no mirror"
    os.makedirs(target)
    archive = subprocess.run(["git", f"--git-dir={git_dir}", "archive", record["commit"]], capture_output=True)
    if archive.returncode == 0:
        subprocess.run(["tar", "-x", "-C", target], input=archive.stdout, check=True)
        return "archived"
    # Snapshots lack blobs of 4 MB and more: copy the files one by one, skipping what is absent.
    listing = subprocess.run(["git", f"--git-dir={git_dir}", "ls-tree", "-r", "-z", record["commit"]],
                             capture_output=True, check=True).stdout.split(b"\0")
    for entry in listing:
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind != b"blob" or mode == b"120000":
            continue
        blob = subprocess.run(["git", f"--git-dir={git_dir}", "cat-file", "blob", sha.decode()], capture_output=True)
        if blob.returncode != 0:
            continue
        dest = os.path.join(target, path.decode("utf-8", "replace"))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as handle:
            handle.write(blob.stdout)
    return "copied"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="models/corpus")
    parser.add_argument("--materialise", action="store_true")
    parser.add_argument("--mirror", default="/work/.mirror")
    parser.add_argument("--cache", default="../corpus-cache")
    args = parser.parse_args()
    records, seen, errors = [], set(), 0
    for path in sorted(glob.glob(os.path.join(args.corpus, "labels", "*.json"))):
        if os.path.basename(path) == "second.json":
            continue
        for record in json.load(open(path)):
            problems = problems_of(record)
            if record.get("id") in seen:
                problems.append("duplicate id")
            seen.add(record.get("id"))
            if problems:
                errors += 1
                print(f"{path}: {record.get('id')}: {'; '.join(problems)}", file=sys.stderr)
                continue
            case = {k: record[k] for k in ("id", "repo", "commit", "paper", "format", "expected")}
            case["expected_code"] = record.get("expected_code")
            case["mismatch"] = record.get("mismatch", [])
            if case["expected_code"] is not None:
                case["repo_dir"] = "."
            case["labelled_by"] = record.get("labelling", {}).get("by", os.path.basename(path)[:-5])
            records.append(case)
    records.sort(key=lambda r: r["id"])
    with open(os.path.join(args.corpus, "cases.json"), "w") as handle:
        json.dump(records, handle, indent=1)
        handle.write("\n")
    with_code = sum(1 for r in records if r["expected_code"] is not None)
    print(f"{len(records)} cases ({with_code} with code labels, "
          f"{sum(len(r['mismatch']) for r in records)} mismatches); {errors} records refused")
    if args.materialise:
        outcomes = {}
        for record in records:
            outcome = materialise(record, args.mirror, args.cache)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            paper = os.path.join(args.cache, "cases", record["id"], record["paper"])
            if outcome != "no mirror" and not os.path.exists(paper):
                print(f"{record['id']}: paper {record['paper']} absent from the tree", file=sys.stderr)
        print("materialised:", outcomes)
        # The cache folder is then what `ml-footprint eval <cache>/cases --code` reads: cases.json beside the cases.
        with open(os.path.join(args.cache, "cases", "cases.json"), "w") as handle:
            json.dump(records, handle, indent=1)
            handle.write("\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

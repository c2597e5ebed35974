#!/usr/bin/env python3
"""Scores a binary-classification submission with pandas + scikit-learn, the baseline for `arena score`.

Usage: pandas_score.py SOLUTION SUBMISSION [--string-ids] [--naive]

The default is a tuned pipeline: explicit dtypes for read_csv, the submission aligned to the solution with
set_index + reindex, and the checks a scorer must make (repeated, missing and extra ids). --naive is what a
notebook usually does: read_csv with inferred dtypes and a merge. Both print one JSON object shaped like
`arena score --json`.
"""
import json
import sys

import pandas as pd
import sklearn
from sklearn.metrics import roc_auc_score


def fail(message):
    print(f"pandas_score: {message}", file=sys.stderr)
    sys.exit(1)


def tuned(solution_path, submission_path, string_ids):
    id_dtype = str if string_ids else "int64"
    solution = pd.read_csv(solution_path, dtype={"id": id_dtype, "target": "int8", "Usage": "category"})
    submission = pd.read_csv(submission_path, dtype={"id": id_dtype, "target": "float64"})
    # reindex raises on repeated submission ids; a missing id (or an empty prediction) comes back as NaN. With no id
    # missing and as many rows as the solution, no id can repeat either, so the checks hold without reindex's error.
    try:
        predicted = submission.set_index("id")["target"].reindex(solution["id"]).to_numpy()
    except ValueError as e:
        fail(f"submission ids are not unique: {e}")
    missing = int(pd.isna(predicted).sum())
    if missing:
        fail(f"{missing} solution ids have no prediction")
    if len(submission) != len(solution):
        fail(f"{len(submission) - len(solution)} submission ids are not in the solution")
    truth = solution["target"].to_numpy()
    usage = solution["Usage"]
    scores = {}
    for name in ("Public", "Private"):
        rows = (usage == name).to_numpy()
        scores[name] = (float(roc_auc_score(truth[rows], predicted[rows])) if rows.any() else None, int(rows.sum()))
    return scores, len(solution)


def naive(solution_path, submission_path):
    solution = pd.read_csv(solution_path)
    submission = pd.read_csv(submission_path)
    try:
        merged = solution.merge(submission, on="id", how="left", suffixes=("", "_pred"), validate="one_to_one")
    except pd.errors.MergeError as e:
        fail(f"submission ids are not unique: {e}")
    if merged["target_pred"].isna().any() or len(submission) != len(solution):
        fail("submission ids do not match the solution's")
    scores = {}
    for name in ("Public", "Private"):
        part = merged[merged["Usage"] == name]
        scores[name] = (float(roc_auc_score(part["target"], part["target_pred"])) if len(part) else None, len(part))
    return scores, len(solution)


def main():
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    if len(paths) != 2 or flags - {"--string-ids", "--naive"}:
        fail("usage: pandas_score.py SOLUTION SUBMISSION [--string-ids] [--naive]")
    if "--naive" in flags:
        scores, total = naive(*paths)
    else:
        scores, total = tuned(*paths, "--string-ids" in flags)
    (public, public_rows), (private, private_rows) = scores["Public"], scores["Private"]
    print(json.dumps({
        "metric": "auc",
        "public": public,
        "private": private,
        "rows": {"public": public_rows, "private": private_rows, "ignored": total - public_rows - private_rows},
        "scorerVersion": f"pandas {pd.__version__}, scikit-learn {sklearn.__version__}",
    }))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Generate golden scoring test cases for Arena with scikit-learn.

Run from the repository root:

    /usr/bin/python3 tests/Arena.Scoring.Tests/Golden/generate.py

Needs Debian's python3-sklearn 1.2.1 (plus python3-numpy).  The script deletes
and recreates ./cases/ next to this file.  Every case gets its own RNG seeded
from the CRC32 of its name, so reruns produce byte-identical files and adding
a case does not change the others.

Each case folder holds solution.csv, submission.csv and case.json.  Expected
values are computed from the very float64 values written to the CSV files
(floats are written with repr(), which round-trips exactly; scientific-notation
cases compute their expected values from float(<the written string>)).
"""

import json
import math
import shutil
import sys
import warnings
import zlib
from pathlib import Path

import numpy as np
import sklearn
from sklearn import metrics as M

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
EXPECTED_SKLEARN = "1.2.1"

CASES = []  # (name, builder)


def case(fn):
    CASES.append((fn.__name__, fn))
    return fn


# --------------------------------------------------------------------------
# formatting helpers
# --------------------------------------------------------------------------

def fmt(x):
    """repr() of a float; must round-trip and must not be scientific."""
    x = float(x)
    s = repr(x)
    assert float(s) == x, (s, x)
    assert "e" not in s and "n" not in s, f"unintended scientific/nan/inf: {s}"
    return s


def fmt_int(v):
    return str(int(v))


def sci(x, rng):
    """Format x in one of several scientific notations; return the string."""
    x = float(x)
    style = int(rng.integers(0, 5))
    if style == 0:
        s = f"{x:.6e}"                       # 3.456789e-01
    elif style == 1:
        s = f"{x:.4E}"                       # 3.4568E-01
    elif style == 2:                         # 3456789e-7 (integer mantissa)
        m = int(round(x * 10 ** 7))
        s = f"{m}e-7"
    elif style == 3:                         # 0.3456789e0 / 0.3456789E+1
        if abs(x) >= 1:
            s = f"{x / 10:.9f}E+1"
        else:
            s = f"{x:.9f}e0"
    else:
        s = repr(round(x, 9))                # plain decimal, mixed in
        if "e" in s:
            s = f"{x:.9f}"
    return s


def q(s):
    return '"' + s.replace('"', '""') + '"'


def needs_quote(s):
    return any(c in s for c in ',"\r\n')


def write_csv(path, header, rows, *, crlf=False, bom=False, quote_all=False,
              quote_cols=(), final_newline=True):
    qidx = {i for i, h in enumerate(header) if h in quote_cols}
    lines = []
    for ri, row in enumerate([header] + rows):
        cells = []
        for ci, c in enumerate(row):
            quoted = quote_all or (ri > 0 and ci in qidx)
            if needs_quote(c):
                assert quoted, f"{path}: field {c!r} needs quoting but case did not ask for it"
            cells.append(q(c) if quoted else c)
        lines.append(",".join(cells))
    nl = "\r\n" if crlf else "\n"
    text = nl.join(lines) + (nl if final_newline else "")
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)


# --------------------------------------------------------------------------
# generic case emitter
# --------------------------------------------------------------------------

USAGE_VARIANTS = {
    "Public": ["Public", "public", "PUBLIC"],
    "Private": ["Private", "private", "PRIVATE"],
    "Ignored": ["Ignored", "ignored", "IGNORED"],
}

CAPTURED_WARNINGS = {}


def emit(name, rng, *, metric, task, note, ids, sol_cols, sub_cols, usage,
         score, params=None, id_col="id", id_index=0, mixed_usage_case=False,
         csv=None):
    """Write one case.

    ids      : list[str]
    sol_cols : list of (column name, list[str]) target columns of the solution
    sub_cols : list of (column name, list[str]) target columns of the submission
    usage    : np.ndarray of 'Public'/'Private'/'Ignored' or None (no Usage column)
    score    : function(np.ndarray of row indices) -> float
    """
    params = params or {}
    csv = csv or {}
    n = len(ids)
    assert len(set(ids)) == n, "duplicate ids"
    assert [c for c, _ in sol_cols] == [c for c, _ in sub_cols]
    for _, vals in sol_cols + sub_cols:
        assert len(vals) == n

    if usage is None:
        pub_idx = np.arange(n)
        priv_idx = None
        n_ign = 0
    else:
        usage = np.asarray(usage)
        pub_idx = np.flatnonzero(usage == "Public")
        priv_idx = np.flatnonzero(usage == "Private")
        n_ign = int(np.sum(usage == "Ignored"))
        assert len(pub_idx) + len(priv_idx) + n_ign == n
        assert len(pub_idx) > 0 and len(priv_idx) > 0

    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        public = float(score(pub_idx))
        private = None if priv_idx is None else float(score(priv_idx))
    msgs = sorted({f"{x.category.__name__}: {str(x.message).splitlines()[0]}" for x in w})
    if msgs:
        CAPTURED_WARNINGS[name] = msgs
    assert math.isfinite(public) and (private is None or math.isfinite(private))

    # headers
    targets = [c for c, _ in sol_cols]
    sub_header = list(targets)
    sub_header.insert(id_index, id_col)
    sol_header = sub_header + (["Usage"] if usage is not None else [])

    if usage is not None:
        if mixed_usage_case:
            usage_text = [str(rng.choice(USAGE_VARIANTS[u])) for u in usage]
        else:
            usage_text = list(usage)

    sol_rows, sub_rows = [], []
    for i in range(n):
        srow = [vals[i] for _, vals in sol_cols]
        srow.insert(id_index, ids[i])
        if usage is not None:
            srow.append(usage_text[i])
        sol_rows.append(srow)
        prow = [vals[i] for _, vals in sub_cols]
        prow.insert(id_index, ids[i])
        sub_rows.append(prow)

    perm = rng.permutation(n)
    while np.array_equal(perm, np.arange(n)):
        perm = rng.permutation(n)
    sub_rows = [sub_rows[j] for j in perm]

    d = CASES_DIR / name
    d.mkdir(parents=True)
    write_csv(d / "solution.csv", sol_header, sol_rows, **csv)
    write_csv(d / "submission.csv", sub_header, sub_rows, **csv)

    meta = {
        "metric": metric,
        "task": task,
        "params": params,
        "idColumn": None if id_col == "id" and id_index == 0 else id_col,
        "public": public,
        "private": private,
        "rows": {
            "public": int(len(pub_idx)),
            "private": 0 if priv_idx is None else int(len(priv_idx)),
            "ignored": n_ign,
        },
        "note": note,
    }
    (d / "case.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


# --------------------------------------------------------------------------
# data helpers
# --------------------------------------------------------------------------

def int_ids(rng, n, lo=1, hi=100000):
    return [str(v) for v in np.sort(rng.choice(np.arange(lo, hi), size=n, replace=False))]


def str_ids(rng, n, length=6):
    """'a1b2c3'-style ids: alternating lowercase letter / digit."""
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    digits = np.array(list("0123456789"))
    out, seen = [], set()
    while len(out) < n:
        s = "".join(str(rng.choice(letters)) if j % 2 == 0 else str(rng.choice(digits))
                    for j in range(length))
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def usage_split(rng, n, pub=0.45, priv=0.45, ign=0.10):
    return rng.choice(np.array(["Public", "Private", "Ignored"]), size=n, p=[pub, priv, ign])


def binary_data(rng, n, pos_rate=0.4, signal=1.2):
    y = (rng.random(n) < pos_rate).astype(np.int64)
    z = signal * (2 * y - 1) + rng.normal(size=n)
    p = 1.0 / (1.0 + np.exp(-z))
    return y, p


def spoil_ignored(y, p, usage, low=0.01, high=0.99):
    """Ignored rows get confidently wrong predictions, so counting them shows."""
    p = p.copy()
    ign = usage == "Ignored"
    p[ign & (y == 1)] = low
    p[ign & (y == 0)] = high
    return p


def check_both_classes(y, usage):
    for u in ("Public", "Private"):
        assert len(set(y[usage == u].tolist())) == 2, f"{u} subset lacks a class"


def binary_case(name, rng, *, metric, note, y, p, usage, score, ids, pstr=None,
                params=None, **kw):
    pstr = pstr if pstr is not None else [fmt(v) for v in p]
    return emit(name, rng, metric=metric, task="binary", note=note, ids=ids,
                sol_cols=[("target", [fmt_int(v) for v in y])],
                sub_cols=[("target", pstr)],
                usage=usage, score=score, params=params, **kw)


def thresholded(metric_fn, y, p, thr):
    yhat = (p >= thr).astype(np.int64)
    return lambda idx: metric_fn(y[idx], yhat[idx])


# --------------------------------------------------------------------------
# binary: auc
# --------------------------------------------------------------------------

@case
def auc_basic(name, rng):
    n = 300
    y, p = binary_data(rng, n)
    u = usage_split(rng, n)
    p = spoil_ignored(y, p, u)
    check_both_classes(y, u)
    binary_case(name, rng, metric="auc", y=y, p=p, usage=u, ids=int_ids(rng, n),
                score=lambda i: M.roc_auc_score(y[i], p[i]),
                note="AUC, full-precision (17-digit) probabilities, integer ids, Public/Private/Ignored")


@case
def auc_ties(name, rng):
    n = 400
    y, p = binary_data(rng, n, signal=0.8)
    p = np.round(p, 1)
    u = usage_split(rng, n)
    check_both_classes(y, u)
    binary_case(name, rng, metric="auc", y=y, p=p, usage=u, ids=str_ids(rng, n),
                score=lambda i: M.roc_auc_score(y[i], p[i]),
                note="AUC with heavy ties: probabilities rounded to 1 decimal (ties across classes), string ids")


@case
def auc_large(name, rng):
    n = 2000
    y, p = binary_data(rng, n, pos_rate=0.2, signal=1.0)
    p = np.clip(np.round(p, 6), 0.001, 0.999)
    u = usage_split(rng, n, 0.3, 0.6, 0.1)
    p = spoil_ignored(y, p, u)
    check_both_classes(y, u)
    binary_case(name, rng, metric="auc", y=y, p=p, usage=u, ids=str_ids(rng, n, 8),
                score=lambda i: M.roc_auc_score(y[i], p[i]),
                note="AUC, 2000 rows, 20% positives, 6-decimal probabilities, 8-char string ids, Ignored rows spoiled")


@case
def auc_large_ties(name, rng):
    n = 2000
    y, p = binary_data(rng, n, pos_rate=0.5, signal=0.6)
    p = np.round(p, 2)
    u = usage_split(rng, n, 0.5, 0.5, 0.0)
    check_both_classes(y, u)
    binary_case(name, rng, metric="auc", y=y, p=p, usage=u, ids=int_ids(rng, n),
                score=lambda i: M.roc_auc_score(y[i], p[i]),
                note="AUC, 2000 rows, probabilities rounded to 2 decimals (many ties), no Ignored rows")


@case
def auc_raw_scores(name, rng):
    n = 200
    y, _ = binary_data(rng, n)
    s = np.round(3.0 * y + rng.normal(scale=4.0, size=n) + 2.0, 4)
    u = usage_split(rng, n)
    check_both_classes(y, u)
    binary_case(name, rng, metric="auc", y=y, p=s, usage=u, ids=int_ids(rng, n),
                score=lambda i: M.roc_auc_score(y[i], s[i]),
                note="AUC on unbounded scores (negative and > 1), not probabilities; AUC is rank-based")


@case
def auc_crlf_bom(name, rng):
    n = 120
    y, p = binary_data(rng, n)
    p = np.round(p, 5)
    u = usage_split(rng, n)
    p = spoil_ignored(y, p, u)
    check_both_classes(y, u)
    binary_case(name, rng, metric="auc", y=y, p=p, usage=u, ids=int_ids(rng, n),
                score=lambda i: M.roc_auc_score(y[i], p[i]),
                csv=dict(crlf=True, bom=True),
                note="AUC; both files use CRLF line endings and start with a UTF-8 BOM")


@case
def auc_no_usage(name, rng):
    n = 150
    y, p = binary_data(rng, n)
    assert len(set(y.tolist())) == 2
    binary_case(name, rng, metric="auc", y=y, p=p, usage=None, ids=int_ids(rng, n),
                score=lambda i: M.roc_auc_score(y[i], p[i]),
                note="AUC; solution has no Usage column: every row is Public, private is null")


@case
def auc_custom_id_column(name, rng):
    n = 160
    y, p = binary_data(rng, n)
    p = np.round(p, 4)
    u = usage_split(rng, n)
    p = spoil_ignored(y, p, u)
    check_both_classes(y, u)
    binary_case(name, rng, metric="auc", y=y, p=p, usage=u, ids=str_ids(rng, n),
                id_col="row_id", id_index=1,
                score=lambda i: M.roc_auc_score(y[i], p[i]),
                note="AUC; id column 'row_id' is the second column (header target,row_id,Usage), string ids")


@case
def auc_all_fields_quoted(name, rng):
    n = 100
    y, p = binary_data(rng, n)
    p = np.round(p, 3)
    u = usage_split(rng, n)
    p = spoil_ignored(y, p, u)
    check_both_classes(y, u)
    binary_case(name, rng, metric="auc", y=y, p=p, usage=u, ids=str_ids(rng, n),
                mixed_usage_case=True, csv=dict(quote_all=True),
                score=lambda i: M.roc_auc_score(y[i], p[i]),
                note="AUC; every field (header, ids, numbers, Usage) is double-quoted; Usage in mixed case")


# --------------------------------------------------------------------------
# binary: logloss
# --------------------------------------------------------------------------

@case
def logloss_basic(name, rng):
    n = 300
    y, p = binary_data(rng, n)
    u = usage_split(rng, n)
    p = spoil_ignored(y, p, u, 0.0, 1.0)
    binary_case(name, rng, metric="logloss", y=y, p=p, usage=u, ids=int_ids(rng, n),
                score=lambda i: M.log_loss(y[i], p[i], eps=1e-15, labels=[0, 1]),
                note="binary logloss, full-precision probabilities; Ignored rows hold confidently wrong exact 0/1")


@case
def logloss_clip_exact(name, rng):
    n = 200
    y, p = binary_data(rng, n)
    p = np.round(p, 4)
    u = usage_split(rng, n)
    k = rng.random(n)
    p = np.where(k < 0.15, y.astype(float), p)          # exact, correct
    p = np.where((k >= 0.15) & (k < 0.22), 1.0 - y, p)  # exact, wrong -> clipped
    pstr = []
    for v in p:
        if v in (0.0, 1.0):
            pstr.append(str(rng.choice([fmt_int(v), fmt(v)])))
        else:
            pstr.append(fmt(v))
    binary_case(name, rng, metric="logloss", y=y, p=p, usage=u, ids=str_ids(rng, n), pstr=pstr,
                score=lambda i: M.log_loss(y[i], p[i], eps=1e-15, labels=[0, 1]),
                note="binary logloss with exact 0 and 1 predictions (right and wrong), written as 0/1 and 0.0/1.0; clipped to [1e-15, 1-1e-15]")


@case
def logloss_eps_param(name, rng):
    n = 150
    y, p = binary_data(rng, n)
    p = np.round(p, 4)
    u = usage_split(rng, n)
    k = rng.random(n)
    tiny = np.array([0.00000001, 0.000000005, 0.0000001, 0.0000002])
    p = np.where(k < 0.1, 1.0 - y, p)
    p = np.where((k >= 0.1) & (k < 0.2), np.where(y == 1, rng.choice(tiny, n), 1.0 - rng.choice(tiny, n)), p)
    pstr = []
    for v in p:
        s = np.format_float_positional(v, unique=True, trim="-")
        assert float(s) == v and "e" not in s
        pstr.append(s)
    binary_case(name, rng, metric="logloss", y=y, p=p, usage=u, ids=int_ids(rng, n), pstr=pstr,
                params={"eps": "1e-7"},
                score=lambda i: M.log_loss(y[i], p[i], eps=1e-7, labels=[0, 1]),
                note="binary logloss with params eps=1e-7; exact 0/1 and values beyond 1e-7 (e.g. 0.00000001, 0.9999999) get clipped")


@case
def logloss_scientific(name, rng):
    n = 160
    y, p0 = binary_data(rng, n)
    u = usage_split(rng, n, 0.45, 0.45, 0.10)
    specials = ["1e-20", "1E-20", "3.5E-01", "2.5e-1", "1e0", "1.0E+00", "0e0", "0.0E+00", "9.99999E-01", "1e-300"]
    pstr = [sci(v, rng) for v in p0]
    for j, s in zip(rng.choice(n, size=len(specials) * 2, replace=False), specials * 2):
        pstr[j] = s
    p = np.array([float(s) for s in pstr])
    binary_case(name, rng, metric="logloss", y=y, p=p, usage=u, ids=int_ids(rng, n), pstr=pstr,
                score=lambda i: M.log_loss(y[i], p[i], eps=1e-15, labels=[0, 1]),
                note="binary logloss, predictions in assorted scientific notations (1e-20, 3.5E-01, 2.5e-1, 3456789e-7, 0e0, 1e-300 ...)")


# --------------------------------------------------------------------------
# binary: average precision
# --------------------------------------------------------------------------

@case
def average_precision_basic(name, rng):
    n = 300
    y, p = binary_data(rng, n, pos_rate=0.3)
    u = usage_split(rng, n)
    p = spoil_ignored(y, p, u)
    check_both_classes(y, u)
    binary_case(name, rng, metric="average_precision", y=y, p=p, usage=u, ids=int_ids(rng, n),
                score=lambda i: M.average_precision_score(y[i], p[i]),
                note="average precision, full-precision probabilities, 30% positives")


@case
def average_precision_ties(name, rng):
    n = 250
    y, p = binary_data(rng, n, pos_rate=0.4, signal=0.7)
    p = np.round(p, 1)
    u = usage_split(rng, n)
    check_both_classes(y, u)
    binary_case(name, rng, metric="average_precision", y=y, p=p, usage=u, ids=str_ids(rng, n),
                score=lambda i: M.average_precision_score(y[i], p[i]),
                note="average precision with heavy ties (probabilities rounded to 1 decimal): tied scores form one threshold step")


# --------------------------------------------------------------------------
# binary: thresholded metrics
# --------------------------------------------------------------------------

def thr_data(rng, n, thr=0.5, frac_at=0.1):
    y, p = binary_data(rng, n)
    p = np.round(p, 3)
    at = rng.random(n) < frac_at
    p = np.where(at, thr, p)
    assert np.sum(p == thr) >= 3
    return y, p


THRESH = {
    "accuracy": M.accuracy_score,
    "f1": M.f1_score,
    "precision": M.precision_score,
    "recall": M.recall_score,
    "mcc": M.matthews_corrcoef,
}


def make_threshold_case(metric):
    def builder(name, rng):
        n = 200
        y, p = thr_data(rng, n)
        u = usage_split(rng, n)
        p = spoil_ignored(y, p, u)
        check_both_classes(y, u)
        ids = int_ids(rng, n) if metric in ("accuracy", "precision", "mcc") else str_ids(rng, n)
        binary_case(name, rng, metric=metric, y=y, p=p, usage=u, ids=ids,
                    score=thresholded(THRESH[metric], y, p, 0.5),
                    note=f"binary {metric} at default threshold 0.5 (p >= 0.5 is positive); ~10% of predictions are exactly 0.5")
    builder.__name__ = f"{metric}_binary"
    return builder


for _m in THRESH:
    case(make_threshold_case(_m))


@case
def f1_threshold_param(name, rng):
    n = 200
    y, p = thr_data(rng, n, thr=0.3)
    u = usage_split(rng, n)
    check_both_classes(y, u)
    binary_case(name, rng, metric="f1", y=y, p=p, usage=u, ids=int_ids(rng, n),
                params={"threshold": "0.3"},
                score=thresholded(M.f1_score, y, p, 0.3),
                note="binary f1 with params threshold=0.3; ~10% of predictions are exactly 0.3 (count as positive)")


@case
def mcc_threshold_param(name, rng):
    n = 180
    y, p = thr_data(rng, n, thr=0.75)
    u = usage_split(rng, n)
    check_both_classes(y, u)
    binary_case(name, rng, metric="mcc", y=y, p=p, usage=u, ids=str_ids(rng, n),
                params={"threshold": "0.75"},
                score=thresholded(M.matthews_corrcoef, y, p, 0.75),
                note="binary mcc with params threshold=0.75; ~10% of predictions are exactly 0.75")


@case
def precision_zero_division(name, rng):
    n = 120
    y, p = thr_data(rng, n)
    u = usage_split(rng, n, 0.5, 0.5, 0.0)
    # Private rows: nothing reaches the threshold -> no predicted positives.
    p = np.where(u == "Private", np.round(p * 0.49, 3), p)
    assert not np.any(p[u == "Private"] >= 0.5)
    check_both_classes(y, u)
    binary_case(name, rng, metric="precision", y=y, p=p, usage=u, ids=int_ids(rng, n),
                score=thresholded(M.precision_score, y, p, 0.5),
                note="edge: Private rows have no predicted positives -> precision 0/0, sklearn's default zero_division gives 0.0")


@case
def mcc_constant_prediction(name, rng):
    n = 120
    y, p = thr_data(rng, n)
    u = usage_split(rng, n, 0.5, 0.5, 0.0)
    # Private rows: every prediction is positive -> MCC denominator is 0.
    p = np.where(u == "Private", np.round(0.5 + p * 0.5, 3), p)
    assert np.all(p[u == "Private"] >= 0.5)
    check_both_classes(y, u)
    binary_case(name, rng, metric="mcc", y=y, p=p, usage=u, ids=str_ids(rng, n),
                score=thresholded(M.matthews_corrcoef, y, p, 0.5),
                note="edge: Private rows are all predicted positive -> MCC denominator 0, sklearn returns 0.0")


# --------------------------------------------------------------------------
# multiclass labels
# --------------------------------------------------------------------------

IRIS = ["setosa", "versicolor", "virginica"]


def mc_data(rng, n, classes, probs=None, acc=0.7, extra_pred=()):
    classes = np.array(classes, dtype=object)
    y = rng.choice(classes, size=n, p=probs)
    pool = np.array(list(classes) + list(extra_pred), dtype=object)
    yhat = np.where(rng.random(n) < acc, y, rng.choice(pool, size=n))
    return y, yhat


def check_subsets(y, yhat, usage, labels):
    """Every label occurs in y (or yhat, for labels meant to be prediction-only)
    in both the Public and the Private subset, so that per-subset label sets
    equal the whole-file label sets."""
    for u in ("Public", "Private"):
        m = usage == u
        present = set(y[m].tolist()) | set(yhat[m].tolist())
        assert present == set(labels), (u, present, labels)


def mc_case(name, rng, *, metric, note, y, yhat, usage, score, ids, col="label", **kw):
    return emit(name, rng, metric=metric, task="multiclass", note=note, ids=ids,
                sol_cols=[(col, [str(v) for v in y])],
                sub_cols=[(col, [str(v) for v in yhat])],
                usage=usage, score=score, **kw)


@case
def accuracy_multiclass_strings(name, rng):
    n = 200
    y, yhat = mc_data(rng, n, IRIS)
    u = usage_split(rng, n)
    check_subsets(y, yhat, u, IRIS)
    mc_case(name, rng, metric="accuracy", y=y, yhat=yhat, usage=u, ids=str_ids(rng, n),
            score=lambda i: M.accuracy_score(y[i], yhat[i]),
            note="multiclass accuracy on unquoted string labels setosa/versicolor/virginica, string ids")


@case
def accuracy_multiclass_ints(name, rng):
    n = 250
    y, yhat = mc_data(rng, n, [0, 1, 2, 3, 4], acc=0.6)
    y = y.astype(np.int64)
    yhat = yhat.astype(np.int64)
    u = usage_split(rng, n)
    mc_case(name, rng, metric="accuracy", y=y, yhat=yhat, usage=u, ids=int_ids(rng, n),
            score=lambda i: M.accuracy_score(y[i], yhat[i]),
            note="multiclass accuracy on integer labels 0..4, integer ids")


@case
def accuracy_quoted_special(name, rng):
    n = 120
    labels = ["Iris, setosa", 'versicolor "v"', "virginica"]
    y, yhat = mc_data(rng, n, labels)
    u = usage_split(rng, n)
    check_subsets(y, yhat, u, labels)
    mc_case(name, rng, metric="accuracy", y=y, yhat=yhat, usage=u, ids=int_ids(rng, n),
            csv=dict(quote_cols=("label",)),
            score=lambda i: M.accuracy_score(y[i], yhat[i]),
            note='multiclass accuracy; RFC 4180 quoting: labels contain a comma ("Iris, setosa") and escaped quotes ("versicolor ""v""")')


@case
def balanced_accuracy_basic(name, rng):
    n = 300
    classes = [1, 2, 3, 4]
    y, yhat = mc_data(rng, n, classes, probs=[0.55, 0.25, 0.15, 0.05], acc=0.6)
    y = y.astype(np.int64)
    yhat = yhat.astype(np.int64)
    u = usage_split(rng, n)
    check_subsets(y, yhat, u, classes)
    for s in ("Public", "Private"):
        assert set(y[u == s].tolist()) == set(classes)
    mc_case(name, rng, metric="balanced_accuracy", y=y, yhat=yhat, usage=u, ids=int_ids(rng, n),
            score=lambda i: M.balanced_accuracy_score(y[i], yhat[i]),
            note="balanced accuracy (mean per-class recall), imbalanced integer labels 1..4")


@case
def balanced_accuracy_unseen_label(name, rng):
    n = 200
    y, yhat = mc_data(rng, n, IRIS, acc=0.6, extra_pred=["unknown"])
    u = usage_split(rng, n)
    check_subsets(y, yhat, u, IRIS + ["unknown"])
    mc_case(name, rng, metric="balanced_accuracy", y=y, yhat=yhat, usage=u, ids=str_ids(rng, n),
            score=lambda i: M.balanced_accuracy_score(y[i], yhat[i]),
            note="balanced accuracy; submission predicts label 'unknown' that never occurs in the solution (sklearn: it only counts as a miss)")


@case
def macro_f1_quoted_labels(name, rng):
    n = 200
    y, yhat = mc_data(rng, n, IRIS, probs=[0.5, 0.3, 0.2], acc=0.65)
    u = usage_split(rng, n)
    check_subsets(y, yhat, u, IRIS)
    mc_case(name, rng, metric="macro_f1", y=y, yhat=yhat, usage=u, ids=str_ids(rng, n),
            mixed_usage_case=True, csv=dict(quote_cols=("label",)),
            score=lambda i: M.f1_score(y[i], yhat[i], average="macro"),
            note='macro F1; labels written in double quotes ("setosa") in both files; Usage in mixed case (public, PRIVATE, ...)')


@case
def macro_f1_unseen_label(name, rng):
    n = 240
    classes = [0, 1, 2, 3]
    y, yhat = mc_data(rng, n, classes, acc=0.65, extra_pred=[7])
    y = y.astype(np.int64)
    yhat = yhat.astype(np.int64)
    u = usage_split(rng, n)
    check_subsets(y, yhat, u, classes + [7])
    mc_case(name, rng, metric="macro_f1", y=y, yhat=yhat, usage=u, ids=int_ids(rng, n),
            score=lambda i: M.f1_score(y[i], yhat[i], average="macro"),
            note="macro F1; submission predicts label 7 never in the solution: sklearn averages over the union of labels, so label 7 adds an F1=0 class")


@case
def weighted_f1_basic(name, rng):
    n = 260
    classes = [10, 20, 30, 40, 50]
    y, yhat = mc_data(rng, n, classes, probs=[0.4, 0.25, 0.15, 0.12, 0.08], acc=0.6)
    y = y.astype(np.int64)
    yhat = yhat.astype(np.int64)
    u = usage_split(rng, n)
    check_subsets(y, yhat, u, classes)
    mc_case(name, rng, metric="weighted_f1", y=y, yhat=yhat, usage=u, ids=int_ids(rng, n),
            score=lambda i: M.f1_score(y[i], yhat[i], average="weighted"),
            note="support-weighted F1, imbalanced integer labels 10..50")


@case
def weighted_f1_unseen_label(name, rng):
    n = 200
    y, yhat = mc_data(rng, n, IRIS, acc=0.6, extra_pred=["unknown"])
    u = usage_split(rng, n)
    check_subsets(y, yhat, u, IRIS + ["unknown"])
    mc_case(name, rng, metric="weighted_f1", y=y, yhat=yhat, usage=u, ids=str_ids(rng, n),
            score=lambda i: M.f1_score(y[i], yhat[i], average="weighted"),
            note="weighted F1; submission predicts 'unknown' never in the solution (support 0, so weight 0)")


# --------------------------------------------------------------------------
# qwk
# --------------------------------------------------------------------------

def qwk_data(rng, n, ratings, probs=None):
    ratings = np.array(ratings, dtype=np.int64)
    y = rng.choice(ratings, size=n, p=probs)
    idx = np.searchsorted(ratings, y)
    noise = rng.choice([-2, -1, 0, 0, 0, 1, 2], size=n)
    yhat = ratings[np.clip(idx + noise, 0, len(ratings) - 1)]
    return y, yhat


@case
def qwk_basic(name, rng):
    n = 300
    ratings = [0, 1, 2, 3, 4, 5]
    y, yhat = qwk_data(rng, n, ratings)
    u = usage_split(rng, n)
    check_subsets(y, yhat, u, ratings)
    mc_case(name, rng, metric="qwk", y=y, yhat=yhat, usage=u, ids=int_ids(rng, n), col="rating",
            score=lambda i: M.cohen_kappa_score(y[i], yhat[i], weights="quadratic"),
            note="quadratic weighted kappa, ratings 0..5 all present in both subsets")


@case
def qwk_missing_rating(name, rng):
    n = 240
    ratings = [1, 2, 4, 5]
    y, yhat = qwk_data(rng, n, ratings)
    u = usage_split(rng, n)
    check_subsets(y, yhat, u, ratings)
    mc_case(name, rng, metric="qwk", y=y, yhat=yhat, usage=u, ids=str_ids(rng, n), col="rating",
            score=lambda i: M.cohen_kappa_score(y[i], yhat[i], weights="quadratic"),
            note="qwk with rating 3 absent everywhere (ratings 1,2,4,5): sklearn weights by index in sorted label union, so the step from 2 to 4 counts as 1")


# --------------------------------------------------------------------------
# multiclass logloss
# --------------------------------------------------------------------------

def mlogloss_score(y, P, K):
    def score(idx):
        Pi = P[idx]
        Pn = Pi / Pi.sum(axis=1, keepdims=True)
        return M.log_loss(y[idx], Pn, eps=1e-15, labels=list(range(K)))
    return score


def mlogloss_case(name, rng, *, note, y, P, K, usage, ids, pstr=None, **kw):
    cols = [f"class_{c}" for c in range(K)]
    sol = [(c, [fmt_int(int(v == k)) for v in y]) for k, c in enumerate(cols)]
    if pstr is None:
        pstr = [[fmt(v) for v in P[:, k]] for k in range(K)]
    sub = [(c, pstr[k]) for k, c in enumerate(cols)]
    assert np.all(P.sum(axis=1) > 0)
    return emit(name, rng, metric="multiclass_logloss", task="multiclass", note=note, ids=ids,
                sol_cols=sol, sub_cols=sub, usage=usage, score=mlogloss_score(y, P, K), **kw)


def softmax_probs(rng, y, K, signal=1.5):
    z = rng.normal(size=(len(y), K))
    z[np.arange(len(y)), y] += signal
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@case
def multiclass_logloss_basic(name, rng):
    n = 200
    K = 3
    y = rng.integers(0, K, size=n)
    P = np.round(softmax_probs(rng, y, K), 6)
    P = np.clip(P, 0.000001, None)
    u = usage_split(rng, n)
    mlogloss_case(name, rng, y=y, P=P, K=K, usage=u, ids=int_ids(rng, n),
                  note="multiclass logloss, 3 one-hot columns class_0..class_2, probabilities (6 decimals) summing to ~1")


@case
def multiclass_logloss_unnormalised(name, rng):
    n = 240
    K = 4
    y = rng.integers(0, K, size=n)
    P = np.round(softmax_probs(rng, y, K), 4)
    k = rng.random(n)
    # Arena accepts each cell in [0, 1] (a probability) but not rows summing to 1: scale rows down, or up to a max of 1.
    scale = rng.choice([0.1, 0.5, 0.9], size=n)
    P = np.where((k < 0.2)[:, None], np.round(P * scale[:, None], 4), P)   # rows summing to less than 1
    P = np.where(((k >= 0.2) & (k < 0.4))[:, None], np.round(P / P.max(axis=1, keepdims=True), 4), P)  # rows summing to more than 1
    onehot_right = np.eye(K)[y]
    onehot_wrong = np.eye(K)[(y + 1 + rng.integers(0, K - 1, size=n)) % K]
    P = np.where(((k >= 0.4) & (k < 0.5))[:, None], onehot_right, P)         # exact [0,1,0,0], right
    P = np.where(((k >= 0.5) & (k < 0.57))[:, None], onehot_wrong, P)      # exact 0 on the true class
    P = np.where(((k >= 0.57) & (k < 0.62))[:, None], 0.5 * onehot_right, P)  # [0,0.5,0,0]
    zero_cells = (rng.random((n, K)) < 0.08) & ~np.eye(K, dtype=bool)[y]
    P = np.where(zero_cells & (k >= 0.62)[:, None], 0.0, P)                 # scattered exact zeros
    P = P.astype(np.float64)
    u = usage_split(rng, n)
    pstr = []
    for c in range(K):
        col = []
        for v in P[:, c]:
            if v in (0.0, 1.0):
                col.append(str(rng.choice([fmt_int(v), fmt(v)])))
            else:
                col.append(fmt(v))
        pstr.append(col)
    mlogloss_case(name, rng, y=y, P=P, K=K, usage=u, ids=str_ids(rng, n), pstr=pstr,
                  note="multiclass logloss, 4 classes; rows summing to less or more than 1 (cells stay in [0,1]), exact 0 and 1 cells (written 0/1/0.0/1.0), one-hot wrong rows; normalise rows then clip 1e-15")


# --------------------------------------------------------------------------
# regression
# --------------------------------------------------------------------------

def reg_data(rng, n, loc=50.0, scale=20.0, noise=8.0, decimals=3):
    y = np.round(rng.normal(loc, scale, size=n), decimals)
    p = np.round(y + rng.normal(0, noise, size=n), decimals)
    return y, p


def reg_case(name, rng, *, metric, note, y, p, usage, score, ids, ystr=None, pstr=None, **kw):
    return emit(name, rng, metric=metric, task="regression", note=note, ids=ids,
                sol_cols=[("target", ystr if ystr is not None else [fmt(v) for v in y])],
                sub_cols=[("target", pstr if pstr is not None else [fmt(v) for v in p])],
                usage=usage, score=score, **kw)


def spoil_reg(y, p, usage, delta=1000.0):
    return np.where(usage == "Ignored", y + delta, p)


def rmse(y, p):
    return np.sqrt(M.mean_squared_error(y, p))


@case
def rmse_basic(name, rng):
    n = 250
    y = rng.normal(10.0, 5.0, size=n)
    p = y + rng.normal(0, 2.0, size=n)
    u = usage_split(rng, n)
    p = spoil_reg(y, p, u)
    reg_case(name, rng, metric="rmse", y=y, p=p, usage=u, ids=int_ids(rng, n),
             score=lambda i: rmse(y[i], p[i]),
             note="RMSE, full-precision floats including negatives; Ignored rows are off by 1000")


@case
def rmse_scientific(name, rng):
    n = 200
    y0 = np.abs(rng.normal(300.0, 200.0, size=n)) + 0.001
    p0 = y0 * np.exp(rng.normal(0, 0.2, size=n))
    ystr = [sci(v, rng) for v in y0]
    pstr = [sci(v, rng) for v in p0]
    specials = ["1.25e-03", "3.5E+02", "-2.0e1", "6.02E+2", "1e3", "7E-1"]
    for j, s in zip(rng.choice(n, size=len(specials), replace=False), specials):
        pstr[j] = s
    for j, s in zip(rng.choice(n, size=len(specials), replace=False), specials):
        ystr[j] = s
    y = np.array([float(s) for s in ystr])
    p = np.array([float(s) for s in pstr])
    u = usage_split(rng, n)
    reg_case(name, rng, metric="rmse", y=y, p=p, usage=u, ids=str_ids(rng, n), ystr=ystr, pstr=pstr,
             score=lambda i: rmse(y[i], p[i]),
             note="RMSE; solution and submission values in assorted scientific notations (1.25e-03, 3.5E+02, -2.0e1, 3456789e-7, 0.5e0 ...)")


@case
def mse_basic(name, rng):
    n = 200
    y, p = reg_data(rng, n)
    u = usage_split(rng, n)
    p = spoil_reg(y, p, u)
    reg_case(name, rng, metric="mse", y=y, p=p, usage=u, ids=int_ids(rng, n),
             score=lambda i: M.mean_squared_error(y[i], p[i]),
             note="MSE, 3-decimal values")


@case
def mse_no_final_newline(name, rng):
    n = 80
    y, p = reg_data(rng, n, decimals=2)
    u = usage_split(rng, n)
    reg_case(name, rng, metric="mse", y=y, p=p, usage=u, ids=str_ids(rng, n),
             csv=dict(final_newline=False),
             score=lambda i: M.mean_squared_error(y[i], p[i]),
             note="MSE; neither file ends with a newline after the last row")


@case
def mae_basic(name, rng):
    n = 220
    y, p = reg_data(rng, n, loc=0.0, scale=30.0, noise=10.0, decimals=4)
    u = usage_split(rng, n)
    p = spoil_reg(y, p, u)
    reg_case(name, rng, metric="mae", y=y, p=p, usage=u, ids=str_ids(rng, n),
             score=lambda i: M.mean_absolute_error(y[i], p[i]),
             note="MAE, values around 0 (many negatives)")


@case
def mae_no_usage(name, rng):
    n = 100
    y, p = reg_data(rng, n)
    reg_case(name, rng, metric="mae", y=y, p=p, usage=None, ids=int_ids(rng, n),
             score=lambda i: M.mean_absolute_error(y[i], p[i]),
             note="MAE; solution has no Usage column: every row is Public, private is null")


@case
def r2_basic(name, rng):
    n = 240
    x = rng.normal(size=n)
    y = np.round(3.0 * x + rng.normal(size=n), 5)
    p = np.round(2.5 * x + rng.normal(0, 1.5, size=n), 5)
    u = usage_split(rng, n)
    p = spoil_reg(y, p, u)
    reg_case(name, rng, metric="r2", y=y, p=p, usage=u, ids=int_ids(rng, n),
             score=lambda i: M.r2_score(y[i], p[i]),
             note="R^2 (coefficient of determination), mean of each subset's own targets")


@case
def r2_negative(name, rng):
    n = 120
    y, _ = reg_data(rng, n, loc=5.0, scale=2.0)
    p = np.round(rng.normal(9.0, 4.0, size=n), 3)
    u = usage_split(rng, n)
    reg_case(name, rng, metric="r2", y=y, p=p, usage=u, ids=str_ids(rng, n),
             score=lambda i: M.r2_score(y[i], p[i]),
             note="R^2 of a bad model: the score is negative")


@case
def rmsle_basic(name, rng):
    n = 220
    y = np.round(rng.lognormal(3.0, 1.2, size=n), 2)
    p = np.round(y * rng.lognormal(0.0, 0.4, size=n), 2)
    zy = rng.random(n) < 0.07
    zp = rng.random(n) < 0.07
    y = np.where(zy, 0.0, y)
    p = np.where(zp, 0.0, p)
    u = usage_split(rng, n)
    p = np.where(u == "Ignored", y * 50.0 + 100.0, p)
    assert np.all(y >= 0) and np.all(p >= 0)
    reg_case(name, rng, metric="rmsle", y=y, p=p, usage=u, ids=int_ids(rng, n),
             score=lambda i: np.sqrt(M.mean_squared_log_error(y[i], p[i])),
             note="RMSLE = sqrt(mean((log1p(p)-log1p(y))^2)), non-negative values with some exact zeros in both files")


@case
def mape_basic(name, rng):
    n = 200
    y = np.round(rng.uniform(5.0, 500.0, size=n), 2)
    p = np.round(y * rng.normal(1.0, 0.15, size=n), 2)
    neg = rng.random(n) < 0.2
    y = np.where(neg, -y, y)
    p = np.where(neg, -p, p)
    u = usage_split(rng, n)
    p = spoil_reg(y, p, u)
    reg_case(name, rng, metric="mape", y=y, p=p, usage=u, ids=str_ids(rng, n),
             score=lambda i: M.mean_absolute_percentage_error(y[i], p[i]),
             note="MAPE as a fraction (not %), targets never 0, 20% negative targets (abs(y) in the denominator)")


@case
def mape_zero_target(name, rng):
    n = 150
    y = np.round(rng.uniform(1.0, 100.0, size=n), 3)
    p = np.round(y * rng.normal(1.0, 0.1, size=n), 3)
    u = usage_split(rng, n)
    for s in ("Public", "Private"):
        j = np.flatnonzero(u == s)[:2]
        y[j] = 0.0
    p[np.flatnonzero(y == 0.0)[0]] = 0.0   # one zero target predicted exactly: 0/eps = 0
    u = np.asarray(u)
    reg_case(name, rng, metric="mape", y=y, p=p, usage=u, ids=int_ids(rng, n),
             score=lambda i: M.mean_absolute_percentage_error(y[i], p[i]),
             note="MAPE with exact-zero targets: denominator is max(abs(y), 2.220446049250313e-16), so the score is ~1e15; one zero target predicted exactly 0")


# --------------------------------------------------------------------------
# ranking: map@k
# --------------------------------------------------------------------------

def apk(actual, predicted, k=10):
    if len(predicted) > k:
        predicted = predicted[:k]
    actual_set = set(actual)
    score = 0.0
    num_hits = 0.0
    for i, p in enumerate(predicted):
        if p in actual_set and p not in predicted[:i]:
            num_hits += 1.0
            score += num_hits / (i + 1.0)
    if not actual:
        return 0.0
    return score / min(len(actual), k)


def seq_mean(xs):
    total = 0.0
    for x in xs:
        total += x
    return total / len(xs)


def map_data(rng, n, *, universe, max_actual, max_pred, dup_rate=0.0, empty_actual=0.0,
             empty_pred=0.0, prefix="i"):
    items = [f"{prefix}{v}" for v in range(1, universe + 1)]
    actual, pred = [], []
    for _ in range(n):
        if rng.random() < empty_actual:
            a = []
        else:
            m = int(rng.integers(1, max_actual + 1))
            a = [str(v) for v in rng.choice(items, size=m, replace=False)]
        if rng.random() < empty_pred:
            pr = []
        else:
            L = int(rng.integers(1, max_pred + 1))
            hits = [x for x in a if rng.random() < 0.6]
            others = [str(v) for v in rng.choice(items, size=L, replace=False) if v not in a]
            pr = hits + others
            rng.shuffle(pr)
            pr = pr[:L] if len(pr) > L else pr
            if dup_rate > 0 and pr:
                for _ in range(int(rng.integers(0, 4))):
                    if rng.random() < dup_rate:
                        pos = int(rng.integers(0, len(pr) + 1))
                        pr.insert(pos, pr[int(rng.integers(0, len(pr)))])
        actual.append(a)
        pred.append(pr)
    return actual, pred


def map_case(name, rng, *, note, actual, pred, k, params, usage, ids, **kw):
    def score(idx):
        return seq_mean([apk(actual[i], pred[i], k) for i in idx])
    return emit(name, rng, metric="map@k", task="ranking", note=note, ids=ids,
                sol_cols=[("items", [" ".join(a) for a in actual])],
                sub_cols=[("items", [" ".join(p) for p in pred])],
                usage=usage, score=score, params=params, **kw)


@case
def map_at_k_basic(name, rng):
    n = 200
    actual, pred = map_data(rng, n, universe=60, max_actual=6, max_pred=8)
    u = usage_split(rng, n)
    map_case(name, rng, actual=actual, pred=pred, k=5, params={"k": "5"}, usage=u, ids=int_ids(rng, n),
             note="MAP@5, item ids like i17, up to 8 predictions per row (truncated to 5), no duplicates, no empty rows")


@case
def map_at_k_default(name, rng):
    n = 200
    actual, pred = map_data(rng, n, universe=200, max_actual=15, max_pred=14, prefix="")
    u = usage_split(rng, n)
    assert any(len(a) > 10 for a in actual) and any(len(p) > 10 for p in pred)
    map_case(name, rng, actual=actual, pred=pred, k=10, params={}, usage=u, ids=str_ids(rng, n),
             note="MAP@k with default k=10 (params {}), numeric item ids, some rows with >10 relevant items (denominator min(len(actual),10)) or >10 predictions")


@case
def map_at_k_duplicates(name, rng):
    n = 240
    actual, pred = map_data(rng, n, universe=40, max_actual=5, max_pred=6, dup_rate=0.8,
                            empty_actual=0.08, empty_pred=0.05, prefix="p")
    u = usage_split(rng, n)
    assert any(len(set(p)) < len(p) for p in pred)
    for s in ("Public", "Private"):
        m = np.flatnonzero(u == s)
        assert any(not actual[i] for i in m) and any(not pred[i] for i in m)
    map_case(name, rng, actual=actual, pred=pred, k=3, params={"k": "3"}, usage=u, ids=int_ids(rng, n),
             note="MAP@3 with duplicated predictions (a repeat counts once but uses up a slot), rows with empty solution (score 0, still counted) and empty submission")


# --------------------------------------------------------------------------
# ranking: ndcg@k
# --------------------------------------------------------------------------

def ndcg_row(grades, ranked, k):
    dcg = 0.0
    for i, it in enumerate(ranked[:k]):
        dcg += (2.0 ** grades.get(it, 0) - 1.0) / math.log2(i + 2)
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = 0.0
    for i, g in enumerate(ideal):
        idcg += (2.0 ** g - 1.0) / math.log2(i + 2)
    assert idcg > 0
    return dcg / idcg


def ndcg_crosscheck(grades, ranked, k, value):
    """Check against sklearn.metrics.ndcg_score using gains 2^g-1 (possible when
    the submission ranks at least k items)."""
    if len(ranked) < k:
        return
    universe = list(ranked) + [it for it in grades if it not in ranked]
    gains = np.array([[2.0 ** grades.get(it, 0) - 1.0 for it in universe]])
    scores = np.array([[float(len(universe) - j) for j in range(len(universe))]])
    ref = M.ndcg_score(gains, scores, k=k)
    assert abs(ref - value) <= 1e-12, (ref, value)


def ndcg_data(rng, n, *, universe, max_items, max_pred, empty_pred=0.0, zero_grade_rate=0.2):
    items = [f"d{v}" for v in range(1, universe + 1)]
    sols, preds = [], []
    for _ in range(n):
        m = int(rng.integers(1, max_items + 1))
        chosen = [str(v) for v in rng.choice(items, size=m, replace=False)]
        g = [int(v) for v in rng.integers(1, 5, size=m)]
        g = [0 if rng.random() < zero_grade_rate else x for x in g]
        if max(g) == 0:
            g[int(rng.integers(0, m))] = int(rng.integers(1, 5))
        grades = dict(zip(chosen, g))
        if rng.random() < empty_pred:
            pr = []
        else:
            L = int(rng.integers(1, max_pred + 1))
            cand = [x for x in chosen if rng.random() < 0.7]
            cand += [str(v) for v in rng.choice(items, size=L, replace=False) if v not in grades]
            cand = list(dict.fromkeys(cand))
            rng.shuffle(cand)
            pr = cand[:L]
        sols.append(grades)
        preds.append(pr)
    return sols, preds


def ndcg_case(name, rng, *, note, sols, preds, k, params, usage, ids, **kw):
    for g, p in zip(sols, preds):
        assert len(set(p)) == len(p)
        ndcg_crosscheck(g, p, k, ndcg_row(g, p, k))

    def score(idx):
        return seq_mean([ndcg_row(sols[i], preds[i], k) for i in idx])
    return emit(name, rng, metric="ndcg@k", task="ranking", note=note, ids=ids,
                sol_cols=[("items", [" ".join(f"{it}:{g}" for it, g in s.items()) for s in sols])],
                sub_cols=[("items", [" ".join(p) for p in preds])],
                usage=usage, score=score, params=params, **kw)


@case
def ndcg_at_k_basic(name, rng):
    n = 200
    sols, preds = ndcg_data(rng, n, universe=50, max_items=8, max_pred=8)
    u = usage_split(rng, n)
    ndcg_case(name, rng, sols=sols, preds=preds, k=5, params={"k": "5"}, usage=u, ids=int_ids(rng, n),
              note="NDCG@5 with gains 2^g-1, grades 0..4 (some explicit item:0), submitted items absent from the solution have grade 0")


@case
def ndcg_at_k_default(name, rng):
    n = 200
    sols, preds = ndcg_data(rng, n, universe=120, max_items=14, max_pred=13, empty_pred=0.04)
    u = usage_split(rng, n)
    assert any(len(s) > 10 for s in sols) and any(len(p) < 10 for p in preds)
    ndcg_case(name, rng, sols=sols, preds=preds, k=10, params={}, usage=u, ids=str_ids(rng, n),
              note="NDCG@k with default k=10 (params {}); rows with >10 graded items (IDCG uses top 10), rows with fewer than 10 or no submitted items")


# --------------------------------------------------------------------------

def main():
    if sklearn.__version__ != EXPECTED_SKLEARN:
        sys.exit(f"expected scikit-learn {EXPECTED_SKLEARN}, found {sklearn.__version__} "
                 "(use Debian's /usr/bin/python3 with python3-sklearn)")
    if CASES_DIR.exists():
        shutil.rmtree(CASES_DIR)
    CASES_DIR.mkdir(parents=True)
    names = [n for n, _ in CASES]
    assert len(set(names)) == len(names)
    table = "--table" in sys.argv
    for name, fn in CASES:
        rng = np.random.default_rng(zlib.crc32(name.encode("utf-8")))
        fn(name, rng)
        meta = json.loads((CASES_DIR / name / "case.json").read_text(encoding="utf-8"))
        if table:
            params = ", ".join(f"{k}={v}" for k, v in meta["params"].items()) or "-"
            print(f"| {name} | {meta['metric']} | {params} | {meta['note']} |")
        else:
            print(f"{name:34s} {meta['metric']:20s} public={meta['public']!r} private={meta['private']!r}")
    if not table and CAPTURED_WARNINGS:
        print("\nsklearn warnings while computing expected values:")
        for name, msgs in CAPTURED_WARNINGS.items():
            for m in msgs:
                print(f"  {name}: {m}")


if __name__ == "__main__":
    main()

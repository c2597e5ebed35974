#!/usr/bin/env python3
"""Writes a binary-classification solution and submission for the scoring benchmark.

Ids are integers (or "a1b2c3"-style strings with --string-ids), the submission is shuffled, probabilities have
6 decimals, and Usage is 30% Public / 70% Private. Usage: make_data.py ROWS OUT_DIR [--string-ids]
"""
import os
import sys

import numpy as np


def string_ids(n, rng):
    alphabet = np.array(list("abcdefghijklmnopqrstuvwxyz0123456789"))
    # a unique 8-character code per row: the index in base 36, scrambled by a fixed permutation of digits
    digits = np.empty((n, 8), dtype="<U1")
    x = np.arange(n, dtype=np.int64) * 2654435761 % (36 ** 8)
    for i in range(8):
        digits[:, 7 - i] = alphabet[x % 36]
        x //= 36
    return np.array(["".join(r) for r in digits])


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    use_strings = "--string-ids" in sys.argv
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261125)
    y = (rng.random(n) < 0.3).astype(np.int8)
    p = np.clip(rng.normal(0.35 + 0.3 * y, 0.2), 0, 1)
    usage = np.where(rng.random(n) < 0.3, "Public", "Private")
    ids = string_ids(n, rng) if use_strings else np.arange(1, n + 1).astype(str)
    with open(os.path.join(out, "solution.csv"), "w") as f:
        f.write("id,target,Usage\n")
        f.writelines(f"{i},{t},{u}\n" for i, t, u in zip(ids, y, usage))
    order = rng.permutation(n)
    with open(os.path.join(out, "submission.csv"), "w") as f:
        f.write("id,target\n")
        f.writelines(f"{ids[i]},{p[i]:.6f}\n" for i in order)


if __name__ == "__main__":
    main()

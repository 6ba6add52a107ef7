#!/usr/bin/env python3
"""Micro-F1 of a run's test clips when each clip's number of instruments is known.

Reads the window-logits.json that `timbre evaluate` and `timbre demo` write into a run directory and reports,
beside the micro-F1 of the S2 rule at the given threshold, the micro-F1 of reporting exactly the k best-ranked
classes of each clip (by mean window sigmoid), k being the clip's true number of labels. No threshold can do
better than a ranking allows, so the second figure separates a ranking problem from a threshold problem. Plain
Python 3, no packages.

    python3 bench/analysis/known_count_f1.py runs/demo [--s2 0.38]
"""
import argparse
import json
import math
import os
import sys


def sigmoid(x):
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


def micro_f1(predicted, truth):
    tp = sum(p * t for ps, ts in zip(predicted, truth) for p, t in zip(ps, ts))
    n = sum(map(sum, predicted)) + sum(map(sum, truth))
    return 2 * tp / n if n else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", help="run directory holding window-logits.json")
    ap.add_argument("--s2", type=float, default=0.4, help="S2 threshold to compare with (default 0.4)")
    a = ap.parse_args()
    path = os.path.join(a.run, "window-logits.json")
    try:
        with open(path) as f:
            d = json.load(f)
        truth = [[int(v) for v in t] for t in d["truth"]]
        logits = d["logits"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        sys.exit(f"{path}: {e.strerror if isinstance(e, OSError) else 'not a window-logits file (' + str(e) + ')'}")
    known, s2 = [], []
    by_count = {}
    for windows, t in zip(logits, truth):
        sig = [[sigmoid(v) for v in w] for w in windows]
        classes = len(t)
        mean = [sum(w[c] for w in sig) / len(sig) for c in range(classes)]
        total = [sum(w[c] for w in sig) for c in range(classes)]
        top = max(total)
        s2.append([1 if v / top > a.s2 else 0 for v in total])
        k = sum(t)
        best = sorted(range(classes), key=lambda c: -mean[c])[:k]
        known.append([1 if c in best else 0 for c in range(classes)])
        by_count.setdefault(k, []).append(len(known) - 1)
    print(f"{len(truth)} clips, {sum(map(sum, truth)) / len(truth):.2f} labels each on average")
    print(f"micro-F1, S2 theta2={a.s2}: {micro_f1(s2, truth):.3f}")
    print(f"micro-F1, the k best-ranked classes (k known): {micro_f1(known, truth):.3f}")
    for k in sorted(by_count):
        idx = by_count[k]
        print(f"  {len(idx):3d} clips with {k} label(s): S2 {micro_f1([s2[i] for i in idx], [truth[i] for i in idx]):.3f}"
              f", k known {micro_f1([known[i] for i in idx], [truth[i] for i in idx]):.3f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Training and inference clips/s of one of timbre's networks in timbre and in PyTorch, measured side by side: the two
# commands alternate (timbre, PyTorch, timbre, PyTorch, ...) so that a noisy host slows both alike, and each pair
# gives a ratio. PyTorch runs with the C heap settings timbre applies to itself (NativeAllocator, and the one arena
# ./timbre asks for), so the comparison is of the engines, not of glibc's defaults.
#
#   bench/pytorch/compare.sh [--model cnn|crnn|pooled-cnn|coatnet] [--hidden 16|32] [--features study|compact]
#                            [--coatnet-size coatnet_0|nano] [--batch 64] [--reps 2] [--steps 10]
#
# The default tagger's network is --model pooled-cnn --hidden 16 --features compact; CoAtNet takes --batch 32.
#
# Needs Debian's PyTorch (apt-get install python3-torch; PYTHON=... for another interpreter) and a built jar (./timbre builds it). Prints one row per
# repetition and the median ratios, as a Markdown table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model=cnn hidden=16 batch=64 reps=2 steps=10 features=study size=coatnet_0
while [[ $# -gt 0 ]]; do
  case $1 in
    --model) model=$2; shift 2 ;;
    --hidden) hidden=$2; shift 2 ;;
    --features) features=$2; shift 2 ;;
    --coatnet-size) size=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
# Debian's PyTorch belongs to Debian's Python, which another python3 earlier on PATH may hide; PYTHON overrides.
py=${PYTHON:-/usr/bin/python3}
"$py" -c "import torch" 2>/dev/null || { echo "compare.sh: $py has no PyTorch (apt-get install python3-torch, or set PYTHON)" >&2; exit 1; }
field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])['$1'])"; }
echo "| rep | timbre train | PyTorch train | ratio | timbre infer | PyTorch infer | ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
tr=() ir=()
for ((i = 1; i <= reps; i++)); do
  t=$(TIMBRE_PROGRESS=0 "$root/timbre" bench train --model "$model" --hidden "$hidden" --batch "$batch" \
      --features "$features" --coatnet-size "$size" --steps "$steps" --json 2>/dev/null)
  p=$(MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=134217728 \
      "$py" "$root/bench/pytorch/study_train_step.py" --model "$model" --hidden "$hidden" --batch "$batch" \
      --features "$features" --coatnet-size "$size" --steps "$steps" --threads 2)
  if [[ $(field parameters <<<"$t") != $(field trainableParameters <<<"$p") ]]; then
    echo "compare.sh: the two networks differ: $(field parameters <<<"$t") trainable parameters in timbre," \
      "$(field trainableParameters <<<"$p") in PyTorch" >&2
    exit 1
  fi
  tt=$(field train_clips_per_s <<<"$t"); ti=$(field inference_clips_per_s <<<"$t")
  pt=$(field trainClipsPerSecond <<<"$p"); pi=$(field inferenceClipsPerSecond <<<"$p")
  r1=$(python3 -c "print(f'{$tt/$pt:.2f}')"); r2=$(python3 -c "print(f'{$ti/$pi:.2f}')")
  tr+=("$r1"); ir+=("$r2")
  echo "| $i | $tt | $pt | $r1 | $ti | $pi | $r2 |"
done
median() { printf '%s\n' "$@" | sort -n | python3 -c "import sys; v=[float(x) for x in sys.stdin]; n=len(v); print(f'{(v[(n-1)//2]+v[n//2])/2:.2f}')"; }
echo
label=$model; [[ $model == coatnet ]] && label="coatnet $size" || label="$model n=$hidden"
echo "$label, $features features, batch $batch: timbre/PyTorch median ratio, training $(median "${tr[@]}"), inference $(median "${ir[@]}")"

#!/usr/bin/env bash
# Measure what the `paper` tier costs on this machine in about an hour and a half, instead of the
# 13 hours and more that running it to the end takes.
#
# Every stage of the paper tier except the paper-size tracking stages is shared with the default tier
# (same keys, cached). Each tracking stage is run through generate and phase 1 to completion, then
# tracked for STEPS tracked steps or WINDOW seconds of tracking, whichever comes first, and stopped with
# SIGINT (its checkpoint stays, so `make figures TIER=paper` resumes it later). Printed, one line each:
# the seconds until tracking began (generate, data and phase 1), the tracked steps measured, the
# seconds per tracked step over them, and the stage's projected time for TRACKED steps.
#
#   scripts/time-paper-tier.sh [STAGE ...]        (default: every paper-size tracking train stage)
#   STEPS=60 WINDOW=600 TRACKED=2000 OUT=/tmp/paper-timing.tsv
#
# A stage that resumes from a checkpoint skips phase 1; its line says so and its time until tracking
# is not a phase-1 measurement. Needs a release build (make build).
set -euo pipefail
cd "$(dirname "$0")/.."

STEPS=${STEPS:-60}
WINDOW=${WINDOW:-600}
TRACKED=${TRACKED:-2000}
OUT=${OUT:-/tmp/paper-timing.tsv}
PIPELINE=${PIPELINE:-.build/release/pipeline}
TIER=${TIER:-paper}   # another tier only to try the script out quickly
[ -x "$PIPELINE" ] || { echo "error: $PIPELINE not found; run make build first" >&2; exit 1; }

if [ $# -eq 0 ]; then
  set -- tracking/mlp-tanh/train tracking/mlp-softplus/train tracking/cnn-tanh/train \
         'tracking/ce-binary/train[prediction=standard]' 'tracking/ce-binary/train[prediction=generalised]'
fi

# The engine's log of a stage, .pipeline/logs/<tier>/<name>.log, with the name made safe as
# Store.safeName does: every character but letters, digits and - _ . = becomes '_'.
log_of() { echo ".pipeline/logs/$TIER/$(printf '%s' "$1" | sed 's/[^[:alnum:]_.=-]/_/g').log"; }
# The last "progress: K/N tracked steps ... elapsed Es" line of a log, as "K E" (only progress lines:
# the stage's "note:" lines mention tracked steps too).
last_tracked() { grep -a '^progress: [0-9]*/[0-9]* tracked steps' "$1" 2>/dev/null | tail -n 1 | sed -E 's/^progress: ([0-9]+)\/[0-9]+ .*elapsed ([0-9.]+)s.*/\1 \2/' || true; }

printf 'stage\tuntil_tracking_s\ttracked_steps_measured\ts_per_tracked_step\tprojected_s\tnote\n' | tee "$OUT"
for stage in "$@"; do
  log=$(log_of "$stage")
  rm -f "$log"
  start=$(date +%s.%N)
  "$PIPELINE" run --tier "$TIER" -j 1 --force "$stage" "$stage" >/tmp/paper-timing-run.log 2>&1 &
  runner=$!
  tracking_began=""
  note=""
  while kill -0 "$runner" 2>/dev/null; do
    sleep 5
    progress=$(last_tracked "$log")
    if [ -n "$progress" ]; then
      read -r steps elapsed <<<"$progress"
      [ -n "$tracking_began" ] || tracking_began=$(awk -v now="$(date +%s.%N)" -v s="$start" -v e="$elapsed" 'BEGIN { print now - s - e }')
      if [ "$steps" -ge "$STEPS" ] || awk -v e="$elapsed" -v w="$WINDOW" 'BEGIN { exit !(e >= w) }'; then
        kill -INT "$runner" 2>/dev/null || true
        break
      fi
    fi
  done
  wait "$runner" 2>/dev/null || true
  grep -q 'resuming from tracked step' "$log" 2>/dev/null && note="resumed from a checkpoint: no phase 1"
  progress=$(last_tracked "$log")
  if [ -z "$progress" ]; then
    printf '%s\t-\t0\t-\t-\tnever reached tracking (see %s)\n' "$stage" "$log" | tee -a "$OUT"
    continue
  fi
  read -r steps elapsed <<<"$progress"
  [ -n "$tracking_began" ] || tracking_began=$(awk -v now="$(date +%s.%N)" -v s="$start" -v e="$elapsed" 'BEGIN { print now - s - e }')
  per_step=$(awk -v e="$elapsed" -v k="$steps" 'BEGIN { printf "%.3f", e / k }')
  projected=$(awk -v b="$tracking_began" -v p="$per_step" -v n="$TRACKED" 'BEGIN { printf "%.0f", b + p * n }')
  printf '%s\t%.0f\t%s\t%s\t%s\t%s\n' "$stage" "$tracking_began" "$steps" "$per_step" "$projected" "$note" | tee -a "$OUT"
done

#!/usr/bin/env bash
# Screen candidate settings for a column of the Fig. 3 analogue before paying for it in the pipeline
# (docs/eos.md §5 C12, §6): generate, phase 1 and up to STEPS tracked steps of `eos.tracking` per setting,
# then one line each: the setting, the phase-1 crossing step, the largest λ₂·η/2 over the 50-step
# checks, the tracked steps reached and why tracking stopped. A setting passes when λ₂·η/2 < 0.95 at
# every check and it tracks ≥ 300 steps; a crossing within a few dozen steps is a catapult, not
# progressive sharpening.
#
#   scripts/screen-tracking-column.sh 'JSON generate parameters' ...
#   STEPS=600 OUT=/tmp/screen (work folder; one subfolder per setting)
#
# Example (the screen recorded in the README):
#   base='"dataset":"fashion-mnist","examples":500,"pooling":2,"hidden_widths":[32,32]'
#   scripts/screen-tracking-column.sh "{$base,\"activation\":\"softplus\",\"sharpness_ratio\":3}"
# Needs a release build (make build) and h5dump (hdf5-tools).
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${STEPS:-600}
OUT=${OUT:-/tmp/screen}
bin=.build/release
printf 'setting\tcrossing_step\tmax_lambda2_eta_over_2\ttracked_steps\tstop_reason\n'
for setting in "$@"; do
  folder="$OUT/$(printf '%s' "$setting" | sha256sum | cut -c1-12)"
  mkdir -p "$folder"
  "$bin/generate" --experiment eos.tracking --parameters "$setting" --output-dir "$folder" --quiet 2> "$folder/stage.log"
  "$bin/train" --experiment eos.tracking --parameters "{\"tracked_steps\": $STEPS}" \
    --input setup="$folder/setup.h5" --output-dir "$folder" --quiet 2>> "$folder/stage.log"
  t="$folder/trajectory.h5"
  values() { h5dump -d "$1" "$t" | sed -n '/DATA {/,/}/p' | sed 's/([0-9,]*)://g; s/DATA {//; s/}//' | tr -s ', \n' '\n\n\n' | grep -v '^$' || true; }
  eta=$(values /learning_rate)
  crossing=$(values /phase1/crossing_step)
  steps=$(values /tracking/step | wc -l)
  gap=$(values /tracking/checks/lambda2 | awk -v eta="$eta" 'BEGIN { m = -1 } { r = $1 * eta / 2; if (r > m) m = r } END { printf "%.3f", m }')
  # h5dump escapes UTF-8 bytes as sign-extended octal (\37777777716): back to the bytes.
  reason=$(printf '%b' "$(h5dump -a /stop_reason "$t" | sed -n 's/.*(0): "\(.*\)".*/\1/p' | sed 's/\\37777777\([0-7][0-7][0-7]\)/\\0\1/g')")
  printf '%s\t%s\t%s\t%s\t%s\n' "$setting" "$crossing" "$gap" "$steps" "$reason"
done

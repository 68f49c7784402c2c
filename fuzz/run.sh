#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each (default 600).
#   fuzz/run.sh            all targets, 10 minutes each
#   SECONDS_EACH=60 fuzz/run.sh case_jsonl
# cargo-fuzz needs a nightly compiler; on this stable toolchain the flag
# below lets it build, and it is set here only, never for the normal build.
set -euo pipefail
cd "$(dirname "$0")"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
export RUSTC_BOOTSTRAP=1
seconds="${SECONDS_EACH:-600}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(pack_loader case_yaml case_jsonl case_csv features)
fi
for target in "${targets[@]}"; do
  echo "== $target, ${seconds}s"
  mkdir -p "corpus/$target"
  cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=1048576
done

#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) from its committed seeds (fuzz/seeds/<target>/)
# and the corpus grown by earlier runs (fuzz/corpus/<target>/, not committed); a crash, a timeout
# (10 s for one input) or more than 2 GB of memory stops the run with the input in
# fuzz/artifacts/<target>/. Installs cargo-fuzz when it is missing.
# Usage: bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(tabelle valori pagine configurazione)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
# cargo-fuzz builds with the sanitizer flags of a nightly compiler; the stable one accepts them so.
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" artifacts
  status=0
  cargo fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    >"artifacts/$target.log" 2>&1 || status=$?
  grep -E '^(Done|SUMMARY|stat::number_of_executed_units|stat::peak_rss_mb)|ERROR|panicked' "artifacts/$target.log" || true
  if [ "$status" != 0 ]; then
    tail -n 40 "artifacts/$target.log"
    echo "fuzz target $target failed (exit $status)"
    exit 1
  fi
  echo "fuzz target $target: $seconds s, no crash"
done

#!/usr/bin/env bash
# Builds every fuzz target, seeds their corpora from the shared corpus, and
# runs each for ${FUZZ_SECONDS:-30} seconds with the dictionary. Exits
# non-zero when a target finds a crash (the input is left in
# fuzz/artifacts/<target>/).
#
# Stable Rust: the targets build with `--sanitizer none` (AddressSanitizer
# needs a nightly compiler; the crate forbids unsafe code, so the coverage
# instrumentation and the laws' assertions are what find bugs).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
seconds="${FUZZ_SECONDS:-30}"
targets=(parse_bytes lossless edit typed_roundtrip body validate)

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

cargo fuzz build --sanitizer none
./seed.sh

for target in "${targets[@]}"; do
    echo "fuzz: $target for ${seconds}s"
    cargo fuzz run --sanitizer none "$target" -- \
        -max_total_time="$seconds" \
        -dict="$here/dict/pagefmt.dict" \
        -max_len=8192 \
        -timeout=10 \
        -print_final_stats=1
done
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a crash"

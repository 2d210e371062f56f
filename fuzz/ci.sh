#!/usr/bin/env bash
# Builds every fuzz target, seeds their corpora from the shared corpus, and
# runs each for ${FUZZ_SECONDS:-30} seconds with the dictionary. A crash
# found is printed with its input (left in fuzz/artifacts/<target>/) and
# fails the run; FUZZ_STRICT=0 only reports it (for exploring).
#
# Stable Rust: the targets build with `--sanitizer none` (AddressSanitizer
# needs a nightly compiler; the crate forbids unsafe code, so the coverage
# instrumentation and the laws' assertions are what find bugs).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
seconds="${FUZZ_SECONDS:-30}"
targets=(parse_bytes lossless edit typed_roundtrip body validate config site_settings)

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

cargo fuzz build --sanitizer none
./seed.sh

# Exploratory runs: a crash found here is a NEW finding (the known ones are
# replayed by `cargo test` from tests/fuzz_regressions/, which must pass).
# It is reported with its input and fails the run unless FUZZ_STRICT=0.
found=()
for target in "${targets[@]}"; do
    echo "fuzz: $target for ${seconds}s"
    if ! cargo fuzz run --sanitizer none "$target" -- \
        -max_total_time="$seconds" \
        -dict="$here/dict/pagefmt.dict" \
        -max_len=8192 \
        -timeout=10 \
        -print_final_stats=1; then
        found+=("$target")
        for crash in artifacts/"$target"/*; do
            [ -f "$crash" ] || continue
            echo "fuzz: NEW FINDING in $target: $crash (base64 below)"
            base64 -w0 "$crash"
            echo
        done
    fi
done
if [ "${#found[@]}" -gt 0 ]; then
    echo "fuzz: new findings in: ${found[*]} (see above; move each, fixed, into tests/fuzz_regressions/)"
    if [ "${FUZZ_STRICT:-1}" != 0 ]; then
        exit 1
    fi
    exit 0
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a crash"

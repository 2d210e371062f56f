#!/usr/bin/env bash
# Seeds each fuzz target's corpus folder, fuzz/corpus/<target>/ (ignored by
# git), from the real pages of the shared corpus: $PAGEFMT_CORPUS, or
# ../shared/corpus beside the crate. The edit target's seeds are each page
# followed by 0xff and one of a few edit scripts (see edit_input in
# tests/suite/law_checks.rs for the encoding).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
crate="$(dirname "$here")"
corpus="${PAGEFMT_CORPUS:-$crate/../shared/corpus}"
if [[ ! -d "$corpus" ]]; then
    echo "seed.sh: no corpus at $corpus (set PAGEFMT_CORPUS)" >&2
    exit 1
fi

# Edit scripts. Each edit: 4 bytes whose last picks the operation (0x00
# set, 0x40 insert + a position byte, 0x80 rename, 0xc0 remove), then each
# key or value as 4 zero bytes and an index into KEYS or VALUES.
scripts=(
    # set title "Hello World"; insert at 1 slug "a\nb"; rename sort-order
    # to sortorder; remove toc
    '\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x40\x01\x00\x00\x00\x00\x03\x00\x00\x00\x00\x06\x00\x00\x00\x80\x00\x00\x00\x00\x04\x00\x00\x00\x00\x05\x00\x00\x00\xc0\x00\x00\x00\x00\x06'
    # set ---x "x"; set a " x"; insert at 0 "a b" "x"
    '\x00\x00\x00\x00\x00\x00\x00\x00\x11\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00\x00\x09\x00\x00\x00\x40\x00\x00\x00\x00\x00\x13\x00\x00\x00\x00\x01'
    # remove title; remove slug; set date "a\n---"
    '\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00\x00\x07\x00\x00\x00\x00\x17'
)

for target in parse_bytes lossless edit typed_roundtrip body validate site_settings; do
    mkdir -p "$here/corpus/$target"
done

n=0
while IFS= read -r -d '' page; do
    name="$(cksum < "$page" | cut -d' ' -f1)"
    cp "$page" "$here/corpus/parse_bytes/$name"
    cp "$page" "$here/corpus/lossless/$name"
    script="${scripts[$((n % ${#scripts[@]}))]}"
    # The header and the start of the body are enough to edit.
    { head -c 2048 "$page"; printf '\xff'; printf "$script"; } > "$here/corpus/edit/$name"
    cp "$page" "$here/corpus/body/$name"
    # validate: the page and the start of the one before it, as a site of
    # two pages split on 0xff.
    { cat "$page"; printf '\xff'; head -c 4096 "${prev:-$page}"; } > "$here/corpus/validate/$name"
    prev="$page"
    n=$((n + 1))
done < <(find "$corpus" -type f \( -name '*.md' -o -name '*.markdown' \) -print0 | sort -z)

# site_settings: the settings files of the corpus (and the regression
# inputs below: settings, dates, patterns, titles).
while IFS= read -r -d '' conf; do
    cp "$conf" "$here/corpus/site_settings/$(cksum < "$conf" | cut -d' ' -f1)"
done < <(find "$corpus" -type f -name '*.py' -print0)

# The regression inputs are seeds too.
# (typed_roundtrip's input is decoded with `arbitrary`: it starts from
# these alone.)
for target in parse_bytes lossless edit typed_roundtrip body validate site_settings; do
    cp "$crate/tests/fuzz_regressions/$target/"* "$here/corpus/$target/"
done
echo "seed.sh: $n pages seeded into $here/corpus/{parse_bytes,lossless,edit,body,validate}"

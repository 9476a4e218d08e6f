#!/bin/sh
# Seeds fuzz/corpus/<target>/ (git-ignored) from ../shared/corpus/real when present.
# Run from anywhere: `sh fuzz/seed.sh`. Existing corpus entries are kept.
set -eu
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
real="$fuzz_dir/../../shared/corpus/real"
if [ ! -d "$real" ]; then
    echo "no $real: the targets start from an empty corpus"
    exit 0
fi
for target in parse check_render edits features; do
    mkdir -p "$fuzz_dir/corpus/$target"
done
for file in "$real"/*Dockerfile*; do
    name=$(basename "$file")
    cp "$file" "$fuzz_dir/corpus/parse/$name"
    cp "$file" "$fuzz_dir/corpus/check_render/$name"
    # `features` reads a position and a range end (two little-endian u16) before the text.
    { printf '\040\000\200\000'; cat "$file"; } > "$fuzz_dir/corpus/features/$name"
done
# `edits` reads edit operations, not a document: a few hand-made sequences are enough to start.
printf '\000\001\002\001\002\000\003\004\003\004\003\002\000\000\000\011' > "$fuzz_dir/corpus/edits/seed-heredoc"
printf '\001\000\000\000\000\014\001\003\001\003\001\002\005\002\005\013' > "$fuzz_dir/corpus/edits/seed-escape"
echo "seeded $(ls "$fuzz_dir/corpus/parse" | wc -l) files per target from $real"

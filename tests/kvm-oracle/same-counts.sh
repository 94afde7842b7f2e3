#!/bin/bash
# same-counts.sh A.tsv B.tsv: two kvm-oracle runs of the same cases (--stats)
# gave every KVM decode entry, signature and deviation the same counts.  The
# example case numbers are left out: which worker's examples come first
# depends on which finishes first.
set -euo pipefail
counts() { awk -F'\t' -v OFS='\t' '{ for (i = 1; i <= NF; i++) if ($i ~ /,/) $i = "-"; print }' "$1"; }
if ! diff <(counts "$1") <(counts "$2") >/dev/null; then
	echo "kvm-oracle: $2 differs from $1:"
	diff <(counts "$1") <(counts "$2") | head -20
	exit 1
fi
echo "kvm-oracle: $(basename "$2"): the same counts as $(basename "$1") for each of $(grep -c '^leaf' "$1") decode entries"

#!/bin/bash
# render-check.sh STATS OUTDIR: kemu-stat --html of a saved statistics file,
# rendered by a real browser (Debian's chromium, headless) to a PNG that must
# show both bar charts: the largest bar of each chart is 480x20 pixels of its
# colour (tools/kemu-stat), so each colour must cover at least that many
# pixels, and the page must not be blank.  Prints one
# "KEMU-GUEST-CHECK: html report ...: PASS|FAIL (why)" line; SKIP without chromium.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stats=$1 out=$2
mkdir -p "$out"
name="html report renders its bar charts"
browser=$(command -v chromium || command -v chromium-browser) ||
	{ echo "KEMU-GUEST-CHECK: $name: SKIP (no chromium: apt-get install chromium)"; exit 0; }
"$here/../../tools/kemu-stat" --html "$out/report.html" "$stats" ||
	{ echo "KEMU-GUEST-CHECK: $name: FAIL (kemu-stat --html failed)"; exit 1; }
rm -f "$out/report.png"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
	--window-size=900,1400 --screenshot="$out/report.png" "file://$(realpath "$out/report.html")" \
	>"$out/chromium.log" 2>&1
[ -s "$out/report.png" ] ||
	{ echo "KEMU-GUEST-CHECK: $name: FAIL (chromium wrote no screenshot: $(tail -1 "$out/chromium.log"))"; exit 1; }
counts=$(python3 "$here/png_colors.py" "$out/report.png" 3b7dd8 e07b39)
blue=$(awk '$1 == "3b7dd8" { print $2 }' <<<"$counts")
orange=$(awk '$1 == "e07b39" { print $2 }' <<<"$counts")
ink=$(awk '$1 == "non-white" { print $2 }' <<<"$counts")
if [ "${blue:-0}" -ge 9600 ] && [ "${orange:-0}" -ge 9600 ] && [ "${ink:-0}" -gt 30000 ]; then
	echo "KEMU-GUEST-CHECK: $name: PASS"
else
	echo "KEMU-GUEST-CHECK: $name: FAIL (reason-bar pixels ${blue:-0}, mnemonic-bar pixels ${orange:-0}, non-white ${ink:-0}; $out/report.png)"
	exit 1
fi

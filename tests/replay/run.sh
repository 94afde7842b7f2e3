#!/bin/bash
# kemu-replay over the hand-checked records in this directory: each *.rec
# (and malformed/*.rec) says in its comments what must happen:
#   # expect-exit: N       the exit status (default 0)
#   # expect: TEXT         a line of standard output, exactly (leading blanks aside)
#   # expect-err: TEXT     text in standard error
# plus a few checks of the command line and of input no record file holds.
# One line per check, then "replay: N passed, M failed"; non-zero on a failure.
#
#   tests/replay/run.sh build/tools/kemu-replay
set -uo pipefail
tool=${1:?usage: run.sh KEMU-REPLAY}
dir=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() {
	passed=$((passed + 1))
	echo "PASS $1"
}
bad() {
	failed=$((failed + 1))
	echo "FAIL $1: $2"
}

# check NAME WANT-EXIT EXPECT-FILE EXPECT-ERR-FILE -- COMMAND...
# (the command's output is in $tmp/out and $tmp/err)
check() {
	local name=$1 want=$2 expect=$3 expect_err=$4 rc why=""
	shift 5
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq "$want" ] || why="exit status $rc, expected $want"
	sed 's/^[[:blank:]]*//' "$tmp/out" >"$tmp/out-lines"
	while read -r line; do
		grep -qxF -- "$line" "$tmp/out-lines" || why="${why:+$why; }no line \"$line\""
	done <"$expect"
	while IFS= read -r line; do
		grep -qF -- "$line" "$tmp/err" || why="${why:+$why; }no \"$line\" in stderr"
	done <"$expect_err"
	if [ -z "$why" ]; then
		ok "$name"
	else
		bad "$name" "$why"
		sed 's/^/    | /' "$tmp/out" "$tmp/err"
	fi
}

for f in "$dir"/*.rec "$dir"/malformed/*.rec; do
	name=${f#"$dir"/}
	want=$(sed -n 's/^# expect-exit: //p' "$f" | head -1)
	sed -n 's/^# expect: //p' "$f" >"$tmp/expect"
	sed -n 's/^# expect-err: //p' "$f" >"$tmp/expect-err"
	if [ ! -s "$tmp/expect" ] && [ ! -s "$tmp/expect-err" ]; then
		bad "$name" "no expectations"
		continue
	fi
	check "$name" "${want:-0}" "$tmp/expect" "$tmp/expect-err" -- "$tool" "$f"
done

# Every record of the directory through standard input, one of them by -n,
# and -v's lines of the calls.
: >"$tmp/none"
printf '%s\n' 'record 4: reproduced' 'record 11: reproduced' >"$tmp/expect"
cat "$dir"/mmio-read.rec "$dir"/add-write-fault.rec "$dir"/rep-stosb-exit.rec \
	"$dir"/cmps-read-cache.rec "$dir"/prot32-fetch-out.rec >"$tmp/all"
echo '6 records: 6 reproduced, 0 not' >>"$tmp/expect"
check "stdin" 0 "$tmp/expect" "$tmp/none" -- sh -c '"$1" - <"$2"' sh "$tool" "$tmp/all"
printf '%s\n' 'record 22: NOT reproduced: pass 1 extra call 2: write_mem addr=0xfebf1001 len=0x1 data=5a (not in the record, whose result is at line 43)' >"$tmp/expect"
check "-n 22" 1 "$tmp/expect" "$tmp/none" -- "$tool" -n 22 "$dir"/differences.rec
if grep -q '^record 2[0134]' "$tmp/out"; then bad "-n 22 alone" "other records replayed"; else ok "-n 22 alone"; fi
printf '%s\n' 'record 20: reproduced' >"$tmp/expect"
echo 'no record 20' >"$tmp/expect-err"
check "-n absent" 2 "$tmp/none" "$tmp/expect-err" -- "$tool" -n 20 "$dir"/mmio-read.rec
printf '%s\n' '    call 1: read_mem addr=0x600000 len=0x4 | rc=0 data=11111111  (line 19)' \
	'    call 1: read_mem addr=0xfebf2000 len=0x4 | rc=0 data=22222222  (line 23)' >"$tmp/expect"
check "-v" 0 "$tmp/expect" "$tmp/none" -- "$tool" -v "$dir"/cmps-read-cache.rec
printf '%s\n' '    call 2: made     write_mem addr=0x7f0000001ffc len=0x4 data=08000000' \
	'             recorded write_mem addr=0x7f0000001ffc len=0x4 data=09000000 | rc=2 fault=14,1,0x3,0x7f0000001ffc  (line 15)' >"$tmp/expect"
check "-v departure" 1 "$tmp/expect" "$tmp/none" -- "$tool" -v "$dir"/tampered-data.rec

# Input no record file holds: a very long line, a NUL byte, nothing at all.
{
	echo 'kemu-record 1'
	printf 'vcpu=0 emultype=0x0 mode=4 intercepts=0 %05000d\n' 0
} >"$tmp/long"
echo ':2: line longer than 4096 characters' >"$tmp/expect-err"
check "long line" 2 "$tmp/none" "$tmp/expect-err" -- "$tool" "$tmp/long"
printf 'kemu-record 1\nvcpu=0\0 emultype=0x0 mode=4 intercepts=0\n' >"$tmp/nul"
echo ':2: a NUL byte in the line' >"$tmp/expect-err"
check "NUL byte" 2 "$tmp/none" "$tmp/expect-err" -- "$tool" "$tmp/nul"
: >"$tmp/empty"
echo 'no records' >"$tmp/expect-err"
check "empty" 2 "$tmp/none" "$tmp/expect-err" -- "$tool" "$tmp/empty"
echo 'usage: kemu-replay' >"$tmp/expect-err"
check "usage" 2 "$tmp/none" "$tmp/expect-err" -- "$tool" -x "$dir"/mmio-read.rec

echo "replay: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

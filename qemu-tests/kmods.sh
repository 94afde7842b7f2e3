# kmods.sh: sourced by mkinitramfs.sh and guest/mkguest.sh.  Collects kernel
# modules of a Debian kernel image with their dependencies (from modinfo),
# decompressed (busybox insmod cannot read .ko.xz).
#   moddir=.../lib/modules/ABI/kernel; add_mod NAME...; then ${order[@]} is
#   the load order (dependencies first, each once); copy_mod NAME DEST.
declare -A done_mod
order=()
find_mod() {
	local f
	f=$(find "$moddir" -name "$1.ko" -o -name "$1.ko.xz" -o -name "$1.ko.zst" -o -name "$1.ko.gz" | head -1)
	[ -n "$f" ] || f=$(find "$moddir" -name "${1//_/-}.ko*" | head -1)
	[ -n "$f" ] || die "module $1 not found under $moddir"
	echo "$f"
}
# Depth-first: dependencies before the module, each once.
add_mod() {
	local f dep
	[ -z "${done_mod[$1]:-}" ] || return 0
	done_mod[$1]=1
	f=$(find_mod "$1")
	for dep in $(modinfo -F depends "$f" | tr ',' ' '); do add_mod "$dep"; done
	order+=("$1")
}
copy_mod() {
	local f
	f=$(find_mod "$1")
	case $f in
	*.xz) xz -dc "$f" ;;
	*.zst) zstd -qdc "$f" ;;
	*.gz) gzip -dc "$f" ;;
	*) cat "$f" ;;
	esac >"$2"
}

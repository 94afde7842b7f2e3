#!/bin/busybox sh
# /init of the L2 Linux guest (built by guest/mkguest.sh), run by QEMU in L1.
# Touches the devices whose accesses KVM emulates and prints what it saw on
# the serial console, one "GUEST:" line per fact; everything it prints must be
# the same under stock KVM and under kemu (counts that depend on timing are
# printed on "GUEST-COUNT:" lines, compared only for being non-zero).
# Ends with "GUEST: done", then idles until L1 stops the VM.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "GUEST: up, kernel $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPU"
# Where KASLR put the kernel (differs per boot): L1 names the guest's
# instruction sites with its own symbols, the kernel being the same image.
echo "GUEST-KASLR: _text $(awk '$3 == "_text" { print $1; exit }' /proc/kallsyms)"
for m in $(cat /etc/guest.modules); do insmod "/lib/modules/$m.ko" || echo "GUEST: insmod $m failed"; done
i=0
while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do usleep 50000; i=$((i + 1)); done
echo "GUEST: disk $(cat /sys/block/vda/size 2>/dev/null) sectors"
# -machine pc: an IDE disk on the PIIX controller, probed by libata, whose
# IDENTIFY data comes in by REP INSW from QEMU (string I/O, emulated by KVM).
if ls /sys/bus/pci/drivers/ata_piix 2>/dev/null | grep -q '^0000:'; then
	i=0
	while [ ! -b /dev/sda ] && [ $i -lt 100 ]; do usleep 50000; i=$((i + 1)); done
fi
echo "GUEST: IDE disk $(cat /sys/block/sda/size 2>/dev/null || echo none) sectors"

# The virtio disk: a deterministic pattern written and read back with O_DIRECT
# (every request goes through the device's MMIO notify and its interrupt).
seq 1 40000 | head -c 131072 >/tmp/pattern
dd if=/tmp/pattern of=/dev/vda bs=4096 oflag=direct conv=fsync 2>/dev/null
echo 3 >/proc/sys/vm/drop_caches
dd if=/dev/vda of=/tmp/back bs=4096 count=32 iflag=direct 2>/dev/null
echo "GUEST: wrote $(md5sum </tmp/pattern | cut -d' ' -f1)"
echo "GUEST: read  $(md5sum </tmp/back | cut -d' ' -f1)"

# Timers: sleeps (LAPIC timer programmed and acknowledged through its MMIO
# page) while the clocksource is the HPET (each clock read an MMIO read).
loc() { awk '$1 == "LOC:" { print $2 }' /proc/interrupts; }
cs=/sys/devices/system/clocksource/clocksource0
before=$(loc)
old=$(cat $cs/current_clocksource)
echo hpet >$cs/current_clocksource
i=0
while [ $i -lt 20 ]; do usleep 10000; i=$((i + 1)); done
echo "GUEST: 20 sleeps of 10 ms on clocksource $(cat $cs/current_clocksource)"
echo "$old" >$cs/current_clocksource
echo "GUEST-COUNT: local timer interrupts during the sleeps $(($(loc) - before))"

echo "GUEST: /proc/interrupts"
cat /proc/interrupts
echo "GUEST: done"
# L1 stops the VM here and reads the counters; idle meanwhile.
while :; do sleep 60; done

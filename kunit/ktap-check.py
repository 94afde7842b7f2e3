#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge one KUnit boot of kemu's test kernel from its serial console log.

    ktap-check.py --kunit-tool DIR --log CONSOLE.log --qemu-status N
                  --expect SUITE [--expect SUITE ...]

The KTAP between the kernel-log markers KEMU-KTAP-BEGIN and KEMU-KTAP-END
(written by kunit/init.sh around the insmod of kemu_kunit.ko) is parsed by
the kernel's own parser (tools/testing/kunit/kunit_parser.py from the test
kernel's tree, DIR), which prints the results.  Then every leaf test (a test
case, or one parameter of a parameterized case) counts once:

    passed   ok
    failed   not ok, crashed, or a KTAP parse error (a missing result: the
             plan announced more tests than were reported)
    skipped  ok # SKIP  (neither passed nor failed; printed on its own line)

and these count one failure each:
    - an expected suite that did not report
    - the kernel log (the whole console, boot included) has a KASAN, UBSAN,
      lockdep, WARNING, BUG, Oops or panic report
    - a step of init.sh failed, or QEMU did not exit with init.sh's pass
      status (85: isa-debug-exit 0x2a)

The last line is exactly "kunit: N passed, M failed"; the exit status is 0
only if M is 0 and N is not.
"""
import argparse
import re
import sys

# Kernel reports: the checkers' own headers, and what a crash prints.  Boot
# messages that merely name a checker ("KernelAddressSanitizer initialized",
# lockdep's "Lock dependency validator" banner) do not match.
REPORTS = re.compile(
    r'BUG: KASAN|KASAN: |UBSAN: |'
    r'WARNING: possible (circular|recursive) locking|WARNING: inconsistent lock state|'
    r'possible irq lock inversion|INFO: lockdep is turned off|DEBUG_LOCKS_WARN_ON|'
    r'BUG: sleeping function called from invalid context|BUG: |'
    r'WARNING: |------------\[ cut here \]------------|kernel BUG at|Oops|'
    r'general protection fault|Kernel panic|stack-protector|usercopy: Kernel memory|'
    r'watchdog: BUG: soft lockup|blocked for more than|self-detected stall|'
    r'list_(add|del) corruption|refcount_t: ')


def leaves(test, path):
    """Yield (name, status, test) for every test without subtests."""
    name = f'{path}.{test.name}' if path else test.name
    if not test.subtests:
        yield name, test.status, test
        return
    for sub in test.subtests:
        yield from leaves(sub, name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--kunit-tool', required=True)
    ap.add_argument('--log', required=True)
    ap.add_argument('--qemu-status', type=int, required=True)
    ap.add_argument('--expect', action='append', default=[])
    args = ap.parse_args()

    sys.path.insert(0, args.kunit_tool)
    import kunit_parser  # the test kernel's own KTAP parser
    from kunit_parser import TestStatus

    with open(args.log, 'rb') as f:
        lines = [l.decode('utf-8', 'replace').rstrip('\r\n').replace('\r', '') for l in f]

    passed = failed = skipped = 0
    problems = []

    # --- KTAP -----------------------------------------------------------------
    begin = next((i for i, l in enumerate(lines) if 'KEMU-KTAP-BEGIN' in l), None)
    end = next((i for i, l in enumerate(lines) if 'KEMU-KTAP-END' in l), None)
    suites = {}
    if begin is None:
        problems.append('no KEMU-KTAP-BEGIN marker: the tests never started')
    else:
        if end is None:
            problems.append('no KEMU-KTAP-END marker: the run stopped inside the tests')
            end = len(lines)
        ktap = lines[begin + 1:end]
        root = kunit_parser.parse_run_tests(ktap)
        if root.counts.errors:
            problems.append(f'{root.counts.errors} KTAP parse error(s) (missing or malformed results)')
            failed += root.counts.errors - 1  # the problem line counts one
        # A module's suites are the subtests of the KTAP document's root.
        for suite in root.subtests:
            suites[suite.name] = suite
        for name, status, _ in (leaf for suite in root.subtests for leaf in leaves(suite, '')):
            if status == TestStatus.SUCCESS:
                passed += 1
            elif status == TestStatus.SKIPPED:
                skipped += 1
                print(f'kunit: skipped {name}')
            else:
                failed += 1
                print(f'kunit: {status.name} {name}')
    for s in args.expect:
        if s not in suites:
            problems.append(f'suite {s} did not report')
        else:
            c = suites[s].counts
            print(f'kunit: suite {s}: {c.passed} passed, {c.failed + c.crashed} failed'
                  + (f', {c.skipped} skipped' if c.skipped else ''))

    # --- the kernel log ---------------------------------------------------------
    reports = [(i + 1, l) for i, l in enumerate(lines) if REPORTS.search(l)]
    if reports:
        problems.append(f'the kernel log has {len(reports)} report line(s) '
                        '(KASAN/UBSAN/lockdep/WARNING/BUG/Oops)')
        first = reports[0][0] - 1
        print(f'kunit: kernel log from line {first + 1} ({args.log}):')
        for l in lines[max(0, first - 2):first + 40]:
            print(f'  | {l}')

    # --- init.sh's steps and QEMU's status -----------------------------------------
    for l in lines:
        if l.startswith('KEMU-KUNIT-FAIL: '):
            problems.append('init: ' + l[len('KEMU-KUNIT-FAIL: '):])
    if args.qemu_status != 85:
        what = {43: 'init.sh reported a failed step', 124: 'timeout', 137: 'timeout (killed)',
                0: 'the kernel rebooted or panicked before init.sh finished'}
        problems.append(f'QEMU exit status {args.qemu_status}'
                        + (f' ({what[args.qemu_status]})' if args.qemu_status in what else ''))

    for p in problems:
        print(f'kunit: FAIL: {p}')
    failed += len(problems)
    if skipped:
        print(f'kunit: {skipped} skipped')
    print(f'kunit: {passed} passed, {failed} failed')
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == '__main__':
    sys.exit(main())

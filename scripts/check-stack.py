#!/usr/bin/env python3
"""Stack bounds of a kemu.ko build tree (run by build-module.sh).

Reads the .su files (-fstack-usage) of every object and the .ci call graphs
(-fcallgraph-info=su) of the C++ core, and fails if
  - a function's frame exceeds the limit (512 bytes by default),
  - a frame is dynamic (VLA, alloca) rather than static,
  - the core's call graph has a cycle (recursion: kernel stacks are 16 KiB
    and the core runs deep inside KVM).
Indirect calls (the ops table) leave the core and are not edges.  Prints the
deepest call chain and its worst-case stack.

usage: check-stack.py TREE [LIMIT]
"""
import os
import re
import subprocess
import sys


def demangle(names):
    try:
        out = subprocess.run(['c++filt'], input='\n'.join(names), capture_output=True,
                             text=True, check=True).stdout.split('\n')
        return out[:len(names)]
    except (OSError, subprocess.CalledProcessError):
        return names

tree = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 512
errors = []
frames = {}  # function title -> bytes (call graph titles)
edges = {}

for root, _, files in os.walk(tree):
    for f in files:
        path = os.path.join(root, f)
        if f.endswith('.su'):
            for line in open(path):
                parts = line.rstrip('\n').split('\t')
                if len(parts) != 3:
                    continue
                where, size, kind = parts[0], int(parts[1]), parts[2]
                if size > limit:
                    errors.append('%s: frame of %d bytes (limit %d)' % (where, size, limit))
                # "dynamic,bounded" (alignment, call sequences) is still bounded.
                if kind not in ('static', 'bounded', 'dynamic,bounded'):
                    errors.append('%s: %s frame (%d bytes)' % (where, kind, size))
        elif f.endswith('.ci'):
            text = open(path).read()
            for title, label in re.findall(r'node: \{ title: "([^"]+)" label: "([^"]*)"', text):
                m = re.search(r'\\n(\d+) bytes', label)
                # A callee seen from another object has no size: keep the largest.
                frames[title] = max(frames.get(title, 0), int(m.group(1)) if m else 0)
                edges.setdefault(title, set())
            for src, dst in re.findall(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"', text):
                if dst != '__indirect_call':
                    edges.setdefault(src, set()).add(dst)
                    edges.setdefault(dst, set())

# Cycle detection and the deepest chain, iteratively (no recursion here either).
WHITE, GREY, BLACK = 0, 1, 2
color = {n: WHITE for n in edges}
worst = {}  # node -> (stack bytes of the worst chain from it, next node)
for start in edges:
    if color[start] != WHITE:
        continue
    stack = [(start, iter(sorted(edges[start])))]
    color[start] = GREY
    while stack:
        node, it = stack[-1]
        child = next(it, None)
        if child is None:
            best = (0, None)
            for c in edges[node]:
                if c in worst and worst[c][0] > best[0]:
                    best = (worst[c][0], c)
            worst[node] = (frames.get(node, 0) + best[0], best[1])
            color[node] = BLACK
            stack.pop()
        elif color[child] == GREY:
            cycle = [n for n, _ in stack]
            cycle = cycle[cycle.index(child):] + [child]
            names = demangle([x.split(':')[-1] for x in cycle])
            errors.append('recursion: ' + ' -> '.join(x.split('(')[0] for x in names))
        elif color[child] == WHITE:
            color[child] = GREY
            stack.append((child, iter(sorted(edges[child]))))

if worst:
    top = max(worst, key=lambda n: worst[n][0])
    nodes, n = [], top
    while n is not None:
        nodes.append(n)
        n = worst[n][1] if n in worst else None
    # file-local functions are titled path:symbol
    names = demangle([x.split(':')[-1] for x in nodes])
    chain = ['%s (%d)' % (name.split('(')[0], frames.get(x, 0)) for name, x in zip(names, nodes)]
    deepest = max(frames.values()) if frames else 0
    print('check-stack: %d functions in the core call graph, largest frame %d bytes' %
          (len(frames), deepest))
    print('check-stack: deepest chain %d bytes: %s' % (worst[top][0], ' -> '.join(chain)))
for e in errors:
    print('check-stack: ' + e, file=sys.stderr)
sys.exit(1 if errors else 0)

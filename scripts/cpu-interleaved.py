#!/usr/bin/env python3
"""CPU time (user + system) of commands run in turn, one of each per round, so that a busy
machine slows them alike; prints the medians and each command's ratio to the last one.

    scripts/cpu-interleaved.py [--runs N] [--warmup N] 'CMD A' 'CMD B' ... 'CMD REF'

Output of the commands is discarded; a non-zero exit is accepted (a merge with conflicts
exits 1). Standard library only.
"""
import argparse
import os
import resource
import shlex
import statistics
import subprocess
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("commands", nargs="+")
    args = ap.parse_args()
    cmds = [shlex.split(c) for c in args.commands]
    cpu = [[] for _ in cmds]
    wall = [[] for _ in cmds]
    for r in range(args.warmup + args.runs):
        for k, c in enumerate(cmds):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(c, stdout=subprocess.DEVNULL, check=False)
            w = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if r >= args.warmup:
                used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                cpu[k].append(used)
                wall[k].append(w)
    ref = statistics.median(cpu[-1])
    print(f"{args.runs} rounds, load {os.getloadavg()[0]:.1f}")
    for k, c in enumerate(args.commands):
        med = statistics.median(cpu[k])
        print(
            f"  CPU median {med * 1e3:7.2f} ms (min {min(cpu[k]) * 1e3:.2f}), "
            f"wall median {statistics.median(wall[k]) * 1e3:7.2f} ms, "
            f"{med / ref:.2f}x the last: {c}"
        )


if __name__ == "__main__":
    main()

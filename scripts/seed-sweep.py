#!/usr/bin/env python3
"""Runs property suites over a seed range in parallel and names every failing seed.

    scripts/seed-sweep.py SUITE... --seeds A-B [--jobs N] [--chunk K] [--build DIR]
    scripts/seed-sweep.py --long-suites --seeds A-B ...     # every suite with a _long test
    ... --stop-after SECONDS    # start no chunk after that; the summary says which seeds ran

A SUITE is a test executable of the build (tst_chord or chord, or a path). The range
is cut into chunks of K seeds (default 100); each chunk is one process of the suite
with CATSLAB_SEED_BASE and CATSLAB_SEEDS set (tests/protocols/sim_suite.h), so
every test function of the suite runs on every seed of the range. A chunk that fails
is rerun seed by seed (CATSLAB_SEED=s, only the functions that failed), because a
QtTest function stops at its first failing seed: that names every failing seed, and
each is printed with the command that replays it. A failure that no single seed
shows (a statistic over the chunk's seeds) is printed with the command that replays
the chunk. A progress line shows seeds done, failures and the time left. Chunks run
chunk by chunk across suites, so a sweep stopped early (--stop-after, Ctrl-C) has
covered every suite about equally; its summary counts only the seeds that ran.

Exit codes: 0 every seed passed, 1 some seed or chunk failed, 2 bad usage.
"""
import argparse
import concurrent.futures
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time

FAIL_LINE = re.compile(r"^FAIL!\s*:\s*(\w+)::(\w+)\((.*)\)\s+(.*)$")


def parse_range(text):
    m = re.fullmatch(r"(\d+)-(\d+)", text)
    if not m or int(m.group(2)) < int(m.group(1)):
        raise argparse.ArgumentTypeError("expected a range A-B with A <= B, got '%s'" % text)
    return int(m.group(1)), int(m.group(2))


def positive(text):
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("expected a positive integer, got '%s'" % text)
    return int(text)


def find_binary(build, suite):
    for candidate in (suite, os.path.join(build, "tests", suite),
                      os.path.join(build, "tests", "tst_" + suite)):
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def long_suites(build):
    out = subprocess.run(["ctest", "--test-dir", build, "-N", "-L", "long"],
                         capture_output=True, text=True)
    return sorted({m.group(1) for m in re.finditer(r"Test\s+#\d+:\s+(\S+)_long", out.stdout)})


def environment(extra):
    env = dict(os.environ)
    for name in ("CATSLAB_SEED", "CATSLAB_SEEDS", "CATSLAB_SEED_BASE"):
        env.pop(name, None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["QTEST_FUNCTION_TIMEOUT"] = "86400000"  # a loaded machine stretches a chunk
    env.update(extra)
    return env


def run(binary, extra, functions=()):
    p = subprocess.run([binary, *functions], env=environment(extra), capture_output=True,
                       text=True, errors="replace")
    failures = []  # (function, data tag, message)
    for line in p.stdout.splitlines():
        m = FAIL_LINE.match(line)
        if m:
            failures.append((m.group(2), m.group(3), m.group(4).strip()))
    return p.returncode, failures, p.stdout + p.stderr


def ranges(chunks):
    """'a-b, c-d' for the seeds that (first, count) chunks cover."""
    merged = []
    for first, count in sorted(chunks):
        if merged and merged[-1][1] + 1 == first:
            merged[-1][1] = first + count - 1
        else:
            merged.append([first, first + count - 1])
    return ", ".join("%d-%d" % (a, b) for a, b in merged) or "none"


def qualified(function, tag):
    return function + (":" + tag if tag else "")


class Sweep:
    def __init__(self, total, tty):
        self.total, self.tty = total, tty
        self.done = self.failed = 0
        self.lock = threading.Lock()
        self.start = time.monotonic()
        self.last_print = 0.0
        self.stopping = False  # SIGINT/SIGTERM: finish running chunks, start no more
        self.stop_at = None  # --stop-after: the same at this monotonic time

    def progress(self, seeds, failed, label):
        with self.lock:
            self.done += seeds
            self.failed += failed
            now = time.monotonic()
            if not self.tty and now - self.last_print < 30 and self.done < self.total:
                return
            self.last_print = now
            elapsed = now - self.start
            left = elapsed / self.done * (self.total - self.done) if self.done else 0
            width = 30
            filled = width * self.done // max(1, self.total)
            line = "[%s%s] %d/%d seeds, %d failing, %.0f s, ~%.0f s left (%s)" % (
                "#" * filled, " " * (width - filled), self.done, self.total, self.failed, elapsed,
                left, label)
            if self.tty:
                sys.stderr.write("\r" + line + "\033[K")
            else:
                sys.stderr.write(line + "\n")
            sys.stderr.flush()

    def report(self, text):
        with self.lock:
            if self.tty:
                sys.stderr.write("\r\033[K")
            print(text, flush=True)


def chunk_task(sweep, suite, binary, first, count):
    if sweep.stopping or (sweep.stop_at and time.monotonic() >= sweep.stop_at):
        sweep.stopping = True
        return None
    code, failures, output = run(binary, {"CATSLAB_SEED_BASE": str(first),
                                          "CATSLAB_SEEDS": str(count)})
    if code == 0:
        sweep.progress(count, 0, suite)
        return count, []
    chunk_replay = "CATSLAB_SEED_BASE=%d CATSLAB_SEEDS=%d %s" % (first, count, shlex.quote(binary))
    if not failures:  # crashed, timed out or aborted without a QtTest verdict
        tail = "\n".join("    " + l for l in output.strip().splitlines()[-15:])
        sweep.report("FAIL %s seeds %d-%d: exit code %d without a failed check\n%s\n"
                     "  replay the chunk: %s" % (suite, first, first + count - 1, code, tail,
                                                 chunk_replay))
    functions = sorted({qualified(f, tag) for f, tag, _ in failures})
    bad = set()
    found = []
    for seed in range(first, first + count):
        code1, fails1, out1 = run(binary, {"CATSLAB_SEED": str(seed)}, functions)
        if code1 == 0:
            continue
        bad.add(seed)
        if not fails1:
            fails1 = [("?", "", "exit code %d: %s" % (code1, out1.strip().splitlines()[-1:]))]
        for f, tag, message in fails1:
            found.append(qualified(f, tag))
            replay = "CATSLAB_SEED=%d %s %s" % (seed, shlex.quote(binary),
                                                shlex.quote(qualified(f, tag)))
            sweep.report("FAIL %s seed %d %s: %s\n  replay: %s" % (suite, seed, qualified(f, tag),
                                                                  message, replay))
    for f, tag, message in failures:
        if qualified(f, tag) not in found:  # only the chunk as a whole fails: a statistic
            sweep.report("FAIL %s seeds %d-%d %s (over the chunk, no single seed fails): %s\n"
                         "  replay: %s %s" % (suite, first, first + count - 1, qualified(f, tag),
                                              message, chunk_replay, shlex.quote(qualified(f, tag))))
            bad = set(range(first, first + count))
    if not failures and not bad:
        bad = set(range(first, first + count))  # no seed alone fails: the chunk does
    sweep.progress(count, len(bad), suite)
    return count - len(bad), [(suite, s) for s in sorted(bad)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("suites", nargs="*", help="test executables (tst_chord, chord or a path)")
    ap.add_argument("--seeds", type=parse_range, required=True, help="seed range A-B")
    ap.add_argument("--jobs", type=positive, default=os.cpu_count() or 1,
                    help="processes at once (default: cores)")
    ap.add_argument("--chunk", type=positive, default=100, help="seeds per process (default 100)")
    ap.add_argument("--build", default="build", help="build directory (default: build)")
    ap.add_argument("--stop-after", type=positive, metavar="SECONDS",
                    help="start no chunk after this many seconds; report what ran")
    ap.add_argument("--long-suites", action="store_true",
                    help="every suite that has a _long test in the build")
    args = ap.parse_args()
    suites = list(args.suites)
    if args.long_suites:
        suites += [s for s in long_suites(args.build) if s not in suites]
    if not suites:
        ap.error("name at least one suite, or --long-suites")
    binaries = {}
    for s in suites:
        b = find_binary(args.build, s)
        if not b:
            ap.error("no test executable '%s' (looked in %s/tests; build it first)" % (s, args.build))
        binaries[os.path.basename(b)] = b
    first, last = args.seeds
    # Chunk by chunk across suites, so a sweep stopped early has covered every
    # suite about equally.
    tasks = []
    for base in range(first, last + 1, args.chunk):
        for suite, binary in binaries.items():
            tasks.append((suite, binary, base, min(args.chunk, last + 1 - base)))
    per_suite = last - first + 1
    sweep = Sweep(per_suite * len(binaries), sys.stderr.isatty())
    if args.stop_after:
        sweep.stop_at = sweep.start + args.stop_after

    def stop(signum, frame):
        sweep.stopping = True
        sys.stderr.write("\nstopping: finishing the running chunks, starting no more\n")
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print("sweeping %s over seeds %d-%d (%d each), %d job(s), %d seeds per process" % (
        ", ".join(binaries), first, last, per_suite, args.jobs, args.chunk), flush=True)
    passed = {s: 0 for s in binaries}
    failing = {s: [] for s in binaries}
    covered = {s: [] for s in binaries}  # (first, count) of every chunk that ran
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(chunk_task, sweep, *t): t for t in tasks}
        for f in concurrent.futures.as_completed(futures):
            suite, _, base, count = futures[f]
            if f.result() is None:
                continue
            ok, bad = f.result()
            passed[suite] += ok
            failing[suite] += [s for _, s in bad]
            covered[suite].append((base, count))
    if sweep.tty:
        sys.stderr.write("\n")
    for suite in binaries:
        ran = sum(c for _, c in covered[suite])
        print("%s: %d of %d seeds passed (%s)%s" % (
            suite, passed[suite], ran, ranges(covered[suite]),
            "" if not failing[suite] else ", failing: " +
            " ".join(str(s) for s in sorted(set(failing[suite])))), flush=True)
    if sweep.stopping:
        print("stopped early: the counts above are the seeds that ran, of %d planned per suite"
              % per_suite)
    print("wall %.0f s" % (time.monotonic() - sweep.start))
    return 0 if all(not v for v in failing.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

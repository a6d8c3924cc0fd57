#!/usr/bin/env python3
"""Mutation testing (docs/testing.md): applies each small bug of tests/mutations.txt in
turn to a copy of the source tree, rebuilds incrementally only what the mutation's tests
need, runs only those tests, and reports the mutations no test caught (survivors).

Started by scripts/mutate.sh; not part of `make test`. Exit status: 0 when every mutation
was caught, 1 when any survived, 2 on an error (a mutation whose text is not found exactly
once, one that does not compile, a baseline test that fails unmutated)."""
import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import time

KEYS = ("mutation", "file", "from", "to", "tests")


def unescape(v):
    """Values may hold \\n (newline), \\t (tab) and \\\\ (a backslash)."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "\\": "\\"}.get(m.group(1), m.group(0)), v)


def parse(path):
    """Records of `key value` lines; `mutation NAME` starts one; # lines are comments."""
    muts, cur = [], None
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.match(r"(\w+) +(.*)$", line)
            if not m or m.group(1) not in KEYS:
                sys.exit(f"{path}:{no}: expected one of {', '.join(KEYS)} and a value, got '{line}'")
            key, val = m.group(1), m.group(2)
            if key == "mutation":
                cur = {"mutation": val, "line": no}
                muts.append(cur)
            elif cur is None:
                sys.exit(f"{path}:{no}: '{key}' before the first 'mutation' line")
            elif key in cur:
                sys.exit(f"{path}:{no}: second '{key}' in mutation '{cur['mutation']}'")
            else:
                cur[key] = unescape(val) if key in ("from", "to") else val
    names = set()
    for m in muts:
        missing = [k for k in KEYS if k not in m]
        if missing:
            sys.exit(f"{path}:{m['line']}: mutation '{m['mutation']}' lacks {', '.join(missing)}")
        if m["mutation"] in names:
            sys.exit(f"{path}:{m['line']}: mutation name '{m['mutation']}' used twice")
        names.add(m["mutation"])
    return muts


def sync_tree(src, dst):
    """Copies the repository's files (tracked and new, not ignored) into dst, rewriting only
    files whose content differs so the build there stays incremental; removes the rest."""
    files = subprocess.run(["git", "-C", src, "ls-files", "-z", "--cached", "--others",
                            "--exclude-standard"], check=True, capture_output=True).stdout
    keep = set()
    for rel in filter(None, files.decode().split("\0")):
        s, d = os.path.join(src, rel), os.path.join(dst, rel)
        if not os.path.isfile(s):
            continue  # deleted in the work tree but still in the index
        keep.add(rel)
        if os.path.isfile(d) and filecmp.cmp(s, d, shallow=False):
            continue
        os.makedirs(os.path.dirname(d), exist_ok=True)
        shutil.copy2(s, d)
        os.utime(d)  # newer than any object built from the old content
    for root, _, names in os.walk(dst):
        for n in names:
            rel = os.path.relpath(os.path.join(root, n), dst)
            if rel not in keep:
                os.remove(os.path.join(root, n))


def run(cmd, log, timeout=None):
    with open(log, "a") as f:
        f.write("\n$ " + " ".join(cmd) + "\n")
        f.flush()
        try:
            return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            f.write("(timed out)\n")
            return 124


def test_names(build):
    out = subprocess.run(["ctest", "-N"], cwd=build, check=True, capture_output=True, text=True).stdout
    return re.findall(r"Test +#\d+: (\S+)", out)


def targets_for(tests):
    """Build targets the tests need: unit.test_x and unit.pg.test_x (the same test on
    PostgreSQL) need test_x; an e2e test needs zl and the web build (the browser UI and the
    map geometry the report draws)."""
    t = set()
    for name in tests:
        if name.startswith("unit."):
            t.add(name[len("unit."):].removeprefix("pg."))
        else:
            t.update(("zl", "web"))
    return sorted(t)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list-file", default="tests/mutations.txt")
    ap.add_argument("--out", default="build-mutate", help="work directory (tree copy, build, logs)")
    ap.add_argument("-k", "--only", help="run only mutations whose name matches this regex")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=600, help="seconds for one mutation's tests")
    ap.add_argument("--list", action="store_true", help="print the mutations and exit")
    a = ap.parse_args()

    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], check=True, capture_output=True,
                          text=True).stdout.strip()
    muts = parse(os.path.join(root, a.list_file))
    if a.only:
        muts = [m for m in muts if re.search(a.only, m["mutation"])]
    if a.list:
        for m in muts:
            print(f"{m['mutation']}\t{m['file']}\t{m['tests']}")
        return 0
    if not muts:
        print("no mutations selected")
        return 2

    out = os.path.abspath(os.path.join(root, a.out))
    tree, build, log = os.path.join(out, "tree"), os.path.join(out, "build"), os.path.join(out, "log.txt")
    os.makedirs(tree, exist_ok=True)
    open(log, "w").close()
    start = time.monotonic()
    sync_tree(root, tree)
    if run(["cmake", "-S", tree, "-B", build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
            "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -DNDEBUG"], log) != 0:
        print(f"cmake failed; see {log}")
        return 2
    names = test_names(build)
    for m in muts:
        m["test_list"] = [n for n in names if re.search(m["tests"], n)]
        if not m["test_list"]:
            print(f"{a.list_file}:{m['line']}: mutation '{m['mutation']}': no test matches '{m['tests']}'")
            return 2
        path = os.path.join(tree, m["file"])
        if not os.path.isfile(path):
            print(f"{a.list_file}:{m['line']}: mutation '{m['mutation']}': no file {m['file']}")
            return 2
        n = open(path, encoding="utf-8").read().count(m["from"])
        if n != 1:
            print(f"{a.list_file}:{m['line']}: mutation '{m['mutation']}': its text occurs {n} times "
                  f"in {m['file']} (must be exactly once)")
            return 2

    # Baseline: every test the list uses passes on the unmutated tree.
    all_tests = sorted({t for m in muts for t in m["test_list"]})
    regex = "^(" + "|".join(re.escape(t) for t in all_tests) + ")$"
    if run(["cmake", "--build", build, "-j", str(a.jobs), "--target", *targets_for(all_tests)], log) != 0:
        print(f"the unmutated tree does not build; see {log}")
        return 2
    t0 = time.monotonic()
    if run(["ctest", "--test-dir", build, "-j", str(a.jobs), "-R", regex, "--no-tests=error",
            "--output-on-failure"], log, a.timeout * 2) != 0:
        print(f"baseline: the tests fail on the unmutated tree; see {log}")
        return 2
    print(f"baseline: {len(all_tests)} tests pass unmutated ({time.monotonic() - t0:.0f} s); "
          f"{len(muts)} mutations", flush=True)

    survivors, errors = [], []
    for i, m in enumerate(muts, 1):
        path = os.path.join(tree, m["file"])
        original = open(path, encoding="utf-8").read()
        t1 = time.monotonic()
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(m["from"], m["to"], 1))
            regex = "^(" + "|".join(re.escape(t) for t in m["test_list"]) + ")$"
            if run(["cmake", "--build", build, "-j", str(a.jobs), "--target",
                    *targets_for(m["test_list"])], log) != 0:
                verdict = "ERROR (does not compile)"
                errors.append(m)
            elif run(["ctest", "--test-dir", build, "-j", str(a.jobs), "-R", regex,
                      "--no-tests=error", "--timeout", str(a.timeout)], log, a.timeout * 2) == 0:
                verdict = "SURVIVED"
                survivors.append(m)
            else:
                verdict = "killed"
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)  # a new mtime: the next build compiles the original again
        print(f"[{i}/{len(muts)}] {verdict:9} {m['mutation']} ({m['file']}; "
              f"{len(m['test_list'])} tests, {time.monotonic() - t1:.0f} s)", flush=True)

    # Leave the build matching the unmutated tree.
    run(["cmake", "--build", build, "-j", str(a.jobs), "--target", *targets_for(all_tests)], log)
    mins = (time.monotonic() - start) / 60
    print(f"{len(muts)} mutations: {len(muts) - len(survivors) - len(errors)} killed, "
          f"{len(survivors)} survived, {len(errors)} errors; {mins:.1f} min on {a.jobs} jobs")
    for m in survivors:
        print(f"survivor: {m['mutation']} ({a.list_file}:{m['line']})")
    for m in errors:
        print(f"error: {m['mutation']} ({a.list_file}:{m['line']}); see {log}")
    return 2 if errors else 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())

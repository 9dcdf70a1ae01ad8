#!/usr/bin/env python3
"""Runs the asyncio4j comparison (issue 7) and writes bench/RESULTS.md + bench/w1-memory.svg.

Started by bench/run.sh (which builds first). Standard library only: no pip installs.

Per round (rounds are interleaved; the order of runtimes rotates each round), it runs:
  * JMH on JDK 25: W2, W3, W4, W6 for asyncio4j (future + direct), raw kotlinx, virtual threads, CF;
  * JMH on JDK 17: W2, W6 for asyncio4j future style, kotlinx, CF;
  * Python asyncio: W2, W3, W4, W6 (bench/python/workloads.py);
  * the scale harness, one process per configuration: W1 (N = 10k, 100k, 1M), W5 and W5A.
Figures are medians over rounds (a round's JMH figure is itself the median of its iterations).
"""

import argparse
import datetime
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JAR = os.path.join(HERE, "target", "benchmarks.jar")
PY_SCRIPT = os.path.join(HERE, "python", "workloads.py")
RESULTS_DIR = os.path.join(HERE, "results")


def pom_property(name):
    """A version property of the parent pom.xml, so the header names what this run was built with."""
    with open(os.path.join(HERE, "..", "pom.xml")) as f:
        m = re.search(r"<" + re.escape(name) + r">([^<]+)</", f.read())
    return m.group(1) if m else "?"

RUNTIMES = ["a4jFuture", "a4jDirect", "kotlinx", "vthreads", "cf", "python"]
LABEL = {
    "a4jFuture": "asyncio4j future style",
    "a4jDirect": "asyncio4j direct style",
    "kotlinx": "raw kotlinx",
    "vthreads": "virtual threads",
    "cf": "CompletableFuture / JDK",
    "python": "Python asyncio",
}
COLOR = {
    "a4jFuture": "#d62728",
    "a4jDirect": "#ff7f0e",
    "kotlinx": "#1f77b4",
    "vthreads": "#2ca02c",
    "cf": "#7f7f7f",
    "python": "#9467bd",
}

FULL = dict(
    rounds=3, w1_ns=[10_000, 100_000, 1_000_000], w1_sleep_ms=10_000,
    w2=1_000_000, w3=5_000_000, w4=100_000, w5=10_000_000, w5a=2_000_000, w6=250_000,
    py_w2=200_000, py_w3=1_000_000, py_w4=100_000, py_w5=2_000_000, py_w5a=2_000_000, py_w6=100_000,
    jmh_wi=1, jmh_wi_short=3, jmh_i=1, jmh_i_short=3, jmh17_wi=1, jmh17_i=1, w1_small_rounds=1,
)
QUICK = dict(
    rounds=1, w1_ns=[10_000, 100_000], w1_sleep_ms=2_000,
    w2=200_000, w3=1_000_000, w4=50_000, w5=2_000_000, w5a=200_000, w6=200_000,
    py_w2=50_000, py_w3=200_000, py_w4=20_000, py_w5=500_000, py_w5a=200_000, py_w6=50_000,
    jmh_wi=1, jmh_wi_short=3, jmh_i=1, jmh_i_short=3, jmh17_wi=1, jmh17_i=1, w1_small_rounds=1,
)


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def java_version(java):
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    first = out.splitlines()[0] if out else "?"
    m = re.search(r'version "([^"]+)"', first)
    vendor = out.splitlines()[1] if len(out.splitlines()) > 1 else ""
    return (m.group(1) if m else first), vendor.strip()


def find_java(env_var, candidates, feature):
    paths = ([os.environ[env_var]] if os.environ.get(env_var) else []) + candidates
    for home in paths:
        java = os.path.join(home, "bin", "java")
        if os.path.exists(java):
            v, _ = java_version(java)
            if v.split(".")[0] == str(feature):
                return java
    return None


def run(cmd, timeout):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    return p.returncode, p.stdout, p.stderr


def parse_result(stdout):
    for line in stdout.splitlines():
        if line.startswith("RESULT "):
            return dict(kv.split("=", 1) for kv in line.split()[1:])
    return None


class Store:
    """Every measurement: key (workload, config, runtime, jdk) -> list of per-round values (dict)."""

    def __init__(self):
        self.data = {}
        self.errors = []

    def add(self, key, value):
        self.data.setdefault("|".join(map(str, key)), []).append(value)

    def get(self, key):
        return self.data.get("|".join(map(str, key)), [])


# Every JVM of the throughput workloads (W2-W6, W5A) runs with these flags, whatever its runtime. On this
# machine (a VM on 2 cores) a 4 KiB page fault costs several microseconds, and freshly touched heap is
# faulted in again and again: in default-flag runs up to 40 % of a process's CPU time was the kernel's
# (W4, by /usr/bin/time), which made every figure bimodal and penalised runtimes by how much they
# allocate, not by how they schedule. Transparent huge pages (madvise mode here) cut the faults 512-fold.
# W1 measures peak RSS and keeps the JVM's defaults: huge pages would change what RSS counts.
THROUGHPUT_JVM_FLAGS = ["-XX:+UseTransparentHugePages"]


def scale(store, java, jdk, workload, config, runtime, n, extra, timeout):
    flags = [] if workload == "W1" else THROUGHPUT_JVM_FLAGS
    cmd = [java] + flags + ["-cp", JAR, "io.asyncio4j.bench.Scale", workload, runtime, str(n)] + ([str(extra)] if extra else [])
    return scale_cmd(store, cmd, (workload, config, runtime, jdk), timeout)


def scale_cmd(store, cmd, key, timeout):
    try:
        rc, out, err = run(cmd, timeout)
    except subprocess.TimeoutExpired:
        store.errors.append(f"{key}: timed out after {timeout} s")
        log(f"  {key}: TIMEOUT")
        return
    res = parse_result(out)
    if rc != 0 or res is None:
        tail = (err or out).strip().splitlines()[-3:]
        store.errors.append(f"{key}: exit {rc}: {' / '.join(tail)}")
        log(f"  {key}: FAILED {tail}")
        return
    value = dict(wall_ms=int(res["wall_ms"]), rss_kb=int(res["rss_kb"]), n=int(res["n"]))
    store.add(key, value)
    log(f"  {key}: wall {value['wall_ms']} ms, peak RSS {value['rss_kb'] // 1024} MB")


def python_run(store, workload, n, extra, config, timeout):
    cmd = [sys.executable, PY_SCRIPT, workload, str(n)] + ([str(extra)] if extra is not None else [])
    scale_cmd(store, cmd, (workload, config, "python", "py"), timeout)


def jmh(store, java, jdk, bench, workload, runtimes, params, cfg, iterations, tag, warmups=None):
    if not runtimes:
        return
    out_json = os.path.join(RESULTS_DIR, f"jmh-{workload}-{jdk}-{tag}.json")
    cmd = [java, "-jar", JAR, bench, "-f", "1", "-wi", str(cfg["jmh_wi"] if warmups is None else warmups), "-i", str(iterations),
           "-bm", "ss", "-tu", "ms", "-rf", "json", "-rff", out_json, "-p", "runtime=" + ",".join(runtimes),
           "-jvmArgsAppend", " ".join(THROUGHPUT_JVM_FLAGS)]
    for k, v in params.items():
        cmd += ["-p", f"{k}={v}"]
    try:
        rc, out, err = run(cmd, 1200)
    except subprocess.TimeoutExpired:
        store.errors.append(f"JMH {bench} on JDK {jdk}: timed out")
        return
    if rc != 0 or not os.path.exists(out_json):
        store.errors.append(f"JMH {bench} on JDK {jdk}: exit {rc}: {err.strip()[-300:]}")
        log(f"  JMH {bench} JDK {jdk}: FAILED")
        return
    with open(out_json) as f:
        results = json.load(f)
    seen = set()
    for r in results:
        p = r["params"]
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        ms = statistics.median(raw)
        config = p.get("parties", "")
        store.add((workload, config, p["runtime"], jdk), dict(ms=ms, n=int(p.get("n", p.get("items", 0)))))
        seen.add(p["runtime"])
        log(f"  JMH {workload} {config} {p['runtime']} JDK {jdk}: {ms:.1f} ms per batch")
    for rt in runtimes:
        if rt not in seen:
            store.errors.append(f"JMH {bench} {rt} on JDK {jdk}: no result (see {out_json}): "
                                + " / ".join(l for l in out.splitlines() if "Exception" in l)[:300])


def probe(java):
    rc, out, _ = run([java, "-cp", JAR, "io.asyncio4j.bench.Probe"], 120)
    avail, missing = set(), {}
    for line in out.splitlines():
        parts = line.split(" ", 3)
        if parts[0] == "AVAILABLE":
            avail.add((parts[1], parts[2]))
        elif parts[0] == "MISSING":
            missing[(parts[1], parts[2])] = parts[3] if len(parts) > 3 else ""
    return avail, missing


def rotate(items, k):
    k %= max(1, len(items))
    return items[k:] + items[:k]


# ---------------------------------------------------------------- reporting


def med(values):
    return statistics.median(values) if values else None


def fmt(x, digits=0):
    if x is None:
        return "—"
    if digits == 0:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def spread(values, scale_fn, digits):
    if len(values) < 2:
        return ""
    xs = sorted(scale_fn(v) for v in values)
    return f" ({fmt(xs[0], digits)}–{fmt(xs[-1], digits)})"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.2f}×"


def per_op_ns(v):
    return v["ms"] * 1e6 / v["n"] if "ms" in v else v["wall_ms"] * 1e6 / v["n"]


def mitems(v):
    ms = v.get("ms", v.get("wall_ms"))
    return v["n"] / (ms / 1000) / 1e6


def micro_table(store, workload, config, jdks, kind, missing, notes):
    """kind 'cost' (ns per op, lower is better) or 'tput' (M items/s, higher is better)."""
    metric = per_op_ns if kind == "cost" else mitems
    unit = "ns per op" if kind == "cost" else "M items/s"
    digits = 0 if kind == "cost" else 2
    rows = []
    py_vals = store.get((workload, config, "python", "py"))
    py = med([metric(v) for v in py_vals])
    out = [f"| runtime | JDK | {unit}, median (range) | speed vs raw kotlinx (same JDK) | speed vs Python asyncio |",
           "| --- | --- | --- | --- | --- |"]
    for jdk in jdks:
        kx = med([metric(v) for v in store.get((workload, config, "kotlinx", jdk))])
        for rt in RUNTIMES[:-1]:
            vals = store.get((workload, config, rt, jdk))
            if not vals:
                why = notes.get((workload, rt, jdk))
                if why:
                    out.append(f"| {LABEL[rt]} | {jdk} | {why} | | |")
                continue
            x = med([metric(v) for v in vals])
            if kind == "cost":
                vs_kx, vs_py = ratio(kx, x), ratio(py, x)
            else:
                vs_kx, vs_py = ratio(x, kx), ratio(x, py)
            out.append(f"| {LABEL[rt]} | {jdk} | **{fmt(x, digits)}**{spread(vals, metric, digits)} | {vs_kx} | {vs_py} |")
    if py is not None:
        kx25 = med([metric(v) for v in store.get((workload, config, "kotlinx", "25"))])
        vs_kx = ratio(kx25, py) if kind == "cost" else ratio(py, kx25)
        out.append(f"| {LABEL['python']} | CPython {PY_VERSION} | **{fmt(py, digits)}**{spread(py_vals, metric, digits)}"
                   f" (n = {py_vals[0]['n']:,}) | {vs_kx} (vs JDK 25) | 1.00× |")
    return "\n".join(out)


PY_VERSION = sys.version.split()[0]


def w1_table(store, cfg):
    out = ["| runtime | N | wall s, median (range) | peak RSS MB, median (range) | RSS vs raw kotlinx | RSS vs Python | wall vs raw kotlinx |",
           "| --- | --- | --- | --- | --- | --- | --- |"]
    for n in cfg["w1_ns"]:
        kx = store.get(("W1", n, "kotlinx", "25"))
        py = store.get(("W1", n, "python", "py"))
        kx_rss, kx_wall = med([v["rss_kb"] for v in kx]), med([v["wall_ms"] for v in kx])
        py_rss = med([v["rss_kb"] for v in py])
        for rt in RUNTIMES:
            vals = store.get(("W1", n, rt, "py" if rt == "python" else "25"))
            if not vals:
                continue
            wall, rss = med([v["wall_ms"] for v in vals]), med([v["rss_kb"] for v in vals])
            out.append(f"| {LABEL[rt]} | {n:,} | **{wall / 1000:.1f}**{spread(vals, lambda v: v['wall_ms'] / 1000, 1)} | "
                       f"**{rss / 1024:,.0f}**{spread(vals, lambda v: v['rss_kb'] / 1024, 0)} | {ratio(rss, kx_rss)} | "
                       f"{ratio(rss, py_rss)} | {ratio(wall, kx_wall)} |")
    return "\n".join(out)


def w1_bytes_per_task(store, cfg, rt):
    ns = cfg["w1_ns"]
    lo, hi = ns[0], ns[-1]
    jdk = "py" if rt == "python" else "25"
    a = med([v["rss_kb"] for v in store.get(("W1", lo, rt, jdk))])
    b = med([v["rss_kb"] for v in store.get(("W1", hi, rt, jdk))])
    if a is None or b is None or hi == lo:
        return None
    return (b - a) * 1024 / (hi - lo)


def svg_chart(store, cfg, path):
    import math
    W, H, L, R, T, B = 760, 460, 80, 210, 40, 60
    ns = cfg["w1_ns"]
    series = {}
    for rt in RUNTIMES:
        jdk = "py" if rt == "python" else "25"
        pts = [(n, med([v["rss_kb"] for v in store.get(("W1", n, rt, jdk))])) for n in ns]
        pts = [(n, kb / 1024) for n, kb in pts if kb is not None]
        if pts:
            series[rt] = pts
    ys = [y for pts in series.values() for _, y in pts] or [1, 10]
    ymin = 10 ** math.floor(math.log10(max(1, min(ys))))
    ymax = 10 ** math.ceil(math.log10(max(ys)))
    xmin, xmax = math.log10(ns[0]), math.log10(ns[-1])
    if xmax == xmin:
        xmax += 1

    def px(n):
        return L + (math.log10(n) - xmin) / (xmax - xmin) * (W - L - R)

    def py_(y):
        return T + (1 - (math.log10(y) - math.log10(ymin)) / (math.log10(ymax) - math.log10(ymin))) * (H - T - B)

    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{W / 2 - 60}" y="22" font-size="15">W1: peak RSS vs N sleeping tasks (log-log)</text>']
    d = ymin
    while d <= ymax * 1.0001:
        for m in (1, 2, 5):
            y = d * m
            if ymin <= y <= ymax:
                yy = py_(y)
                s.append(f'<line x1="{L}" y1="{yy:.1f}" x2="{W - R}" y2="{yy:.1f}" stroke="#ddd"/>')
                s.append(f'<text x="{L - 8}" y="{yy + 4:.1f}" text-anchor="end">{y:,.0f}</text>')
        d *= 10
    for n in ns:
        xx = px(n)
        s.append(f'<line x1="{xx:.1f}" y1="{T}" x2="{xx:.1f}" y2="{H - B}" stroke="#ddd"/>')
        s.append(f'<text x="{xx:.1f}" y="{H - B + 18}" text-anchor="middle">{n:,}</text>')
    s.append(f'<text x="{(L + W - R) / 2}" y="{H - 15}" text-anchor="middle">N concurrent tasks, each sleeping {cfg["w1_sleep_ms"] / 1000:g} s</text>')
    s.append(f'<text x="18" y="{(T + H - B) / 2}" transform="rotate(-90 18 {(T + H - B) / 2})" text-anchor="middle">peak RSS (MB, VmHWM)</text>')
    s.append(f'<rect x="{L}" y="{T}" width="{W - L - R}" height="{H - T - B}" fill="none" stroke="#333"/>')
    for i, (rt, pts) in enumerate(series.items()):
        c = COLOR[rt]
        path_d = " ".join(f"{'M' if j == 0 else 'L'}{px(n):.1f},{py_(y):.1f}" for j, (n, y) in enumerate(pts))
        s.append(f'<path d="{path_d}" fill="none" stroke="{c}" stroke-width="2"/>')
        for n, y in pts:
            s.append(f'<circle cx="{px(n):.1f}" cy="{py_(y):.1f}" r="3.5" fill="{c}"/>')
        ly = T + 10 + i * 22
        s.append(f'<line x1="{W - R + 15}" y1="{ly}" x2="{W - R + 40}" y2="{ly}" stroke="{c}" stroke-width="3"/>')
        last = pts[-1][1]
        s.append(f'<text x="{W - R + 46}" y="{ly + 4}">{LABEL[rt]} ({last:,.0f} MB)</text>')
    s.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(s) + "\n")


def targets(store, cfg, avail):
    lines = []

    def m(workload, config, rt, jdk, metric):
        return med([metric(v) for v in store.get((workload, config, rt, jdk))])

    def verdict(ok):
        return "—" if ok is None else ("**met**" if ok else "**missed**")

    for w in ("W2", "W6"):
        kx, fu = m(w, "", "kotlinx", "25", per_op_ns), m(w, "", "a4jFuture", "25", per_op_ns)
        vt, di = m(w, "", "vthreads", "25", per_op_ns), m(w, "", "a4jDirect", "25", per_op_ns)
        r1 = fu / kx if fu and kx else None
        r2 = di / vt if di and vt else None
        lines.append(f"| {w} future style ≤ 1.3× raw kotlinx time (JDK 25) | {r1:.2f}× | {verdict(r1 <= 1.3) if r1 else '—'} |" if r1 else f"| {w} future style ≤ 1.3× raw kotlinx | not measured | — |")
        lines.append(f"| {w} direct style ≤ 1.3× virtual threads time (JDK 25) | {r2:.2f}× | {verdict(r2 <= 1.3) if r2 else '—'} |" if r2 else f"| {w} direct style ≤ 1.3× virtual threads | not measured | — |")
        kx17, fu17 = m(w, "", "kotlinx", "17", per_op_ns), m(w, "", "a4jFuture", "17", per_op_ns)
        if kx17 and fu17:
            lines.append(f"| {w} future style ≤ 1.3× raw kotlinx time (JDK 17) | {fu17 / kx17:.2f}× | {verdict(fu17 / kx17 <= 1.3)} |")
    big = cfg["w1_ns"][-1]
    kx = store.get(("W1", big, "kotlinx", "25"))
    for rt, base, label in (("a4jFuture", "kotlinx", "raw kotlinx"), ("a4jDirect", "vthreads", "virtual threads")):
        vals, bvals = store.get(("W1", big, rt, "25")), store.get(("W1", big, base, "25"))
        if vals and bvals:
            rss, brss = med([v["rss_kb"] for v in vals]), med([v["rss_kb"] for v in bvals])
            wall, bwall = med([v["wall_ms"] for v in vals]), med([v["wall_ms"] for v in bvals])
            lines.append(f"| W1 {big:,} {rt}: peak RSS ≤ {label} | {rss / 1024:,.0f} MB vs {brss / 1024:,.0f} MB ({rss / brss:.2f}×) | {verdict(rss <= brss)} |")
            if rt == "a4jFuture":
                r = wall / cfg["w1_sleep_ms"]
                lines.append(f"| W1 {big:,} future style: wall ≤ 1.1× the sleep | {wall / 1000:.1f} s = {r:.2f}× | {verdict(r <= 1.1)} |")
            else:
                lines.append(f"| W1 {big:,} direct style: wall < virtual threads' | {wall / 1000:.1f} s vs {bwall / 1000:.1f} s | {verdict(wall < bwall)} |")
        elif not vals:
            lines.append(f"| W1 {big:,} {rt} | not measured | — |")
    for w, config, kind in (("W3", "1", "tput"), ("W3", "4", "tput"), ("W4", "", "cost"), ("W5", "", "tput")):
        metric = mitems if kind == "tput" else per_op_ns
        key = w + (f" {config}P/{config}C" if config else "")
        for rt in ("a4jFuture", "a4jDirect"):
            if w == "W5":
                x, kxv, pyv = w5_value(store, cfg, rt), w5_value(store, cfg, "kotlinx"), w5_value(store, cfg, "python")
            else:
                x, kxv, pyv = (m(w, config, rt, "25", metric), m(w, config, "kotlinx", "25", metric),
                               m(w, config, "python", "py", metric))
            if x is None:
                why = "not available yet" if (w, rt) not in avail else "not measured (failed, see errors)"
                lines.append(f"| {key} {rt}: ≥ 0.8× raw kotlinx and ≥ 10× Python | {why} | — |")
                continue
            if kind == "tput":
                a, b = x / kxv if kxv else None, x / pyv if pyv else None
            else:
                a, b = kxv / x if kxv else None, pyv / x if pyv else None
            ok = (a is not None and a >= 0.8) and (b is not None and b >= 10)
            lines.append(f"| {key} {rt}: ≥ 0.8× raw kotlinx and ≥ 10× Python | {a:.2f}× kotlinx, {b:.1f}× Python | {verdict(ok)} |")
    x, base = w5a_ns(store, "a4jDirect"), w5a_ns(store, "vthreads")
    if x is not None and base is not None:
        lines.append(f"| W5A one `anext()` at a time, direct style: ≤ 1.5× virtual threads + `SynchronousQueue` time | "
                     f"{x:,.0f} vs {base:,.0f} ns per element ({x / base:.2f}×) | {verdict(x <= 1.5 * base)} |")
    else:
        lines.append("| W5A one `anext()` at a time, direct style | not measured | — |")
    return "\n".join(["| target | measured (medians) | verdict |", "| --- | --- | --- |"] + lines)


def w5a_ns(store, rt):
    jdk = "py" if rt == "python" else "25"
    return med([per_op_ns(v) for v in store.get(("W5A", "", rt, jdk))])


def w5a_table(store, cfg):
    base = w5a_ns(store, "vthreads")
    out = ["| runtime | JDK | ns per element, median (range) | time vs virtual threads + `SynchronousQueue` |",
           "| --- | --- | --- | --- |"]
    for rt in ("a4jDirect", "vthreads", "python"):
        jdk = "py" if rt == "python" else "25"
        vals = store.get(("W5A", "", rt, jdk))
        if not vals:
            continue
        x = med([per_op_ns(v) for v in vals])
        shown = f"CPython {PY_VERSION}" if rt == "python" else "25"
        n = f" (n = {vals[0]['n']:,})" if rt == "python" else ""
        out.append(f"| {LABEL[rt]} | {shown} | **{fmt(x)}**{spread(vals, per_op_ns, 0)}{n} | "
                   f"{(x / base if base else float('nan')):.2f}× |")
    return "\n".join(out)


def w5_value(store, cfg, rt):
    if rt == "python":
        return med([mitems(v) for v in store.get(("W5", "", "python", "py"))])
    return med([mitems(v) for v in store.get(("W5", "", rt, "25"))])


def write_results(store, cfg, args, info, avail, missing, elapsed_s, out_path, svg_path):
    notes = {}
    for (w, rt), why in missing.items():
        for jdk in ("25", "17"):
            notes[(w, rt, jdk)] = "not available yet (" + why.split(":")[0] + ")"
    md = []
    md.append("# asyncio4j benchmark results (issue 7)\n")
    md.append(f"- Date: {info['date']}  \n- Command: `{info['command']}`  \n- Mode: {'quick' if args.quick else 'full'}, "
              f"{cfg['rounds']} interleaved round(s); figures are medians over rounds (range in brackets); a round's "
              f"JMH figure is the median of its single-shot iterations ({cfg['jmh_wi']} warm-up batch + {cfg['jmh_i']} measured "
              f"on JDK 25, {cfg['jmh_wi_short']} warm-up + {cfg['jmh_i_short']} measured for the short W3/W4 batches, {cfg['jmh17_wi']} + {cfg['jmh17_i']} on JDK 17), 1 fork; W1 at N < {cfg['w1_ns'][-1]:,} ran in "
              f"{min(cfg['w1_small_rounds'], cfg['rounds'])} round(s), N = {cfg['w1_ns'][-1]:,} in every round.  \n"
              f"- JDK 25: {info['jdk25']}  \n- JDK 17: {info['jdk17']}  \n- Python: CPython {PY_VERSION} (default event loop)  \n"
              f"- kotlinx.coroutines {pom_property('kotlinx.coroutines.version')}, Kotlin {pom_property('kotlin.version')}, JMH 1.37, G1 with the default heap; W2-W6 and W5A on every JVM with `-XX:+UseTransparentHugePages` (page faults, see bench/README.md), W1 with no flags  \n"
              f"- Machine: {info['cpus']} CPUs, load average at start {info['load']} (shared with other users' builds: "
              f"JVM figures swing 2–4× between runs here)  \n- Whole run took {elapsed_s / 60:.1f} min.\n")
    if args.note:
        md.append(f"> **Note on this run.** {args.note}\n")
    md.append("Ratios are **speed** relative to the baseline (> 1 means faster than it), computed from medians; "
              "for memory, RSS relative to the baseline (< 1 means smaller). Python runs smaller batches where "
              "noted (its per-op figures do not depend on the batch size at these sizes) to keep the run under "
              "30 minutes.\n")
    md.append("## Targets\n")
    md.append(targets(store, cfg, avail) + "\n")
    findings = os.path.join(HERE, "FINDINGS.md")
    if os.path.exists(findings):
        with open(findings) as f:
            md.append(f.read().strip() + "\n")
    md.append(f"## W1 sleepers: N tasks each sleeping {cfg['w1_sleep_ms'] / 1000:g} s, awaited together (one process per run)\n")
    md.append(f"![W1 peak RSS vs N]({os.path.basename(svg_path)})\n")
    md.append(w1_table(store, cfg) + "\n")
    bpt = ", ".join(f"{LABEL[rt]} {fmt(w1_bytes_per_task(store, cfg, rt))}" for rt in RUNTIMES
                    if w1_bytes_per_task(store, cfg, rt) is not None)
    md.append(f"Marginal bytes per sleeping task (RSS at N = {cfg['w1_ns'][-1]:,} minus N = {cfg['w1_ns'][0]:,}): {bpt}.\n")
    md.append(f"## W2 spawn + await: {cfg['w2']:,} trivial tasks created and awaited (JMH single shot)\n")
    md.append(micro_table(store, "W2", "", ["25", "17"], "cost", missing, notes) + "\n")
    for parties in ("1", "4"):
        md.append(f"## W3 queue: {cfg['w3']:,} ints through a bounded queue of 1024, {parties}P/{parties}C (JMH single shot)\n")
        md.append(micro_table(store, "W3", parties, ["25"], "tput", missing, notes) + "\n")
    md.append(f"## W4 semaphore: {cfg['w4']:,} tasks through Semaphore(100), yielding once inside (JMH single shot)\n")
    md.append(micro_table(store, "W4", "", ["25"], "cost", missing, notes) + "\n")
    md.append(f"## W5 stream: {cfg['w5']:,} ints, generator → map → filter → Flow.Publisher subscriber (one process per run)\n")
    md.append(micro_table(store, "W5", "", ["25"], "tput", missing, notes) + "\n")
    md.append(f"## W5A one `anext()` at a time: {cfg['w5a']:,} ints from an async generator, each pulled by another task (one process per run)\n")
    md.append("The lazy case of W5 (the generator never runs ahead of an `anext()`): every element is a hand-off "
              "between two threads and back. The baseline is two virtual threads handing each int over a "
              "`SynchronousQueue`; Python's generator runs inline in the consumer's step. Per-process figures include "
              "the JIT's warm-up.\n")
    md.append(w5a_table(store, cfg) + "\n")
    md.append(f"## W6 timeouts: {cfg['w6']:,} timeout-guarded waits of 10 s that do not expire (JMH single shot)\n")
    md.append(micro_table(store, "W6", "", ["25", "17"], "cost", missing, notes) + "\n")
    md.append("## What each runtime runs\n")
    md.append("Each benchmark class's Javadoc (bench/src/main/java/io/asyncio4j/bench/W*.java) gives the exact code "
              "shape; raw kotlinx is bench/src/main/kotlin/io/asyncio4j/bench/Kx.kt; Python is bench/python/workloads.py. "
              "CompletableFuture baselines always use an explicit executor (ForkJoinPool(2), one scheduler thread, or "
              "the JDK's delayer thread for orTimeout), never the common pool. Virtual threads run on JDK 25 only; "
              "asyncio4j's direct style runs on virtual threads on JDK 25 and on its ForkJoinPool fallback on JDK 17.\n")
    if store.errors:
        md.append("## Errors during the run\n")
        md.extend(f"- {e}" for e in store.errors)
        md.append("")
    # hand-run sections (e.g. the context cost of issue 16) between these markers survive a rerun
    kept_start, kept_end = "<!-- kept:start -->", "<!-- kept:end -->"
    if os.path.exists(out_path):
        with open(out_path) as f:
            previous = f.read()
        if kept_start in previous and kept_end in previous:
            md.append(previous[previous.index(kept_start):previous.index(kept_end) + len(kept_end)])
    with open(out_path, "w") as f:
        f.write("\n".join(md) + "\n")
    if os.path.abspath(out_path) == os.path.join(HERE, "RESULTS.md"):
        update_readme(targets(store, cfg, avail), info, elapsed_s)


def update_readme(table, info, elapsed_s):
    """Replaces the headline block of bench/README.md with this run's target table."""
    path = os.path.join(HERE, "README.md")
    with open(path) as f:
        text = f.read()
    start, end = "<!-- headline:start -->", "<!-- headline:end -->"
    if start not in text or end not in text:
        return
    block = (f"{start}\nHeadline figures of the last full run ({info['date']}, `{info['command']}`, "
             f"{elapsed_s / 60:.0f} min; details and every runtime's figures in [RESULTS.md](RESULTS.md)):\n\n"
             f"{table}\n{end}")
    text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    with open(path, "w") as f:
        f.write(text)


# ---------------------------------------------------------------- rebuilding a report from a log


def store_from_log(path, cfg):
    """Rebuilds the measurements of an interrupted run from its log (what the driver printed)."""
    store = Store()
    jmh_n = {"W2": cfg["w2"], "W3": cfg["w3"], "W4": cfg["w4"], "W6": cfg["w6"]}
    py_n = {"W2": cfg["py_w2"], "W3": cfg["py_w3"], "W4": cfg["py_w4"], "W5": cfg["py_w5"], "W5A": cfg["py_w5a"],
            "W6": cfg["py_w6"]}
    first = last = None
    rounds = 0
    last_line = ""
    for line in open(path):
        if line.startswith("["):
            last_line = line
        m = re.match(r"\[(\d\d):(\d\d):(\d\d)\]", line)
        if m:
            t = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
            first = t if first is None else first
            last = t
        if "=== round" in line:
            rounds += 1
        m = re.search(r"JMH (W\d) (\S*) ?(\w+) JDK (\d+): ([\d.]+) ms per batch", line)
        if m:
            w, config, rt, jdk, ms = m.groups()
            store.add((w, config, rt, jdk), dict(ms=float(ms), n=jmh_n[w]))
            continue
        m = re.search(r"\('(W\dA?)', '?([^,']*)'?, '(\w+)', '(\w+)'\): (.*)", line)
        if m:
            w, config, rt, jdk, rest = m.groups()
            key = (w, int(config) if w == "W1" else config, rt, jdk)
            v = re.match(r"wall (\d+) ms, peak RSS (\d+) MB", rest)
            if v:
                if w == "W1":
                    n = int(config)
                elif rt == "python":
                    n = py_n[w]
                else:
                    n = cfg["w5a"] if w == "W5A" else cfg["w5"]
                store.add(key, dict(wall_ms=int(v.group(1)), rss_kb=int(v.group(2)) * 1024, n=n))
            else:
                store.errors.append(f"{key}: {rest.strip()}")
    if "=== round" in last_line:
        rounds -= 1  # stopped as this round began: it measured nothing
    return store, (last - first if first is not None else 0), max(1, rounds)


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1 round, smaller sizes, W1 sleeps 2 s and stops at 100k")
    ap.add_argument("--rounds", type=int, help="override the number of interleaved rounds")
    ap.add_argument("--only", default="W1,W2,W3,W4,W5,W5A,W6", help="comma-separated workloads to run")
    ap.add_argument("--out", help="results file (default bench/RESULTS.md, or bench/results/RESULTS-quick.md with --quick)")
    ap.add_argument("--command", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--note", default="", help="a remark printed under the header of RESULTS.md")
    ap.add_argument("--from-log", help="rebuild the report of an interrupted run from its log (no benchmark runs)")
    args = ap.parse_args()
    cfg = dict(QUICK if args.quick else FULL)
    if args.rounds:
        cfg["rounds"] = args.rounds
    only = set(args.only.split(","))
    os.makedirs(RESULTS_DIR, exist_ok=True)
    out_path = args.out or (os.path.join(RESULTS_DIR, "RESULTS-quick.md") if args.quick else os.path.join(HERE, "RESULTS.md"))
    svg_path = os.path.join(os.path.dirname(os.path.abspath(out_path)), "w1-memory.svg")

    j25 = find_java("JDK25_HOME", ["/usr/lib/jvm/temurin-25-jdk-amd64"], 25)
    j17 = find_java("JDK17_HOME", ["/usr/lib/jvm/java-17-openjdk-amd64", os.environ.get("JAVA_HOME", "")], 17)
    if not j25 or not os.path.exists(JAR):
        sys.exit(f"need JDK 25 (JDK25_HOME) and {JAR} (run bench/run.sh, which builds it)")
    info = dict(
        date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        command=args.command or "python3 bench/driver.py " + " ".join(shlex.quote(a) for a in sys.argv[1:]),
        jdk25=" ".join(java_version(j25)), jdk17=" ".join(java_version(j17)) if j17 else "not found (JDK 17 rows skipped)",
        cpus=os.cpu_count(), load=" ".join(open("/proc/loadavg").read().split()[:3]) if os.path.exists("/proc/loadavg") else "?",
    )
    avail, missing = probe(j25)
    log(f"asyncio4j variants available: {sorted(avail)}; missing: {sorted(missing)}")
    if args.from_log:
        store, elapsed, rounds = store_from_log(args.from_log, cfg)
        cfg["rounds"] = rounds
        info["load"] = "see the note below"
        info["date"] = datetime.datetime.fromtimestamp(os.path.getmtime(args.from_log), datetime.timezone.utc).strftime(
            "%Y-%m-%d %H:%M UTC")
        if "W1" in only:
            svg_chart(store, cfg, svg_path)
        write_results(store, cfg, args, info, avail, missing, elapsed, out_path, svg_path)
        log(f"wrote {out_path} from {args.from_log}")
        return
    store = Store()
    started = time.time()
    jvm_rts = ["a4jFuture", "a4jDirect", "kotlinx", "vthreads", "cf"]

    def have(w, rt):
        return not rt.startswith("a4j") or (w, rt) in avail

    for rnd in range(cfg["rounds"]):
        log(f"=== round {rnd + 1}/{cfg['rounds']}")
        order = rotate(jvm_rts, rnd)
        if "W2" in only:
            jmh(store, j25, "25", "W2SpawnAwait", "W2", [r for r in order if have("W2", r)], {"n": cfg["w2"]}, cfg, cfg["jmh_i"], rnd)
            python_run(store, "W2", cfg["py_w2"], None, "", 600)
        if "W6" in only:
            jmh(store, j25, "25", "W6WaitFor", "W6", [r for r in order if have("W6", r)], {"n": cfg["w6"]}, cfg, cfg["jmh_i"], rnd)
            python_run(store, "W6", cfg["py_w6"], None, "", 600)
        if j17 and ("W2" in only or "W6" in only):
            # JDK 17: the future style against kotlinx and CompletableFuture (direct style's target is about
            # virtual threads; on 17 it runs on the ForkJoinPool fallback and is left out to save time)
            rts17 = [r for r in order if r in ("a4jFuture", "kotlinx", "cf")]
            if "W2" in only:
                jmh(store, j17, "17", "W2SpawnAwait", "W2", [r for r in rts17 if have("W2", r)], {"n": cfg["w2"]}, cfg, cfg["jmh17_i"], rnd, cfg["jmh17_wi"])
            if "W6" in only:
                jmh(store, j17, "17", "W6WaitFor", "W6", [r for r in rts17 if have("W6", r)], {"n": cfg["w6"]}, cfg, cfg["jmh17_i"], rnd, cfg["jmh17_wi"])
        if "W3" in only:
            jmh(store, j25, "25", "W3Queue", "W3", [r for r in order if r != "cf" and have("W3", r)],
                {"items": cfg["w3"], "parties": "1,4"}, cfg, cfg["jmh_i_short"], rnd, cfg["jmh_wi_short"])
            for parties in (1, 4):
                python_run(store, "W3", cfg["py_w3"], parties, str(parties), 600)
        if "W4" in only:
            jmh(store, j25, "25", "W4Semaphore", "W4", [r for r in order if r != "cf" and have("W4", r)], {"n": cfg["w4"]}, cfg, cfg["jmh_i_short"], rnd, cfg["jmh_wi_short"])
            python_run(store, "W4", cfg["py_w4"], None, "", 600)
        if "W5" in only:
            for rt in order:
                if have("W5", rt):
                    scale(store, j25, "25", "W5", "", rt, cfg["w5"], None, 600)
            python_run(store, "W5", cfg["py_w5"], None, "", 600)
        if "W5A" in only:
            for rt in ("a4jDirect", "vthreads"):
                if have("W5A", rt):
                    scale(store, j25, "25", "W5A", "", rt, cfg["w5a"], None, 600)
            python_run(store, "W5A", cfg["py_w5a"], None, "", 600)
        if "W1" in only:
            for n in cfg["w1_ns"]:
                if n != cfg["w1_ns"][-1] and rnd >= cfg["w1_small_rounds"]:
                    continue  # the small sizes are cheap to predict and expensive in wall time (each run sleeps)
                for rt in rotate(jvm_rts + ["python"], rnd):
                    if rt == "python":
                        python_run(store, "W1", n, cfg["w1_sleep_ms"], n, 300)
                    elif have("W1", rt):
                        scale(store, j25, "25", "W1", n, rt, n, cfg["w1_sleep_ms"], 300)
    elapsed = time.time() - started
    with open(os.path.join(os.path.dirname(os.path.abspath(out_path)), os.path.basename(out_path).replace(".md", "-raw.json")), "w") as f:
        json.dump(dict(info=info, cfg=cfg, data=store.data, errors=store.errors), f, indent=1)
    if "W1" in only:
        svg_chart(store, cfg, svg_path)
    write_results(store, cfg, args, info, avail, missing, elapsed, out_path, svg_path)
    log(f"wrote {out_path} ({elapsed / 60:.1f} min)")


if __name__ == "__main__":
    main()

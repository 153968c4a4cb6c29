"""Times pyxirr on the flows of benches/benches/portfolio.rs (same LCG, same seeds).

Run: python3 -m venv $CARGO_TARGET_DIR/venv && $CARGO_TARGET_DIR/venv/bin/pip install pyxirr
     $CARGO_TARGET_DIR/venv/bin/python benches/pyxirr_compare.py
"""
import datetime
import time

import pyxirr

MASK = (1 << 64) - 1


def flows(seed, n):
    x = seed
    start = datetime.date(2000, 1, 1)
    dates, amounts = [], []
    for i in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
        dates.append(start + datetime.timedelta(days=(x >> 33) % 10950))
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
        r = ((x >> 33) % 900000) / 100.0
        amounts.append(-(1000.0 + r) if i % 3 == 0 else 500.0 + r / 1.8)
    return dates, amounts


def best(fn, runs=5):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000, out


d, a = flows(42, 1_000_000)
ms, r = best(lambda: pyxirr.xirr(d, a))
print(f"pyxirr xirr 1,000,000 flows: {ms:.1f} ms (rate {r})")
sets = [flows(1000 + i, 100) for i in range(10_000)]
ms, _ = best(lambda: [pyxirr.xirr(dd, aa) for dd, aa in sets])
print(f"pyxirr 10,000 xirr of 100 flows: {ms:.1f} ms")

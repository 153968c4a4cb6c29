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


def investor_flows(seed, n):
    """The realistic sets of investor_flows in benches/benches/portfolio.rs."""
    x = seed

    def nxt():
        nonlocal x
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
        return x >> 33

    def month(k):
        y, m = divmod(k, 12)
        return datetime.date(2000 + y, 1 + m, 1)

    dates, amounts = [], []
    if seed % 2 == 0:
        paid = 0.0
        for k in range(n - 1):
            v = 100.0 + (nxt() % 90000) / 100.0
            paid += v
            dates.append(month(k))
            amounts.append(-v)
        dates.append(month(n - 1))
        amounts.append(paid * (0.6 + (nxt() % 1900) / 1000.0))
    else:
        buys = nxt() % 3 + 1
        bought = 0.0
        for k in range(buys):
            v = 10000.0 + (nxt() % 4000000) / 100.0
            bought += v
            dates.append(month(k))
            amounts.append(-v)
        y = 0.002 + (nxt() % 1000) / 100000.0
        for k in range(n - buys - 1):
            dates.append(month(buys + 3 * k))
            amounts.append(bought * y)
        dates.append(month(buys + 3 * (n - buys - 1)))
        amounts.append(bought * (0.5 + (nxt() % 2500) / 1000.0))
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
real = [investor_flows(1000 + i, 100) for i in range(10_000)]
ms, out = best(lambda: [pyxirr.xirr(dd, aa) for dd, aa in real])
print(f"pyxirr 10,000 xirr of 100 investor flows: {ms:.1f} ms ({sum(r is not None for r in out)} solved)")
sets = [flows(1000 + i, 100) for i in range(10_000)]
ms, _ = best(lambda: [pyxirr.xirr(dd, aa) for dd, aa in sets])
print(f"pyxirr 10,000 xirr of 100 harsh flows: {ms:.1f} ms")

"""Python 3.11 asyncio versions of the asyncio4j benchmark workloads (W1-W6).

Usage: python3 workloads.py W1|W2|W3|W4|W5|W6 N [EXTRA]
  W1 N SLEEP_MS   N tasks each `await asyncio.sleep(SLEEP_MS / 1000)`, gathered
  W2 N            N trivial tasks created with create_task and gathered
  W3 N PARTIES    N ints through asyncio.Queue(1024), PARTIES producers and consumers
  W4 N            N tasks through asyncio.Semaphore(100), `await asyncio.sleep(0)` inside
  W5 N            N ints: async generator -> async map -> async filter -> `async for` consumer
  W6 N            N `asyncio.wait_for(future, 10)` that do not expire (future completed after arming)
Prints one line: RESULT workload=.. runtime=python n=.. wall_ms=.. rss_kb=.. (peak RSS, VmHWM).
The default event loop is used (no uvloop), as in shared/BASELINES.md.
"""

import asyncio
import sys
import time


def peak_rss_kb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


async def w1(n, sleep_ms):
    delay = sleep_ms / 1000
    await asyncio.gather(*[asyncio.create_task(asyncio.sleep(delay)) for _ in range(n)])
    return n


async def w2(n):
    async def trivial(i):
        return i

    return sum(await asyncio.gather(*[asyncio.create_task(trivial(i)) for i in range(n)]))


async def w3(n, parties):
    queue = asyncio.Queue(1024)
    per = n // parties

    async def produce(p):
        start = p * per
        end = n if p == parties - 1 else start + per
        for i in range(start, end):
            await queue.put(i)

    async def consume():
        s = 0
        while True:
            x = await queue.get()
            if x < 0:
                return s
            s += x

    consumers = [asyncio.create_task(consume()) for _ in range(parties)]
    await asyncio.gather(*[produce(p) for p in range(parties)])
    for _ in range(parties):
        await queue.put(-1)
    return sum(await asyncio.gather(*consumers))


async def w4(n):
    semaphore = asyncio.Semaphore(100)

    async def task():
        async with semaphore:
            await asyncio.sleep(0)

    await asyncio.gather(*[asyncio.create_task(task()) for _ in range(n)])
    return n


async def w5(n):
    async def generate():
        for i in range(n):
            yield i

    async def amap(source, fn):
        async for x in source:
            yield fn(x)

    async def afilter(source, pred):
        async for x in source:
            if pred(x):
                yield x

    s = 0
    async for x in afilter(amap(generate(), lambda x: x * 2), lambda x: x % 3 != 0):
        s += x
    return s


async def w5a(n):
    async def generate():
        for i in range(n):
            yield i

    it = aiter(generate())

    async def consume():
        s = 0
        while True:
            try:
                s += await anext(it)
            except StopAsyncIteration:
                return s

    return await asyncio.create_task(consume())


async def w6(n):
    loop = asyncio.get_running_loop()
    sources = [loop.create_future() for _ in range(n)]
    guards = [asyncio.create_task(asyncio.wait_for(f, 10)) for f in sources]
    await asyncio.sleep(0)  # let every wait_for arm its timeout before the sources complete
    for i, f in enumerate(sources):
        f.set_result(i)
    return sum(await asyncio.gather(*guards))


def main(argv):
    workload, n = argv[1], int(argv[2])
    extra = int(argv[3]) if len(argv) > 3 else None
    coro = {
        "W1": lambda: w1(n, extra if extra is not None else 10000),
        "W2": lambda: w2(n),
        "W3": lambda: w3(n, extra or 1),
        "W4": lambda: w4(n),
        "W5": lambda: w5(n),
        "W5A": lambda: w5a(n),
        "W6": lambda: w6(n),
    }[workload]()
    start = time.perf_counter()
    asyncio.run(coro)
    wall_ms = int((time.perf_counter() - start) * 1000)
    print(f"RESULT workload={workload} runtime=python n={n} wall_ms={wall_ms} rss_kb={peak_rss_kb()} "
          f"python={sys.version.split()[0]}")


if __name__ == "__main__":
    main(sys.argv)

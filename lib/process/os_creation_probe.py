"""Times creation in the class's own language: a thread, a forked process,
and a multiprocessing.Process, each from its request to its end (the body
does nothing). Prints one JSON object of millisecond samples.

Usage: python3 os_creation_probe.py <count>
"""

import json
import multiprocessing
import os
import sys
import threading
import time


def noop():
    pass


def timed(create):
    start = time.perf_counter()
    create()
    return (time.perf_counter() - start) * 1000


def thread_once():
    t = threading.Thread(target=noop)
    t.start()
    t.join()


def fork_once():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


def process_once():
    p = multiprocessing.Process(target=noop)
    p.start()
    p.join()


if __name__ == "__main__":
    count = max(1, min(int(sys.argv[1]) if len(sys.argv) > 1 else 20, 1000))
    samples = {}
    for name, create in (
        ("thread", thread_once),
        ("fork", fork_once),
        ("process", process_once),
    ):
        for _ in range(2):  # warm-up, untimed
            create()
        samples[name] = [timed(create) for _ in range(count)]
    samples["startMethod"] = multiprocessing.get_start_method()
    samples["python"] = sys.version.split()[0]
    print(json.dumps(samples))

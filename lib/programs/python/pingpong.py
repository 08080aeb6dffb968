"""Ping-pong between ranks 0 and 1 with mpi4py's buffer API (Send/Recv of
preallocated bytearrays), mirroring lib/programs/mpi_pingpong.ts so the kit
compares Deno ranks with Python ranks. Prints one JSON line from rank 0.

    mpiexec -n 2 python3 lib/programs/python/pingpong.py [escala]
"""
import json
import statistics
import sys
import time

from mpi4py import MPI

SIZES = [8, 64, 512, 4096, 32768, 65536, 262144, 1048576]
scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
comm = MPI.COMM_WORLD
rank = comm.Get_rank()
rows = []
for index, size in enumerate(SIZES):
    base = max(50, min(20000, (64 << 20) // size // 2))
    iterations = max(5, round(base * scale))
    warmup = max(2, iterations // 2)  # same warm-up as the Deno side
    payload = bytearray([index % 256]) * size
    incoming = bytearray(size)
    samples = []
    comm.Barrier()
    for i in range(warmup + iterations):
        if rank == 0:
            started = time.perf_counter()
            comm.Send([payload, MPI.BYTE], dest=1, tag=index)
            comm.Recv([incoming, MPI.BYTE], source=1, tag=index)
            if i >= warmup:
                samples.append(time.perf_counter() - started)
        elif rank == 1:
            comm.Recv([incoming, MPI.BYTE], source=0, tag=index)
            comm.Send([incoming, MPI.BYTE], dest=0, tag=index)
    if rank == 0:
        latency_us = statistics.median(samples) * 1e6 / 2
        rows.append({
            "sizeBytes": size,
            "iterations": iterations,
            "latencyUs": latency_us,
            "bandwidthMBps": size / latency_us,
        })
comm.Barrier()
if rank == 0:
    print(json.dumps({"pingpong": rows}), flush=True)

"""Rank 1 of the class's "Waku Waku" written with mpi4py's buffer API.

Probes for the message so the buffer has exactly the size sent, receives the
bytes (MPI_BYTE) and decodes them as UTF-8:

    mpiexec -n 1 deno run -A lib/programs/waku_waku.ts : -n 1 python3 lib/programs/python/waku_rank1.py
"""
from mpi4py import MPI

comm = MPI.COMM_WORLD
if comm.Get_rank() == 1:
    status = MPI.Status()
    comm.Probe(source=0, tag=0, status=status)
    buffer = bytearray(status.Get_count(MPI.BYTE))
    comm.Recv([buffer, MPI.BYTE], source=0, tag=0)
    print(f"Proceso 1 (Python) recibió: {buffer.decode('utf-8')}", flush=True)

"""Rank 0 of the class's "Waku Waku" written with mpi4py's buffer API.

Sends the UTF-8 bytes of "Waku Waku" to rank 1 with tag 0 (MPI_BYTE), so a
Deno rank running lib/programs/waku_waku.ts can be rank 1:

    mpiexec -n 1 python3 lib/programs/python/waku_rank0.py : -n 1 deno run -A lib/programs/waku_waku.ts
"""
from mpi4py import MPI

comm = MPI.COMM_WORLD
if comm.Get_rank() == 0:
    print("Proceso 0 (Python) envía mensaje", flush=True)
    comm.Send([b"Waku Waku", MPI.BYTE], dest=1, tag=0)

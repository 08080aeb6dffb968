"""A Python rank that joins the kit's lib/programs/reduce_mixed.ts job.

Convention shared with the Deno ranks: numbers for reductions are float64
(MPI_DOUBLE, little-endian on x86-64/ARM). Each rank contributes
[rank + 1, (rank + 1) ** 2]; rank 0 gets the sum with Reduce and every rank
gets the max with Allreduce.

    mpiexec -n 1 python3 lib/programs/python/reduce_rank.py : -n 2 deno run -A lib/programs/reduce_mixed.ts
"""
from array import array

from mpi4py import MPI

comm = MPI.COMM_WORLD
rank = comm.Get_rank()
mine = array("d", [rank + 1, (rank + 1) ** 2])
total = array("d", [0.0, 0.0])
comm.Reduce([mine, MPI.DOUBLE], [total, MPI.DOUBLE], op=MPI.SUM, root=0)
largest = array("d", [0.0, 0.0])
comm.Allreduce([mine, MPI.DOUBLE], [largest, MPI.DOUBLE], op=MPI.MAX)
if rank == 0:
    print(f"[python] rank {rank}: suma = {list(total)}", flush=True)
print(f"[python] rank {rank}: máximo = {list(largest)}", flush=True)

"""A derived datatype (MPI_Type_create_struct) with mpi4py, for notebook 07.

The class lists MPI_Type_struct among MPI's calls; that name was deprecated
in MPI-2.0 and removed in MPI-3.0: today it is MPI_Type_create_struct
(mpi4py: MPI.Datatype.Create_struct). Rank 0 sends three records
{int32 id; float64 promedio} laid out as a C struct (4 bytes of padding
after the id, 16 bytes per record) in ONE message of count 3; rank 1
receives them and prints them, with the type's size and extent.

    mpiexec -n 2 python3 lib/programs/python/struct_type.py
"""
import struct

from mpi4py import MPI

RECORD = struct.Struct("=i4xd")  # int32, 4 padding bytes, float64: 16 bytes
ALUMNOS = [(101, 5.5), (102, 6.25), (103, 4.0)]

comm = MPI.COMM_WORLD
if comm.Get_size() != 2:
    if comm.Get_rank() == 0:
        print("Este programa necesita exactamente 2 procesos", flush=True)
    raise SystemExit(1)

# One block of one int at offset 0 and one double at offset 8; resized so
# that consecutive records are RECORD.size bytes apart, like a C array.
base = MPI.Datatype.Create_struct([1, 1], [0, 8], [MPI.INT32_T, MPI.DOUBLE])
alumno = base.Create_resized(0, RECORD.size)
alumno.Commit()
base.Free()

if comm.Get_rank() == 0:
    buffer = bytearray(RECORD.size * len(ALUMNOS))
    for i, record in enumerate(ALUMNOS):
        RECORD.pack_into(buffer, i * RECORD.size, *record)
    comm.Send([buffer, len(ALUMNOS), alumno], dest=1, tag=0)
    print(f"Proceso 0 envió {len(ALUMNOS)} registros en un solo mensaje", flush=True)
else:
    buffer = bytearray(RECORD.size * len(ALUMNOS))
    status = MPI.Status()
    comm.Recv([buffer, len(ALUMNOS), alumno], source=0, tag=0, status=status)
    lb, extent = alumno.Get_extent()
    print(
        f"Proceso 1 recibió {status.Get_count(alumno)} registros; "
        f"tamaño de datos por registro: {alumno.Get_size()} bytes, "
        f"extensión (con relleno): {extent} bytes",
        flush=True,
    )
    for i in range(len(ALUMNOS)):
        ident, promedio = RECORD.unpack_from(buffer, i * RECORD.size)
        print(f"  alumno {ident}: promedio {promedio:.2f}".replace(".", ","), flush=True)
alumno.Free()

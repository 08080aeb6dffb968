#!/usr/bin/python3
"""The class's Python mechanisms, measured with the kit's bench protocol.

Started by lib/bench/baselines/python_runner.ts; prints one JSON object per
line (one per mechanism and size) on stdout, errors per mechanism as
{"mechanism", "error"}. Raw latency samples are printed, not summarised, so
the kit computes every median and percentile in one place (lib/bench/stats.ts).

Protocol (same as lib/bench/protocol.ts): the first byte of a message says
what the peer does: 0x02 count it; 0x03 count it and reply [0x06, n u32 BE]
with n = messages since the previous ack; anything else is echoed back.
Sockets carry messages with the class's 4-byte big-endian length prefix.

Strategies: every mechanism sends one call per message (the class's
`sendall`, `send_bytes`, `put`). The byte streams also come batched, like the
kit's fast framing (`tcp-batch`, `unix-batch`, `pipe-os-batch`,
`fifo-batch`): frames are joined and written in one call when the batch
reaches BATCH_BYTES or at an acknowledgement point (a frame that asks for a
reply). `pipe-os` and `fifo` are raw os.pipe()/mkfifo pipes with the same
prefix (multiprocessing.Pipe is a socketpair on Linux).
"""

import argparse
import fcntl
import json
import multiprocessing
import os
import socket
import sys
import tempfile
import time
from multiprocessing import shared_memory

OP_SINK, OP_ACK_REQUEST, OP_ACK = 0x02, 0x03, 0x06
FILL = 0x61
TIMEOUT_S = 30.0
BATCH_BYTES = 1 << 20  # as the C baseline's write buffer


# --- transports: send(bytes) / recv() -> bytes or None at the end ----------

class PipeObjects:
    """multiprocessing.Pipe with send/recv (pickled objects)."""

    def __init__(self, conn):
        self.conn = conn

    def send(self, message):
        self.conn.send(message)

    def flush(self):
        """Writes what a batching transport holds; the others write at once."""

    def recv(self):
        try:
            return self.conn.recv()
        except EOFError:
            return None

    def close(self):
        self.conn.close()


class PipeBytes(PipeObjects):
    """multiprocessing.Pipe with send_bytes/recv_bytes (no pickling)."""

    def send(self, message):
        self.conn.send_bytes(message)

    def recv(self):
        try:
            return self.conn.recv_bytes()
        except EOFError:
            return None


class Queues:
    """Two multiprocessing.Queue, one per direction; None marks the end."""

    def __init__(self, outbox, inbox):
        self.outbox, self.inbox = outbox, inbox

    def send(self, message):
        self.outbox.put(message)

    def flush(self):
        pass

    def recv(self):
        return self.inbox.get(timeout=TIMEOUT_S)

    def close(self):
        self.outbox.put(None)
        self.outbox.close()
        self.outbox.join_thread()


class FramedStream:
    """A byte stream with the class's 4-byte prefix: one write per frame, or
    (batched) frames joined and written when the batch fills or is flushed."""

    def __init__(self, reader, write_all, batched=False):
        self.reader, self.write_all = reader, write_all
        self.batched = batched
        self.parts, self.held = [], 0

    def send(self, message):
        if not self.batched:
            self.write_all(len(message).to_bytes(4, "big") + message)
            return
        self.parts.append(len(message).to_bytes(4, "big"))
        self.parts.append(message)
        self.held += 4 + len(message)
        if self.held >= BATCH_BYTES:
            self.flush()

    def flush(self):
        if self.parts:
            self.write_all(b"".join(self.parts))
            self.parts, self.held = [], 0

    def recv(self):
        self.flush()  # never wait for a reply to frames still held here
        prefix = self.reader.read(4)
        if len(prefix) < 4:
            return None
        length = int.from_bytes(prefix, "big")
        body = self.reader.read(length)
        if len(body) < length:
            raise EOFError("stream ended inside a frame")
        return body


class FramedSocket(FramedStream):
    """A stream socket (`sendall` writes)."""

    def __init__(self, sock, batched=False):
        super().__init__(sock.makefile("rb", buffering=1 << 16), sock.sendall,
                         batched)
        self.sock = sock

    def close(self):
        self.flush()
        self.reader.close()
        self.sock.close()


def write_fd_all(fd):
    def write_all(data):
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    return write_all


class FramedPipe(FramedStream):
    """Two pipe descriptors (os.pipe or FIFOs), read and written directly."""

    def __init__(self, read_fd, write_fd, batched=False):
        super().__init__(os.fdopen(read_fd, "rb", buffering=1 << 16),
                         write_fd_all(write_fd), batched)
        self.write_fd = write_fd

    def close(self):
        self.flush()
        os.close(self.write_fd)
        self.reader.close()


class ShmRing:
    """Two SPSC byte rings in one multiprocessing.shared_memory block.

    Each ring: producer index (u32) at 0, consumer index at 64, data at 128.
    Frames use the 4-byte prefix; a length of 0xFFFFFFFF marks the end.
    Waiting spins with sched_yield (Python has no futex).

    Each index is published with one aligned 4-byte store and read with one
    4-byte load, through a memoryview cast to "I". struct.pack_into("<I")
    may write the four bytes one at a time: the peer then sometimes read a
    half-written index that looked like it went backwards, which the modular
    difference turned into ~4 GiB of "available" data — it read zeros as a
    frame (a 0-byte echo: "bad echo", or an empty ack: IndexError). x86
    keeps stores in order, so data written before the index store is seen
    before it; an impossible distance is still caught and reported.
    """

    CAPACITY = 1 << 22
    RING_BYTES = 128 + CAPACITY
    PRODUCER, CONSUMER = 0, 64

    def __init__(self, shm, outbound, inbound):
        self.shm = shm
        self.buf = shm.buf
        self.words = shm.buf.cast("I")
        self.out_base = outbound * self.RING_BYTES
        self.in_base = inbound * self.RING_BYTES

    def _index(self, base, offset):
        return self.words[(base + offset) >> 2]

    def _publish(self, base, offset, value):
        self.words[(base + offset) >> 2] = value & 0xFFFFFFFF

    def _used(self, base):
        used = (self._index(base, self.PRODUCER)
                - self._index(base, self.CONSUMER)) & 0xFFFFFFFF
        if used > self.CAPACITY:
            raise RuntimeError(f"shared-memory ring corrupted: {used} bytes in use")
        return used

    def _wait(self, ready):
        deadline = time.monotonic() + TIMEOUT_S
        spins = 0
        while not ready():
            spins += 1
            if spins > 64:
                os.sched_yield()
                if spins % 4096 == 0 and time.monotonic() > deadline:
                    raise TimeoutError("shared-memory peer is silent")

    def _write(self, data):
        base, cap = self.out_base, self.CAPACITY
        tail = self._index(base, self.PRODUCER)
        self._wait(lambda: cap - self._used(base) >= len(data))
        at = tail % cap
        first = min(len(data), cap - at)
        self.buf[base + 128 + at:base + 128 + at + first] = data[:first]
        if first < len(data):
            self.buf[base + 128:base + 128 + len(data) - first] = data[first:]
        self._publish(base, self.PRODUCER, tail + len(data))

    def _read(self, count):
        base, cap = self.in_base, self.CAPACITY
        head = self._index(base, self.CONSUMER)
        self._wait(lambda: self._used(base) >= count)
        at = head % cap
        first = min(count, cap - at)
        data = bytes(self.buf[base + 128 + at:base + 128 + at + first])
        if first < count:
            data += bytes(self.buf[base + 128:base + 128 + count - first])
        self._publish(base, self.CONSUMER, head + count)
        return data

    def send(self, message):
        self._write(len(message).to_bytes(4, "big") + message)

    def flush(self):
        pass

    def recv(self):
        length = int.from_bytes(self._read(4), "big")
        if length == 0xFFFFFFFF:
            return None
        return self._read(length)

    def close(self):
        self._write(b"\xff\xff\xff\xff")
        self.words.release()  # exported views would make close() fail
        self.buf = None
        self.shm.close()


# --- the bench peer and the two measurements --------------------------------

def serve(transport):
    since_ack = 0
    while True:
        message = transport.recv()
        if message is None:
            break
        op = message[0] if message else FILL
        if op == OP_SINK:
            since_ack += 1
        elif op == OP_ACK_REQUEST:
            transport.send(bytes([OP_ACK]) + (since_ack + 1).to_bytes(4, "big"))
            since_ack = 0
        else:
            transport.send(message)
    transport.close()


def message_of(size, op):
    return bytes([op]) + bytes([FILL]) * (size - 1) if size else b""


def round_trips(transport, size, duration_s):
    message = message_of(size, FILL)
    samples = []
    for _ in range(20):
        transport.send(message)
        transport.recv()
    clock = time.perf_counter
    start = clock()
    while True:
        t0 = clock()
        transport.send(message)
        reply = transport.recv()
        t1 = clock()
        if reply is None or len(reply) != size:
            raise RuntimeError("bad echo")
        samples.append(round((t1 - t0) * 1e6, 2))
        if len(samples) >= 3 and t1 - start >= duration_s:
            return samples


def window_of(size):
    # The kit's defaultCreditWindow (throughput.ts) and C's window_of: keep them equal.
    fit = (2 * 1024 * 1024) // max(1, size)
    clamped = max(2, min(4096, fit))
    return clamped - clamped % 2


def throughput(transport, size, duration_s):
    half = window_of(size) // 2
    sink, ack_request = message_of(size, OP_SINK), message_of(size, OP_ACK_REQUEST)
    pending = []

    def batch():
        for _ in range(half - 1):
            transport.send(sink)
        transport.send(ack_request)
        transport.flush()  # the acknowledgement point
        pending.append(half)

    def await_ack():
        reply = transport.recv()
        expected = pending.pop(0)
        if reply is None or reply[0] != OP_ACK or int.from_bytes(reply[1:5], "big") != expected:
            raise RuntimeError("bad acknowledgement")

    batch()
    batch()
    while pending:
        await_ack()
    sent = 0
    start = time.perf_counter()
    while time.perf_counter() - start < duration_s:
        batch()
        sent += half
        if len(pending) >= 2:
            await_ack()
    while pending:
        await_ack()
    return sent, time.perf_counter() - start


# --- opening each mechanism: (local transport, cleanup) ----------------------

def peer_main(factory, *args):
    serve(factory(*args))


def pipe_peer(factory, remote, parents_end):
    parents_end.close()  # else a forked child keeps it open and never sees EOF
    serve(factory(remote))


def open_pipe(transport_class):
    local, remote = multiprocessing.Pipe()
    child = multiprocessing.Process(
        target=pipe_peer, args=(transport_class, remote, local))
    child.start()
    remote.close()
    return transport_class(local), child


def open_queue():
    to_peer, from_peer = multiprocessing.Queue(), multiprocessing.Queue()
    child = multiprocessing.Process(target=peer_main, args=(Queues, from_peer, to_peer))
    child.start()
    return Queues(to_peer, from_peer), child


def socket_peer(family, address, batched):
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.connect(address)
    if family == socket.AF_INET:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    serve(FramedSocket(sock, batched))


def open_socket(family, address, batched=False):
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(1)
    child = multiprocessing.Process(
        target=socket_peer, args=(family, listener.getsockname(), batched))
    child.start()
    listener.settimeout(TIMEOUT_S)
    sock, _ = listener.accept()
    listener.close()
    if family == socket.AF_INET:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return FramedSocket(sock, batched), child


def os_pipe_peer(down, up, batched):
    os.close(down[1])
    os.close(up[0])
    serve(FramedPipe(down[0], up[1], batched))


def open_os_pipe(batched):
    down, up = os.pipe(), os.pipe()
    for _, write_end in (down, up):  # as large as the C baseline's pipes
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 1 << 20)
    child = multiprocessing.Process(target=os_pipe_peer, args=(down, up, batched))
    child.start()
    os.close(down[0])
    os.close(up[1])
    return FramedPipe(up[0], down[1], batched), child


def fifo_peer(requests, replies, batched):
    read_fd = os.open(requests, os.O_RDONLY)
    serve(FramedPipe(read_fd, os.open(replies, os.O_WRONLY), batched))


def open_fifo(temp_dir, batched):
    requests = os.path.join(temp_dir, "requests.fifo")
    replies = os.path.join(temp_dir, "replies.fifo")
    os.mkfifo(requests, 0o600)
    os.mkfifo(replies, 0o600)
    child = multiprocessing.Process(
        target=fifo_peer, args=(requests, replies, batched))
    child.start()
    # Same order as the peer (requests, then replies), so neither open blocks
    # forever waiting for the other end.
    write_fd = os.open(requests, os.O_WRONLY)
    return FramedPipe(os.open(replies, os.O_RDONLY), write_fd, batched), child


def shm_peer(name):
    shm = shared_memory.SharedMemory(name=name)
    serve(ShmRing(shm, 1, 0))


def open_shm():
    shm = shared_memory.SharedMemory(create=True, size=2 * ShmRing.RING_BYTES)
    child = multiprocessing.Process(target=shm_peer, args=(shm.name,))
    child.start()
    return ShmRing(shm, 0, 1), child, shm


def open_mechanism(name, temp_dir):
    if name == "pipe":
        return open_pipe(PipeObjects) + (None,)
    if name == "pipe-bytes":
        return open_pipe(PipeBytes) + (None,)
    if name == "queue":
        return open_queue() + (None,)
    batched = name.endswith("-batch")
    base = name[:-len("-batch")] if batched else name
    if base == "tcp":
        return open_socket(socket.AF_INET, ("127.0.0.1", 0), batched) + (None,)
    if base == "unix":
        path = os.path.join(temp_dir, "bench.sock")
        return open_socket(socket.AF_UNIX, path, batched) + (None,)
    if base == "pipe-os":
        return open_os_pipe(batched) + (None,)
    if base == "fifo":
        return open_fifo(temp_dir, batched) + (None,)
    if name == "shm":
        return open_shm()
    raise ValueError(f"unknown mechanism {name}")


def emit(record):
    print(json.dumps(record), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mechanisms", default="pipe,pipe-bytes,queue,tcp,unix,shm")
    parser.add_argument("--sizes", default="64,4096,1048576")
    parser.add_argument("--duration-ms", type=float, default=200)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    duration = args.duration_ms / 1000
    for name in [m for m in args.mechanisms.split(",") if m]:
        with tempfile.TemporaryDirectory(prefix="kit-bench-") as temp_dir:
            try:
                transport, child, shm = open_mechanism(name, temp_dir)
            except Exception as error:  # reported, never invented
                emit({"mechanism": name, "error": f"{type(error).__name__}: {error}"})
                continue
            try:
                for size in sizes:
                    samples = round_trips(transport, size, duration)
                    sent, seconds = throughput(transport, max(1, size), duration)
                    emit({"mechanism": name, "size": size, "samplesUs": samples,
                          "messages": sent, "seconds": seconds})
            except Exception as error:
                emit({"mechanism": name, "error": f"{type(error).__name__}: {error}"})
            finally:
                transport.close()
                child.join(TIMEOUT_S)
                if child.is_alive():
                    child.terminate()
                if shm is not None:
                    shm.unlink()


if __name__ == "__main__":
    sys.exit(main())

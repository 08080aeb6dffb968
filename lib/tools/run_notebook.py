"""Execute one notebook through the real Jupyter kernel protocol (nbclient).

Prints a JSON summary on stdout: per code cell, its id, tags, kit metadata and
outputs (output type, MIME types, text). Used by lib/tools/execute_notebook.ts;
kept in Python because nbclient is the reference Jupyter client.
"""

import json
import os
import queue
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async
from nbformat.v4 import output_from_msg

# Seconds to keep listening for the LAST cell's outputs after the kernel reported it
# idle (an earlier cell's late outputs are caught while the next cell runs).
LATE_GRACE_SECONDS = 0.25

# Message types that carry a cell's output (status, execute_input and comms do not).
OUTPUT_TYPES = {"stream", "display_data", "execute_result", "error"}


class LateOutputClient(NotebookClient):
    """nbclient stops reading a cell's outputs at the kernel's idle status.

    The Deno kernel can publish a display_data just after idle; JupyterLab still
    shows it, because it routes every output by its parent message id. This client
    does the same: an output whose parent is an earlier cell is appended to that
    cell while the next one runs, and only the last cell gets a short grace period
    after idle (waiting after every cell cost 0,25 s × ~300 cells per course run).
    Late outputs are counted so the report says how often it happened.
    """

    late_outputs = 0

    def _earlier_cells(self):
        if not hasattr(self, "_cells_by_msg_id"):
            self._cells_by_msg_id = {}
        return self._cells_by_msg_id

    def _route_late(self, msg):
        """Appends an output that belongs to an earlier cell; True if it did."""
        earlier = self._earlier_cells().get(msg["parent_header"].get("msg_id"))
        if earlier is None or msg["msg_type"] not in OUTPUT_TYPES:
            return False
        cell, _ = earlier
        self.late_outputs += 1
        cell.outputs.append(output_from_msg(msg))
        return True

    def _is_last_code_cell(self, cell_index):
        later = self.nb.cells[cell_index + 1:]
        return all(c.cell_type != "code" for c in later)

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    break
            else:
                self._route_late(msg)
        self._earlier_cells()[parent_msg_id] = (cell, cell_index)
        if not self._is_last_code_cell(cell_index):
            return
        deadline = time.monotonic() + LATE_GRACE_SECONDS
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=left))
            except queue.Empty:
                return
            self._route_late(msg)


def text_of(output):
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return f"{output.get('ename')}: {output.get('evalue')}"
    data = output.get("data", {})
    for mime in ("text/plain", "text/markdown"):
        if mime in data:
            value = data[mime]
            return "".join(value) if isinstance(value, list) else value
    return ""


def cell_seconds(cell):
    """Wall time of one cell from nbclient's timing metadata (busy → idle), or None."""
    timing = cell.metadata.get("execution", {})
    start = timing.get("iopub.status.busy")
    end = timing.get("iopub.status.idle") or timing.get("shell.execute_reply")
    if not start or not end:
        return None
    from datetime import datetime
    parse = lambda t: datetime.fromisoformat(t.replace("Z", "+00:00"))
    return (parse(end) - parse(start)).total_seconds()


def main():
    path = os.path.abspath(sys.argv[1])
    cell_timeout = int(sys.argv[2]) if len(sys.argv) > 2 else 90
    nb = nbformat.read(path, as_version=4)
    client = LateOutputClient(
        nb,
        timeout=cell_timeout,
        startup_timeout=120,
        kernel_name="deno",
        allow_errors=True,
        resources={"metadata": {"path": os.path.dirname(path)}},
    )
    started = time.monotonic()
    failure = None
    try:
        client.execute()
    except Exception as exc:  # a timeout or a dead kernel: report, do not hide
        failure = f"{type(exc).__name__}: {exc}"
    seconds = time.monotonic() - started
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        cells.append({
            "index": index,
            "seconds": cell_seconds(cell),
            "id": cell.get("id"),
            "tags": cell.metadata.get("tags", []),
            "kit": cell.metadata.get("kit", {}),
            "executed": cell.get("execution_count") is not None,
            "outputs": [
                {
                    "type": o.get("output_type"),
                    "mimes": sorted(o.get("data", {}).keys()),
                    "text": text_of(o)[:4000],
                }
                for o in cell.get("outputs", [])
            ],
        })
    json.dump(
        {
            "path": path,
            "seconds": seconds,
            "failure": failure,
            "late_outputs": client.late_outputs,
            "cells": cells,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()

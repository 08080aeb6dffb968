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

# Seconds to keep listening for a cell's outputs after the kernel reported it idle.
LATE_GRACE_SECONDS = 0.25


class LateOutputClient(NotebookClient):
    """nbclient stops reading a cell's outputs at the kernel's idle status.

    The Deno kernel sometimes publishes a display_data just after idle; JupyterLab
    still shows it (it routes outputs by parent message id), but plain nbclient
    drops it. This client keeps listening briefly, like a real front end, and
    counts the late outputs so the report says how often it happened.
    """

    late_outputs = 0

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    break
        deadline = time.monotonic() + LATE_GRACE_SECONDS
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=left))
            except queue.Empty:
                return
            same_cell = msg["parent_header"].get("msg_id") == parent_msg_id
            if same_cell and msg["msg_type"] != "status":
                self.late_outputs += 1
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    pass


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

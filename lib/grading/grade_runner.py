"""Run one submitted notebook for grading through the real Deno kernel.

Unlike lib/tools/run_notebook.py (which stops at the first cell timeout), a
grading run must survive whatever a student wrote, like nbgrader's autograde:

- every code cell runs, errors included (allow_errors);
- a cell over its time bound is interrupted (the kernelspec's
  interrupt_mode "message" stops a synchronous loop); if the kernel does not
  answer the interrupt, or dies (Deno.exit), it is restarted and the next
  cells still run, each one's fate recorded;
- the student's cells share one notebook time bound; once it is spent the rest
  are marked, not run;
- the grader's own cells (appended at the end by lib/grading) get a budget of
  their own, and the instructor's hidden checks are copied into the workspace
  only just before them, after every student cell ran.

Input: the path of a JSON job (see lib/grading/runner.ts). Output on stdout:
one JSON object. Progress lines "progreso <done> <total>" go to stderr.
"""

import asyncio
import json
import os
import shutil
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

# Seconds the kernel has to answer an interrupt before it is restarted.
INTERRUPT_GRACE_SECONDS = 10
# A student cell in one of these states did not finish.
UNFINISHED = {
    "timeout-interrupted",
    "timeout-restarted",
    "kernel-died",
    "skipped-notebook-timeout",
    "not-run-kernel-lost",
}
# Seconds a restarted kernel has to become ready.
RESTART_READY_SECONDS = 120


def error_text(outputs):
    for output in outputs:
        if output.get("output_type") == "error":
            return f"{output.get('ename')}: {output.get('evalue')}"[:2000]
    return None


def output_text(outputs):
    parts = []
    for output in outputs:
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        data = output.get("data", {})
        for mime in ("text/markdown", "text/plain"):
            if mime in data:
                value = data[mime]
                parts.append("".join(value) if isinstance(value, list) else value)
                break
    return "\n".join(parts)[:4000]


class GradingRun:
    def __init__(self, job):
        self.job = job
        self.nb = nbformat.read(job["notebook"], as_version=4)
        self.client = NotebookClient(
            self.nb,
            timeout=None,  # the bounds are ours (see run_cell)
            startup_timeout=RESTART_READY_SECONDS,
            kernel_name="deno",
            allow_errors=True,
            resources={"metadata": {"path": os.path.dirname(job["notebook"])}},
        )
        self.restarts = 0
        self.kernel_lost = False
        self.cells = []

    async def restart(self):
        self.restarts += 1
        try:
            await self.client.km.restart_kernel(now=True)
            await self.client.kc.wait_for_ready(timeout=RESTART_READY_SECONDS)
        except Exception:  # the remaining cells are marked, not run
            self.kernel_lost = True

    async def run_cell(self, index, cell, bound):
        """Runs one cell within `bound` seconds; returns (status, detail)."""
        task = asyncio.ensure_future(self.client.async_execute_cell(cell, index))
        done, _ = await asyncio.wait({task}, timeout=bound)
        if task in done:
            try:
                task.result()
            except DeadKernelError:
                await self.restart()
                return "kernel-died", None
            error = error_text(cell.get("outputs", []))
            return ("error", error) if error else ("ok", None)
        await self.client.km.interrupt_kernel()
        done, _ = await asyncio.wait({task}, timeout=INTERRUPT_GRACE_SECONDS)
        if task in done and task.exception() is None:
            return "timeout-interrupted", None
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await self.restart()
        return "timeout-restarted", None

    async def run(self):
        code = [
            (i, c) for i, c in enumerate(self.nb.cells)
            if c.cell_type == "code"
        ]
        grader_count = self.job["graderCells"]
        student = code[: len(code) - grader_count]
        grader = code[len(code) - grader_count:]
        total = len(code)
        done = 0
        # The kernel's channels listen on loopback only.
        self.client.km = self.client.create_kernel_manager()
        self.client.km.ip = "127.0.0.1"
        async with self.client.async_setup_kernel():
            student_end = time.monotonic() + self.job["notebookSeconds"]
            for index, cell in student:
                left = student_end - time.monotonic()
                if self.kernel_lost:
                    self.record(index, cell, "not-run-kernel-lost", None)
                elif left <= 0:
                    self.record(index, cell, "skipped-notebook-timeout", None)
                else:
                    bound = min(self.job["cellSeconds"], left)
                    status, detail = await self.run_cell(index, cell, bound)
                    self.record(index, cell, status, detail, bound=bound)
                done += 1
                print(f"progreso {done} {total}", file=sys.stderr, flush=True)
            hidden = self.job.get("hidden")
            if hidden:
                shutil.copytree(hidden["from"], hidden["to"])
            status_of = {c["id"]: c["status"] for c in self.cells}
            sources = self.job.get("graderSources", [])
            for n, (index, cell) in enumerate(grader):
                source = sources[n] if n < len(sources) else None
                if self.kernel_lost:
                    self.record(index, cell, "not-run-kernel-lost", None, True)
                elif status_of.get(source) in UNFINISHED:
                    # The exercise's own cell never finished: its solution
                    # would most likely hang the grader's cell too.
                    self.record(index, cell, "not-run-source-unfinished", None, True)
                else:
                    bound = self.job["graderCellSeconds"]
                    status, detail = await self.run_cell(index, cell, bound)
                    self.record(index, cell, status, detail, True, bound)
                done += 1
                print(f"progreso {done} {total}", file=sys.stderr, flush=True)

    def record(self, index, cell, status, detail, grader=False, bound=None):
        outputs = cell.get("outputs", [])
        self.cells.append({
            "index": index,
            "id": cell.get("id"),
            "grader": grader,
            "status": status,
            "boundSeconds": bound,
            "error": detail if status == "error" else error_text(outputs),
            "text": output_text(outputs),
        })


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    started = time.monotonic()
    failure = None
    run = None
    try:
        run = GradingRun(job)
        asyncio.run(run.run())
    except Exception as exc:  # reported to the grader, which writes the row
        failure = f"{type(exc).__name__}: {exc}"
    json.dump(
        {
            "seconds": time.monotonic() - started,
            "failure": failure,
            "restarts": run.restarts if run else 0,
            "cells": run.cells if run else [],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()

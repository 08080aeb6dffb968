"""A parent that does not reap its child, for the kit's zombie demonstration.

It forks a child that exits at once, prints the child's pid, and then blocks
reading a line from stdin before calling waitpid(). Until that line arrives
the child stays in the process table in state Z. Python installs no SIGCHLD
handler, so nothing reaps the child behind the demonstration's back (a shell
such as bash may reap a background job on its own; this program never does).
"""

import os
import sys

child = os.fork()
if child == 0:
    os._exit(0)
print(child, flush=True)
sys.stdin.readline()
_, status = os.waitpid(child, 0)
print(f"reaped {child} status {status}", flush=True)

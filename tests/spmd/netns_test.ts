/**
 * Two "hosts" on one machine: a 2-rank Open MPI job whose ranks live in two
 * network namespaces joined by a veth pair (10.77.0.1 ↔ 10.77.0.2, addresses
 * that exist only inside the namespaces this test creates). mpiexec runs in
 * the first namespace; Open MPI's rsh launcher reaches the second through a
 * generated agent script that runs `ip netns exec` instead of ssh — the same
 * path a real multi-host job takes, with ssh swapped for a namespace switch.
 * Needs root and iproute2; otherwise the test is ignored loudly. The
 * namespaces are deleted in every path.
 */
import { assert, assertEquals } from "@std/assert";
import { fromFileUrl, join } from "@std/path";
import {
  buildMpiexecArgs,
  mpiexecAvailable,
} from "../../lib/spmd/mpi/launch.ts";
import { collectivesReference, resultsByRank } from "./reference.ts";

async function ip(...args: string[]): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("ip", {
      args,
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

const CAN_RUN = Deno.uid() === 0 && await mpiexecAvailable() &&
  await ip("netns", "list");
if (!CAN_RUN) {
  console.error(
    "\n*** NETWORK-NAMESPACE MPI TEST IGNORED: needs root, iproute2 and Open MPI. ***\n",
  );
}

const COLLECTIVES = fromFileUrl(
  new URL("../fixtures/mpi/collectives.ts", import.meta.url),
);
const HOSTS = ["10.77.0.1", "10.77.0.2"] as const;

Deno.test({
  name:
    "mpi: two ranks in two network namespaces talk over TCP across a veth pair",
  ignore: !CAN_RUN,
  fn: async () => {
    const tag = `${Deno.pid}`;
    const spaces = [`kitmpiA${tag}`, `kitmpiB${tag}`];
    const links = [`kitva${tag}`, `kitvb${tag}`];
    const dir = await Deno.makeTempDir({ prefix: "kit_netns_" });
    try {
      for (const ns of spaces) assert(await ip("netns", "add", ns));
      assert(
        await ip(
          "link",
          "add",
          links[0],
          "type",
          "veth",
          "peer",
          "name",
          links[1],
        ),
      );
      for (const i of [0, 1]) {
        assert(await ip("link", "set", links[i], "netns", spaces[i]));
        assert(
          await ip(
            "-n",
            spaces[i],
            "addr",
            "add",
            `${HOSTS[i]}/24`,
            "dev",
            links[i],
          ),
        );
        assert(await ip("-n", spaces[i], "link", "set", links[i], "up"));
        assert(await ip("-n", spaces[i], "link", "set", "lo", "up"));
      }
      // Open MPI calls "<agent> <host> <command>" where it would call ssh.
      const agent = join(dir, "netns_agent.sh");
      await Deno.writeTextFile(
        agent,
        `#!/bin/sh\nhost="$1"; shift\ncase "$host" in\n` +
          HOSTS.map((h, i) => `  ${h}) ns=${spaces[i]} ;;\n`).join("") +
          `  *) echo "unknown host $host" >&2; exit 1 ;;\nesac\n` +
          `exec ip netns exec "$ns" /bin/sh -c "$*"\n`,
      );
      await Deno.chmod(agent, 0o700);
      const subnet = "10.77.0.0/24";
      const args = buildMpiexecArgs(
        [{ ranks: 2, command: [Deno.execPath(), "run", "-A", COLLECTIVES] }],
        {
          isRoot: true,
          cores: navigator.hardwareConcurrency,
          timeoutSeconds: 60,
          extra: [
            ["--host", HOSTS.join(",")],
            ["--mca", "plm_rsh_agent", agent],
            ["--mca", "btl", "tcp,self"],
            ["--mca", "btl_tcp_if_include", subnet],
            ["--mca", "oob_tcp_if_include", subnet],
            ["--mca", "btl_base_verbose", "30"],
          ].flat(),
        },
      );
      const output = await new Deno.Command("ip", {
        args: ["netns", "exec", spaces[0], "mpiexec", ...args],
        stdin: "null",
        signal: AbortSignal.timeout(90_000),
      }).output();
      const text = new TextDecoder();
      const stdout = text.decode(output.stdout);
      const log = stdout + text.decode(output.stderr);
      assert(output.success, `mpiexec failed:\n${log}`);
      // A TCP connection joins the ranks, opened by whichever rank Open MPI
      // picks: the dialling rank logs the address it reached, the other the
      // address it accepted from. Together: both namespace addresses.
      const dialled = [
        ...log.matchAll(/btl:tcp: connect\(\) to ([\d.]+):\d+ completed/g),
      ].map((m) => m[1]);
      const accepted = [...log.matchAll(/btl:tcp: now connected to ([\d.]+)/g)]
        .map((m) => m[1]);
      assert(accepted.length > 0, `No accepted TCP connection:\n${log}`);
      assertEquals(
        [...new Set([...dialled, ...accepted])].sort(),
        [...HOSTS].sort(),
      );
      const results = resultsByRank(stdout);
      for (const rank of [0, 1]) {
        assertEquals(results[rank], collectivesReference(rank, 2));
      }
    } finally {
      for (const ns of spaces) await ip("netns", "del", ns);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

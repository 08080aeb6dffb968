/**
 * Entry module of one Worker rank: receives its ports and the program URL,
 * installs the rank context, captures console output as messages (a
 * Worker's console goes to the kernel's terminal, not the notebook), imports
 * the program and reports its result or error to the parent.
 *
 * @module
 */

import { setWorkerRankContext, type WorkerRankContext } from "./context.ts";
import { PortCommunicator } from "./port_communicator.ts";
import type { RankMessage, RankStart } from "./worker_protocol.ts";

// deno-lint-ignore no-explicit-any
const scope = self as any;

function post(message: RankMessage): void {
  scope.postMessage(message);
}

function format(args: unknown[]): string {
  return args.map((a) => typeof a === "string" ? a : Deno.inspect(a)).join(
    " ",
  );
}

function captureConsole(): void {
  const out = (...args: unknown[]) =>
    post({ type: "line", stream: "stdout", text: format(args) });
  const err = (...args: unknown[]) =>
    post({ type: "line", stream: "stderr", text: format(args) });
  Object.assign(console, {
    log: out,
    info: out,
    debug: out,
    warn: err,
    error: err,
  });
}

function reportError(error: unknown): void {
  post({
    type: "error",
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
}

scope.addEventListener("unhandledrejection", (event: PromiseRejectionEvent) => {
  event.preventDefault();
  reportError(event.reason);
});

scope.onmessage = async (event: MessageEvent<RankStart>) => {
  const start = event.data;
  captureConsole();
  const context: WorkerRankContext = {
    comm: new PortCommunicator(start.rank, start.ports, {
      timeoutMs: start.timeoutMs,
    }),
    args: start.args,
    started: false,
  };
  setWorkerRankContext(context);
  try {
    await import(start.programUrl);
    if (!context.started) {
      throw new Error(
        `El programa ${start.programUrl} no llamó a runSpmd(...) en su nivel superior`,
      );
    }
    let result = context.result;
    try {
      structuredClone(result);
    } catch {
      result = Deno.inspect(result);
    }
    post({ type: "done", result });
  } catch (error) {
    reportError(error);
  }
};

/**
 * The entry of a pre-started ("warm") Worker: it waits for the module it is
 * to become, imports it, and replays the messages that arrived meanwhile, so
 * the module sees them exactly as if it had been the Worker's entry.
 *
 * @module
 */

/**
 * Sent once right after the start: Deno's kernel-only wait before a Worker's
 * first received message (see `../warm_workers.ts`) is spent on it, ahead of
 * time. Ignored.
 */
export const TRAMPOLINE_PING = "kitTrampolinePing";

/** The message that hands a warm Worker out: which module to load. */
export interface TrampolineLoad {
  /** Marks the message as the trampoline's own. */
  kitTrampolineLoad: string;
  /** The Worker's name, as `new Worker(…, { name })` would have set it. */
  name?: string;
}

const self = globalThis as unknown as {
  addEventListener(type: "message", fn: (e: MessageEvent) => void): void;
  removeEventListener(type: "message", fn: (e: MessageEvent) => void): void;
  dispatchEvent(event: Event): boolean;
};

const early: MessageEvent[] = [];
let loading = false;

function onMessage(event: MessageEvent): void {
  const data = event.data as Partial<TrampolineLoad> | null;
  if (!loading && event.data === TRAMPOLINE_PING) return;
  if (!loading && typeof data?.kitTrampolineLoad === "string") {
    loading = true;
    void become(data.kitTrampolineLoad, data.name);
    return;
  }
  // Messages posted right after the hand-out: held until the module listens.
  early.push(event);
}

async function become(url: string, name?: string): Promise<void> {
  if (name !== undefined) {
    Object.defineProperty(globalThis, "name", { value: name });
  }
  // A failed import throws here, unhandled, and reaches the parent as the
  // Worker's error event: the same signal a failed entry module gives.
  await import(url);
  self.removeEventListener("message", onMessage);
  for (const event of early.splice(0)) {
    self.dispatchEvent(
      new MessageEvent("message", {
        data: event.data,
        ports: [...event.ports],
      }),
    );
  }
}

self.addEventListener("message", onMessage);

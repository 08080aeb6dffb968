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

type Listener = (e: MessageEvent) => void;

const self = globalThis as unknown as {
  addEventListener(type: string, fn: unknown, options?: unknown): void;
  removeEventListener(type: "message", fn: Listener): void;
  dispatchEvent(event: Event): boolean;
};

const early: MessageEvent[] = [];
let loading = false;
let replayed = false;

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

/**
 * Hands the held messages to the module, in order, and stops holding. Runs
 * in a microtask once the module has registered its listener (no message
 * task can run in between, so nothing overtakes them), or when the import
 * settles if the module never listens.
 */
function replay(): void {
  if (replayed) return;
  replayed = true;
  restoreHooks();
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

/*
 * A module with top-level await (a task loop, say) does not finish importing
 * until it is done, so "after import" is too late to replay: the module
 * listens first and then awaits messages. Watch for it to listen.
 */
const originalAdd = self.addEventListener;
function restoreHooks(): void {
  self.addEventListener = originalAdd;
  delete (globalThis as { onmessage?: unknown }).onmessage;
}
function installHooks(): void {
  self.addEventListener = function (type, fn, options) {
    originalAdd.call(globalThis, type, fn, options);
    if (type === "message") queueMicrotask(replay);
  };
  const proto = Object.getPrototypeOf(globalThis);
  const accessor = findAccessor(proto, "onmessage");
  if (!accessor?.set || !accessor.get) return;
  Object.defineProperty(globalThis, "onmessage", {
    configurable: true,
    get: () => accessor.get!.call(globalThis),
    set: (handler: unknown) => {
      accessor.set!.call(globalThis, handler);
      if (handler) queueMicrotask(replay);
    },
  });
}

function findAccessor(
  start: object | null,
  key: string,
): PropertyDescriptor | undefined {
  for (let o = start; o; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return d;
  }
  return undefined;
}

async function become(url: string, name?: string): Promise<void> {
  if (name !== undefined) {
    Object.defineProperty(globalThis, "name", { value: name });
  }
  installHooks();
  try {
    // A failed import throws here, unhandled, and reaches the parent as the
    // Worker's error event: the same signal a failed entry module gives.
    await import(url);
  } finally {
    replay();
  }
}

originalAdd.call(globalThis, "message", onMessage);

/** Worker entry that fails on its first message: stages a crashing peer. */

const scope = self as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
};
scope.onmessage = () => {
  throw new Error("worker crashed on purpose");
};

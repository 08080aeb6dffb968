/**
 * Worker entry of the thread version of the chapter's averages: writes one
 * course's average into its own slot of a SharedArrayBuffer, then says done.
 *
 * @module
 */

interface AverageJob {
  shared: SharedArrayBuffer;
  slot: number;
  grades: number[];
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<AverageJob>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (event) => {
  const { shared, slot, grades } = event.data;
  const averages = new Float64Array(shared);
  averages[slot] = grades.reduce((a, b) => a + b, 0) / grades.length;
  scope.postMessage("listo");
};

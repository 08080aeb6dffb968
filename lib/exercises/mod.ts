/**
 * The checked exercises of the notebooks, one file per chapter: the specs
 * (their checks, typed and tested) and the types a notebook cell writes its
 * solution against. Never a reference solution, and not the harnesses
 * (`exchangeOverUnix`, `runIncrementStep`…), which tests import by path.
 *
 * @module
 */

export {
  frameTextExercise,
  type FrameTextSolution,
} from "./ch00_start_here.ts";
export { procStatExercise, type ProcStatParser } from "./ch01_processes.ts";
export {
  type IncrementStep,
  semaphoreStepExercise,
  type StepSemaphore,
  type TieBreak,
  tieBreakExercise,
} from "./ch02_synchronization.ts";
export {
  type ReverseConnectionHandler,
  reverseOverUnixExercise,
} from "./ch03_pipes.ts";
export {
  bestMechanismExercise,
  type QueueReverseServer,
  reverseOverQueueExercise,
} from "./ch04_queues.ts";
export {
  type RingUsedBytes,
  ringUsedBytesExercise,
} from "./ch05_shared_memory.ts";
export {
  receiverExercise,
  type ReceiverFactory,
} from "./ch06_network_communication.ts";
export {
  multiClientExercise,
  type PartialSumProgram,
  type ServeAll,
  spmdPartialSumExercise,
} from "./ch07_sockets_and_mpi.ts";
export {
  type ThroughputWinner,
  throughputWinnerExercise,
} from "./ch08_workshop.ts";

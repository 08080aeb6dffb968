/**
 * The kit's public surface: what notebooks import as `../lib/mod.ts`.
 *
 * Curated: every name here is used by a notebook cell. Plumbing (FFI, the
 * fast tier, benchmark internals) and the reference solutions of exercises
 * are not exported; tests and programs import those by file path. The fast
 * tier (`lib/fast/`) is chosen explicitly by whoever needs speed — the bench
 * and the programs that ask for it — never through this module.
 *
 * @module
 */

// Messages and framing
export { jsonCodec, textCodec, withCodec } from "./wire/codec.ts";
export type { MessageDuplex } from "./wire/duplex.ts";
export { echoUntilClosed } from "./wire/echo.ts";
export { DuplexClosedError } from "./wire/errors.ts";
export { encodeFrame } from "./wire/frame.ts";
export { FrameDecoder } from "./wire/frame_decoder.ts";

// One teaching adapter per IPC mechanism
export { channelDuplexPair } from "./transports/channel.ts";
export { createFifoPair, openFifoDuplex } from "./transports/fifo.ts";
export { stageOneFifoRace } from "./transports/fifo_race.ts";
export { spawnDenoChild } from "./transports/pipe.ts";
export { pipeChildEntry } from "./transports/pipe_children.ts";
export { parsePipeline, runPipeline } from "./transports/pipeline.ts";
export {
  ringDuplexPair,
  ringFrameBytes,
  startRingEchoWorker,
} from "./transports/ring.ts";
export { connectTcp, listenTcp } from "./transports/tcp.ts";
export { udpDuplexPair } from "./transports/udp.ts";
export { spawnEchoWorker } from "./transports/worker_duplex.ts";

// Processes and threads (chapter 01)
export { runProcess, spawnProcess } from "./process/child.ts";
export { JoinTimeoutError, ThreadFailedError } from "./process/errors.ts";
export { inspectMachine } from "./process/machine.ts";
export { ParallelPool } from "./process/parallel_pool.ts";
export { calibrateIterations, runInterleaved } from "./process/parallelism.ts";
export { readProcStat } from "./process/proc_fs.ts";
export { processTreeText } from "./process/process_tree.ts";
export {
  readChildReports,
  spawnReportingChild,
} from "./process/reporting_child.ts";
export { spawnThread, ThreadHandle } from "./process/thread.ts";
export type { ThreadContext } from "./process/thread_protocol.ts";
export { createZombie } from "./process/zombie.ts";

// Synchronization (chapter 02)
export { runCounter } from "./sync/counter.ts";
export type { CounterRun } from "./sync/counter.ts";
export { describeWaitCycle } from "./sync/deadlock.ts";
export { MutexOwnershipError } from "./sync/errors.ts";
export { Mutex } from "./sync/lock_table.ts";
export { Semaphore } from "./sync/semaphore.ts";
export type { StepSemaphore } from "./sync/step_worker.ts";
export { SyncEvent } from "./sync/sync_event.ts";
export { runTwoLocks } from "./sync/two_locks.ts";

// Shared memory across processes (chapter 05)
export { averagesAcrossProcesses } from "./shm/averages.ts";
export { averagesWithThreads } from "./shm/thread_averages.ts";

// POSIX message queues
export { queueOutlivesItsCreator, sendFromChildProcess } from "./mq/demo.ts";

// Network communication and servers (chapters 06–07)
export { evaluateArithmetic } from "./net/arithmetic.ts";
export { observeMessageBoundaries } from "./net/boundaries.ts";
export {
  mailboxPut,
  mailboxTake,
  measureSendModes,
  sendTransient,
  startMailbox,
} from "./net/communication.ts";
export { startDnsHierarchy } from "./net/dns.ts";
export { DnsResolver } from "./net/dns_resolver.ts";
export { requestEcho, serveEcho } from "./net/echo.ts";
export { httpByHand, startDemoHttpServer } from "./net/http.ts";
export { sendUnreliably } from "./net/lossy_link.ts";
export { runClassPython } from "./net/python_interop.ts";
export { transferReliably } from "./net/reliable.ts";
export { callRemote, startRemoteObject } from "./net/remote.ts";
export { requestReverse, serveReverse } from "./net/reverse.ts";
export {
  measureConcurrentClients,
  misbehavingClientsDemo,
} from "./net/server_demos.ts";
export { runTaskClient, serveTasks, solveTask } from "./net/task.ts";

// Patterns over MessageDuplex (chapter 04)
export { MessageQueue } from "./patterns/message_queue.ts";
export { timelineSpec } from "./patterns/timeline.ts";
export { runTaskPool } from "./patterns/worker_pool.ts";

// SPMD communicator (chapter 07): Workers in this process, or real MPI
export type { Communicator } from "./spmd/communicator.ts";
export { spmdInline } from "./spmd/inline.ts";
export type { PiReport } from "./spmd/pi.ts";
export { spmd } from "./spmd/workers.ts";
export {
  kitProgramPath,
  piOnMpi,
  piOnWorkers,
  runKitMpiJob,
} from "./spmd/demos.ts";

// Measurements shown in the notebooks
export { runCBaseline } from "./bench/baselines/c_runner.ts";
export { runPythonBaseline } from "./bench/baselines/python_runner.ts";
export { runBenchmark } from "./bench/benchmark.ts";
export {
  measureProcessCreation,
  measureThreadCreation,
  measureThreadCreationInFreshDeno,
} from "./bench/creation_cost.ts";
export { compareMechanisms } from "./bench/mechanism_comparison.ts";
export { aggregateRuns } from "./bench/records.ts";
export type { BenchMissing, BenchRecord, BenchRun } from "./bench/records.ts";
export { comparisonRows } from "./bench/report.ts";
export { measureRoundTrips } from "./bench/round_trip.ts";
export { percentile, summarize } from "./bench/stats.ts";
export { compareDelivery, measureTcpVsUdp } from "./bench/tcp_vs_udp.ts";
export {
  checkWorkshopClaims,
  measureNagleEffect,
  speedUpOver,
  timeWorkshopMethod,
} from "./bench/workshop.ts";
export type { TaskRunFigures } from "./bench/workshop.ts";

// Notebook toolkit: display, charts, quizzes, exercises
export { chart } from "./notebook/chart.ts";
export { showMarkdown, showTable, showText } from "./notebook/display.ts";
export { checkExercise } from "./notebook/exercise.ts";
export { answer, quiz } from "./notebook/quiz.ts";
export { timelineChart } from "./notebook/timeline_chart.ts";

// Checked exercises (the checks, never the answers)
export { frameTextExercise } from "./exercises/ch00_start_here.ts";
export { procStatExercise } from "./exercises/ch01_processes.ts";
export {
  semaphoreStepExercise,
  tieBreakExercise,
} from "./exercises/ch02_synchronization.ts";
export { reverseOverUnixExercise } from "./exercises/ch03_pipes.ts";
export {
  bestMechanismExercise,
  reverseOverQueueExercise,
} from "./exercises/ch04_queues.ts";
export { ringUsedBytesExercise } from "./exercises/ch05_shared_memory.ts";
export { receiverExercise } from "./exercises/ch06_network_communication.ts";
export {
  multiClientExercise,
  spmdPartialSumExercise,
} from "./exercises/ch07_sockets_and_mpi.ts";
export type { ServeAll } from "./exercises/ch07_sockets_and_mpi.ts";
export { throughputWinnerExercise } from "./exercises/ch08_workshop.ts";

// Utilities
export { seededRandom } from "./util/random.ts";

/**
 * The kit's public surface: what notebooks import as `../lib/mod.ts`.
 *
 * Curated: every function and value here is used by a notebook cell, and
 * every type is one their signatures name (so `deno doc --lint` finds the
 * surface fully documented). Plumbing (FFI, the
 * fast tier, benchmark internals) and the reference solutions of exercises
 * are not exported; tests and programs import those by file path. The fast
 * tier (`lib/fast/`) is chosen explicitly by whoever needs speed — the bench
 * and the programs that ask for it — never through this module.
 *
 * @module
 */

// Messages and framing
export { jsonCodec, textCodec, withCodec } from "./wire/codec.ts";
export type { Codec, TypedDuplex } from "./wire/codec.ts";
export type { MessageDuplex } from "./wire/duplex.ts";
export { echoUntilClosed } from "./wire/echo.ts";
export {
  DuplexClosedError,
  FrameTooLargeError,
  TruncatedFrameError,
} from "./wire/errors.ts";
export { encodeFrame } from "./wire/frame.ts";
export { FrameDecoder } from "./wire/frame_decoder.ts";
export type { DecodeStep, StreamEnd } from "./wire/frame_decoder.ts";
export type { FramedDuplex } from "./wire/framed.ts";

// The teaching tier: one adapter per IPC mechanism
export { channelDuplexPair } from "./transports/channel.ts";
export type { PortDuplex } from "./transports/channel.ts";
export { createFifoPair, openFifoDuplex } from "./transports/fifo.ts";
export { stageOneFifoRace } from "./transports/fifo_race.ts";
export { runFifoShellDemo } from "./transports/fifo_shell.ts";
export type { FifoShellDemo } from "./transports/fifo_shell.ts";
export { runFifoReversePrograms } from "./transports/fifo_programs.ts";
export type { ProgramRun } from "./transports/fifo_programs.ts";
export type { OneFifoRace } from "./transports/fifo_race.ts";
export { spawnDenoChild } from "./transports/pipe.ts";
export type { ChildPipe, PipeChildOptions } from "./transports/pipe.ts";
export { pipeChildEntry } from "./transports/pipe_children.ts";
export { parsePipeline, runPipeline } from "./transports/pipeline.ts";
export type { PipelineResult, PipelineStage } from "./transports/pipeline.ts";
export { ringDuplexPair, ringFrameBytes } from "./transports/ring.ts";
export type { RingDuplex } from "./transports/ring.ts";
export { startRingEchoWorker } from "./transports/ring_worker.ts";
export type { RingWorker } from "./transports/ring_worker.ts";
export type { SocketMode } from "./transports/socket_path.ts";
export { connectTcp, listenTcp } from "./transports/tcp.ts";
export type { FramedTcpListener } from "./transports/tcp.ts";
export { udpDuplexPair } from "./transports/udp.ts";
export { spawnEchoWorker } from "./transports/worker_duplex.ts";

// Processes and threads (chapter 01)
export { runProcess, spawnProcess } from "./process/child.ts";
export type { ChildExit, ChildHandle, SpawnOptions } from "./process/child.ts";
export { JoinTimeoutError, ThreadFailedError } from "./process/errors.ts";
export { inspectMachine } from "./process/machine.ts";
export { readProcStat } from "./process/proc_fs.ts";
export type { ProcStat } from "./process/proc_fs.ts";
export { processTreeText } from "./process/process_tree.ts";
export {
  readChildReports,
  spawnReportingChild,
} from "./process/reporting_child.ts";
export { spawnThread, ThreadHandle } from "./process/thread.ts";
export type { ThreadContext } from "./process/thread_protocol.ts";
export { createZombie } from "./process/zombie.ts";
export type { ZombieDemo } from "./process/zombie.ts";
export {
  creationSentences,
  loadSentence,
  speedUpSentence,
} from "./process/ch01_sentences.ts";
export type { CreationFigures } from "./process/ch01_sentences.ts";
export { creationQuiz } from "./process/measured_quiz.ts";
export { measureCreationInPython } from "./process/os_creation.ts";
export type { PythonCreationSamples } from "./process/os_creation.ts";
export { describeExit, pythonReturncodes } from "./process/signal_exit.ts";

// Synchronization (chapter 02)
export { runCounter } from "./sync/counter.ts";
export type { CounterRun } from "./sync/counter.ts";
export {
  describeCounterRun,
  describeProtectionCosts,
  describeRaceRuns,
} from "./sync/counter_report.ts";
export { describeWaitCycle } from "./sync/deadlock.ts";
export type { WaitEdge } from "./sync/deadlock.ts";
export { MutexOwnershipError } from "./sync/errors.ts";
export { Mutex } from "./sync/lock_table.ts";
export { Semaphore } from "./sync/semaphore.ts";
export type { IncrementStep, StepSemaphore } from "./sync/step_worker.ts";
export { SyncEvent } from "./sync/sync_event.ts";
export { runTwoLocks } from "./sync/two_locks.ts";

// Shared memory across processes (chapter 05)
export { averagesAcrossProcesses } from "./shm/averages.ts";
export { averagesWithThreads } from "./shm/thread_averages.ts";

// POSIX message queues (chapter 04)
export { queueOutlivesItsCreator, sendFromChildProcess } from "./mq/demo.ts";
export { readQueueLimits } from "./mq/limits.ts";
export type { QueueLimitRow } from "./mq/limits.ts";
export type { CrossProcessQueueRun, QueueMessageSpec } from "./mq/demo.ts";
export type { PosixQueueAttributes } from "./mq/types.ts";

// Network communication and servers (chapters 06–07)
export { evaluateArithmetic } from "./net/arithmetic.ts";
export { observeMessageBoundaries } from "./net/boundaries.ts";
export type { ClientOptions } from "./net/client.ts";
export {
  mailboxPut,
  mailboxTake,
  measureSendModes,
  sendTransient,
  startMailbox,
} from "./net/communication.ts";
export { startDnsHierarchy } from "./net/dns.ts";
export {
  describeHandshake,
  describeSendModes,
  describeTcpVsUdp,
  describeUdpFlood,
} from "./net/ch06_sentences.ts";
export type { SendModeRow } from "./net/ch06_sentences.ts";
export { watchTcpHandshake } from "./net/tcp_handshake.ts";
export type {
  CounterWindow,
  HandshakeWatch,
  TcpSocketState,
} from "./net/tcp_handshake.ts";
export { floodUdp, probeUdpSizeLimit } from "./net/udp_limits.ts";
export type { UdpFloodResult, UdpSizeProbe } from "./net/udp_limits.ts";
export type { DnsReply } from "./net/dns.ts";
export { DnsResolver } from "./net/dns_resolver.ts";
export type { DnsLookup } from "./net/dns_resolver.ts";
export { requestEcho, serveEcho } from "./net/echo.ts";
export { formatAttackDemo, runAttackDemo } from "./net/attack_demo.ts";
export {
  attackDemoSentence,
  socketLatencySentence,
} from "./notebook/ch07_sentences.ts";
export type { AttackDemoRow } from "./net/attack_demo.ts";
export { httpByHand, startDemoHttpServer } from "./net/http.ts";
export type { HttpResponseParts } from "./net/http.ts";
export { sendUnreliably } from "./net/lossy_link.ts";
export type { LinkStats, LossyLinkOptions } from "./net/lossy_link.ts";
export { runClassPython } from "./net/python_interop.ts";
export { transferReliably } from "./net/reliable.ts";
export type { ReliableTraceEvent } from "./net/reliable.ts";
export type { ReliableOutcome } from "./net/reliable.ts";
export { callRemote, startRemoteObject } from "./net/remote.ts";
export { requestReverse, serveReverse } from "./net/reverse.ts";
export {
  measureConcurrentClients,
  misbehavingClientsDemo,
} from "./net/server_demos.ts";
export type {
  ConnectionServer,
  ConnectionServerOptions,
} from "./net/server_types.ts";
export { runTaskClient, serveTasks, solveTask } from "./net/task.ts";
export type { TaskResult, TaskResultTotals } from "./net/task_results.ts";

// Patterns over MessageDuplex (chapter 04)
export { MessageQueue } from "./patterns/message_queue.ts";
export type { SimulatedTask } from "./patterns/task_protocol.ts";
export { timelineSpec } from "./patterns/timeline.ts";
export { sharedTimeAxisMs } from "./patterns/timeline.ts";
export {
  compareBackendsText,
  redeliveryText,
} from "./patterns/pool_findings.ts";
export type { PoolRunFigures } from "./patterns/pool_findings.ts";
export {
  finishedWorkersText,
  resultsCaption,
  startupRows,
} from "./patterns/pool_tables.ts";
export { startupQuiz } from "./patterns/pool_quiz.ts";
export { runTaskPool } from "./patterns/worker_pool.ts";
export type { TaskPoolReport } from "./patterns/worker_pool.ts";
export { PoolExhaustedError } from "./patterns/worker_pool.ts";
export type { TaskPoolOptions } from "./patterns/worker_pool.ts";

// SPMD communicator: Workers in this process, or real MPI (chapter 07)
export type { Communicator, Received, ReduceOp } from "./spmd/communicator.ts";
export {
  kitProgramPath,
  piOnMpi,
  piOnWorkers,
  runKitMpiJob,
} from "./spmd/demos.ts";
export { spmdInline } from "./spmd/inline.ts";
export { runStructTypeDemo } from "./spmd/demos.ts";
export {
  exchangeSentence,
  formatExchangeDemo,
  runExchangeDemo,
} from "./spmd/exchange_demo.ts";
export type {
  ExchangeDemoOptions,
  ExchangeMode,
  ExchangeRow,
} from "./spmd/exchange_demo.ts";
export { piSpeedUpSentence } from "./spmd/pi_sentences.ts";
export type { MpiJobResult } from "./spmd/mpi/launch.ts";
export type { PiReport } from "./spmd/pi.ts";
export { spmd } from "./spmd/workers.ts";
export type { SpmdRun } from "./spmd/workers.ts";

// Measurements shown in the notebooks
export { compareWithBaselines } from "./bench/baseline_comparison.ts";
export type { BaselineComparison } from "./bench/baseline_comparison.ts";
export { explainStrategyGap } from "./bench/strategy_gap.ts";
export type { SendStrategy, WaitStrategy } from "./bench/strategies.ts";
export {
  measureProcessCreation,
  measureThreadCreation,
  measureThreadCreationInFreshDeno,
} from "./bench/creation_cost.ts";
export type { CreationOptions } from "./bench/creation_cost.ts";
export { measureParallelism } from "./bench/measure_parallelism.ts";
export { compareMechanisms } from "./bench/mechanism_comparison.ts";
export type { MechanismMeasurement } from "./bench/mechanism_comparison.ts";
export type { MechanismId } from "./bench/mechanism_labels.ts";
export type { BenchMissing, BenchRecord } from "./bench/records.ts";
export type { ComparisonRow } from "./bench/report.ts";
export { measureRoundTrips } from "./bench/round_trip.ts";
export type { RoundTripResult } from "./bench/round_trip.ts";
export { percentile, summarize } from "./bench/stats.ts";
export type { Summary } from "./bench/stats.ts";
export { compareDelivery, measureTcpVsUdp } from "./bench/tcp_vs_udp.ts";
export type { DeliveryRow } from "./bench/tcp_vs_udp.ts";
export {
  checkWorkshopClaims,
  measureNagleEffect,
  speedUpOver,
  timeWorkshopMethod,
} from "./bench/workshop.ts";
export type { ClaimVerdict, TaskRunFigures } from "./bench/workshop.ts";
export { measureNagleSetups } from "./net/nagle.ts";
export type { NagleFigures, NagleSetup } from "./net/nagle.ts";
export { describeNagle, nagleRows } from "./net/nagle_sentences.ts";
export {
  describeCpuSpeedUp,
  describeQueueRun,
  describeWaitSpeedUp,
  workshopClaimRows,
} from "./patterns/workshop_findings.ts";
export type { ClaimRow } from "./patterns/workshop_findings.ts";
export { socketVsPipeQuiz } from "./patterns/workshop_quiz.ts";

// Notebook toolkit: display, charts, quizzes, exercises
export { chart, idealSpeedUp, idealSpeedUpSeries } from "./notebook/chart.ts";
export type { ChartAxis, ChartSeries, ChartSpec } from "./notebook/chart.ts";
export { showMarkdown, showTable, showText } from "./notebook/display.ts";
export type { TableOptions } from "./notebook/display.ts";
export { checkExercise } from "./notebook/exercise.ts";
export type {
  CheckOutcome,
  ExerciseReport,
  ExerciseSpec,
} from "./notebook/exercise.ts";
export { answer, quiz } from "./notebook/quiz.ts";
export { fasterOfTwoQuiz } from "./notebook/measured_quiz.ts";
export type { MeasuredFigure } from "./notebook/measured_quiz.ts";
export {
  describeCopyVsTransfer,
  describeFutexWaits,
  describeMedians,
  fifoShellTranscript,
  reverseBytesLikeTheClass,
} from "./notebook/ipc_prose.ts";
export type { QuizSpec, QuizVerdict } from "./notebook/quiz.ts";
export { pista, solucion } from "./notebook/hints.ts";
export type { HelpTarget } from "./notebook/hints.ts";
export type { CheckOptions } from "./notebook/exercise.ts";
export type { AnyExercise } from "./notebook/exercise_catalog.ts";
export { showProgress } from "./notebook/progress_table.ts";
export { formatNumber } from "./notebook/number_format.ts";
export { timelineChart } from "./notebook/timeline_chart.ts";
export type { TimelineSpec } from "./notebook/timeline_chart.ts";
export {
  sharedTimeScale,
  timelinesChart,
} from "./notebook/timeline_compare.ts";

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
export { measuredMedianRows } from "./exercises/ch04_queues.ts";
export type {
  MeasuredMedian,
  MechanismVerdict,
} from "./exercises/ch04_best_mechanism.ts";
export { ringUsedBytesExercise } from "./exercises/ch05_shared_memory.ts";
export { receiverExercise } from "./exercises/ch06_network_communication.ts";
export {
  multiClientExercise,
  spmdPartialSumExercise,
} from "./exercises/ch07_sockets_and_mpi.ts";
export type { ServeAll } from "./exercises/ch07_sockets_and_mpi.ts";
export { throughputWinnerExercise } from "./exercises/ch08_workshop.ts";

// traces (space-time diagrams from real message traces)
export {
  clockTrace,
  concurrentPairQuiz,
  happensBeforeQuiz,
  poolTraceQuiz,
  saveTrace,
  SHIVIZ_REGEX,
  showPoolTrace,
  showTrace,
  traceBcastReduce,
  traceBcastReduceOnMpi,
  traceBcastReduceOnWorkers,
  traceCommunicator,
  traceDuplex,
  traceEchoClients,
  tracePipeChildren,
  TraceRecorder,
  traceReliableTransfer,
  traceStopAndWait,
  traceUnreliable,
} from "./trace/mod.ts";
export type { PipeChildrenTrace } from "./trace/pipes.ts";
export type {
  ClockedEvent,
  ClockedTrace,
  DiagramOptions,
  Trace,
  TraceDuplexOptions,
  TraceEvent,
  TraceMark,
  TraceMessage,
} from "./trace/mod.ts";

// Utilities
export { deadline, WaitTimeoutError } from "./util/deadline.ts";
export type { DeadlineOptions } from "./util/deadline.ts";
export { seededRandom } from "./util/random.ts";
export type { SeededRandom } from "./util/random.ts";

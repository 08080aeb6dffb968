/**
 * The plain shapes a POSIX queue works with: its attributes, a received
 * message, and the options of send and receive.
 *
 * @module
 */

/** What `mq_getattr` reports, named for readers. */
export interface PosixQueueAttributes {
  /** `mq_maxmsg`: most messages the queue holds. */
  maxMessages: number;
  /** `mq_msgsize`: largest message in bytes. */
  messageSize: number;
  /** `mq_curmsgs`: messages waiting now. */
  currentMessages: number;
  /** Whether this descriptor was opened with O_NONBLOCK. */
  nonBlocking: boolean;
}

/** One received message. */
export interface PosixQueueMessage {
  /** The message's bytes, exactly as sent. */
  bytes: Uint8Array;
  /** Its priority (0..32767): higher ones are received first. */
  priority: number;
  /** The bytes decoded as UTF-8 (replacement characters if they are not). */
  text: string;
}

/** Options of {@linkcode PosixQueue.send}. */
export interface PosixQueueSendOptions {
  /** 0 (lowest, default) to 32767. */
  priority?: number;
  /** Longest wait while the queue is full (default 5000 ms). */
  timeoutMs?: number;
}

/** Options of {@linkcode PosixQueue.receive}. */
export interface PosixQueueReceiveOptions {
  /** Longest wait while the queue is empty (default 5000 ms). */
  timeoutMs?: number;
}

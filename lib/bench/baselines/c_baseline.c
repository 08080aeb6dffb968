/*
 * The C floor: the same bench protocol as lib/bench/protocol.ts over plain
 * POSIX mechanisms, so the kit's figures can be read against what this
 * machine's kernel allows.
 *
 * Compiled at run time by lib/bench/baselines/c_runner.ts into a private
 * temp dir:  cc -O2 -o c_baseline c_baseline.c
 * Usage: c_baseline --dir TEMPDIR [--mechanisms pipe,fifo,unix,tcp,shm]
 *                   [--sizes 64,4096,1048576] [--duration-ms 200]
 *                   [--spin-us 200]
 * Prints one JSON object per line: {"mechanism","size","samplesUs":[...],
 * "messages","seconds"} or {"mechanism","error"}.
 *
 * Protocol: first byte 0x02 = count; 0x03 = count and reply [0x06, n u32 BE]
 * (n = messages since the previous ack); anything else is echoed. Byte
 * streams carry the 4-byte big-endian length prefix.
 *
 * Strategies, chosen per mechanism by suffixes (pipe, fifo, unix, tcp):
 *   NAME             one writev per frame; reads sleep in the kernel
 *   NAME-batch       frames gathered in a write buffer, written when it fills
 *                    or at an acknowledgement point (a frame that asks for a
 *                    reply, any reply), as the kit's fast framing coalesces
 *   NAME-spin        reads spin on a non-blocking recv/read for --spin-us
 *                    (sched_yield every 4 attempts), then sleep in poll, as
 *                    the kit's busy-poll sockets do
 *   NAME-batch-spin  both
 *   NAME-helper      the measuring end never sleeps in its own read: when a
 *                    non-blocking read finds nothing, it wakes a helper
 *                    thread that sleeps in poll, and sleeps until that thread
 *                    wakes it (an eventfd each way), as the kit's event-loop
 *                    pipes and FIFOs wait (Deno runs their poll on a helper
 *                    thread and wakes its event loop). The peer reads as
 *                    NAME does, asleep in its own read, as the kit's does.
 *   NAME-batch-helper  both
 * The shared-memory ring waits by spinning briefly, then on a futex.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#define OP_SINK 0x02
#define OP_ACK_REQUEST 0x03
#define OP_ACK 0x06
#define FILL 0x61
#define END_MARK 0xFFFFFFFFu
#define READ_BUF (1 << 16)
#define RING_CAP (1u << 22)
#define SPINS 2000
#define WRITE_BUF (1 << 20)

typedef struct {
  _Alignas(64) _Atomic uint32_t tail; /* written by the producer */
  _Atomic uint32_t tail_waiters;
  _Alignas(64) _Atomic uint32_t head; /* written by the consumer */
  _Atomic uint32_t head_waiters;
  _Alignas(64) unsigned char data[RING_CAP];
} ring_t;

typedef struct {
  int rfd, wfd;
  unsigned char *rbuf;
  size_t rpos, rlen;
  ring_t *out, *in; /* shm only */
  int batch, spin, socket; /* strategies; socket: recv(MSG_DONTWAIT) works */
  unsigned char *wbuf;     /* batch only */
  size_t wlen;
  int helper;              /* reads wait through a helper thread */
  int ask_fd, woke_fd;     /* helper only: eventfds to and from it */
  _Atomic int helper_stop;
  pthread_t helper_thread;
} transport_t;

static double spin_seconds = 200e-6;

static void die(const char *what) {
  perror(what);
  exit(2);
}

/* ---- futex-backed ring ---- */

static void futex_wait(_Atomic uint32_t *addr, uint32_t seen) {
  syscall(SYS_futex, addr, FUTEX_WAIT, seen, NULL, NULL, 0);
}
static void futex_wake(_Atomic uint32_t *addr) {
  syscall(SYS_futex, addr, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* Waits until *word differs from `seen`: spin, then sleep on the futex. */
static void wait_change(_Atomic uint32_t *word, _Atomic uint32_t *waiters,
                        uint32_t seen) {
  for (int i = 0; i < SPINS; i++) {
    if (atomic_load_explicit(word, memory_order_acquire) != seen) return;
    __builtin_ia32_pause();
  }
  atomic_fetch_add(waiters, 1);
  while (atomic_load(word) == seen) futex_wait(word, seen);
  atomic_fetch_sub(waiters, 1);
}

static void publish(_Atomic uint32_t *word, _Atomic uint32_t *waiters,
                     uint32_t value) {
  atomic_store(word, value);
  if (atomic_load(waiters) > 0) futex_wake(word);
}

static void ring_write(ring_t *r, const unsigned char *src, uint32_t n) {
  uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
  for (;;) {
    uint32_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    if (RING_CAP - (tail - head) >= n) break;
    wait_change(&r->head, &r->head_waiters, head);
  }
  uint32_t at = tail % RING_CAP, first = n < RING_CAP - at ? n : RING_CAP - at;
  memcpy(r->data + at, src, first);
  memcpy(r->data, src + first, n - first);
  publish(&r->tail, &r->tail_waiters, tail + n);
}

static void ring_read(ring_t *r, unsigned char *dst, uint32_t n) {
  uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
  for (;;) {
    uint32_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    if (tail - head >= n) break;
    wait_change(&r->tail, &r->tail_waiters, tail);
  }
  uint32_t at = head % RING_CAP, first = n < RING_CAP - at ? n : RING_CAP - at;
  memcpy(dst, r->data + at, first);
  memcpy(dst + first, r->data, n - first);
  publish(&r->head, &r->head_waiters, head + n);
}

/* ---- framed send / receive ---- */

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void put_u32(unsigned char *p, uint32_t v) {
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}
static uint32_t get_u32(const unsigned char *p) {
  return ((uint32_t)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static void write_all(int fd, struct iovec *iov, int count) {
  size_t total = 0;
  for (int i = 0; i < count; i++) total += iov[i].iov_len;
  while (total > 0) {
    ssize_t w = writev(fd, iov, count);
    if (w < 0) { if (errno == EINTR) continue; die("write"); }
    total -= w;
    for (int i = 0; i < count && w > 0; i++) {
      size_t take = (size_t)w < iov[i].iov_len ? (size_t)w : iov[i].iov_len;
      iov[i].iov_base = (char *)iov[i].iov_base + take;
      iov[i].iov_len -= take;
      w -= take;
    }
  }
}

/* Writes what a batching transport has gathered. */
static void flush(transport_t *t) {
  if (t->wlen == 0) return;
  struct iovec iov[1] = {{t->wbuf, t->wlen}};
  write_all(t->wfd, iov, 1);
  t->wlen = 0;
}

static void send_frame(transport_t *t, const unsigned char *msg, uint32_t n) {
  unsigned char prefix[4];
  put_u32(prefix, n);
  if (t->out) {
    ring_write(t->out, prefix, 4);
    if (n != END_MARK) ring_write(t->out, msg, n);
    return;
  }
  size_t body = n == END_MARK ? 0 : n;
  if (t->batch) {
    if (t->wlen + 4 + body > WRITE_BUF) flush(t);
    if (4 + body <= WRITE_BUF) { /* gathered; written at a flush */
      memcpy(t->wbuf + t->wlen, prefix, 4);
      if (body) memcpy(t->wbuf + t->wlen + 4, msg, body);
      t->wlen += 4 + body;
      return;
    }
  }
  struct iovec iov[2] = {{prefix, 4}, {(void *)msg, body}};
  write_all(t->wfd, iov, 2);
}

/* The helper thread: asked through ask_fd, sleeps in poll on the read end
 * until it is readable, then says so through woke_fd. */
static void *helper_main(void *arg) {
  transport_t *t = arg;
  uint64_t n;
  for (;;) {
    if (read(t->ask_fd, &n, sizeof n) < 0 && errno != EINTR) return NULL;
    if (atomic_load(&t->helper_stop)) return NULL;
    struct pollfd p = {t->rfd, POLLIN, 0};
    while (poll(&p, 1, -1) < 0 && errno == EINTR) {}
    n = 1;
    if (write(t->woke_fd, &n, sizeof n) < 0) return NULL;
  }
}

/* Sleeps until the helper thread has seen the read end readable. */
static void wait_through_helper(transport_t *t) {
  uint64_t n = 1;
  if (write(t->ask_fd, &n, sizeof n) < 0) die("eventfd");
  while (read(t->woke_fd, &n, sizeof n) < 0)
    if (errno != EINTR) die("eventfd");
}

/* One read: blocking, or (spin) non-blocking attempts for spin_seconds with
 * a sched_yield every few, then asleep in poll until data or the end. */
static ssize_t read_some(transport_t *t, unsigned char *dst, size_t n) {
  if (t->helper) {
    for (;;) {
      ssize_t r = t->socket ? recv(t->rfd, dst, n, MSG_DONTWAIT)
                            : read(t->rfd, dst, n); /* rfd is O_NONBLOCK */
      if (r >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
        return r;
      if (errno != EINTR) wait_through_helper(t);
    }
  }
  if (!t->spin) return read(t->rfd, dst, n);
  double deadline = 0;
  for (;;) {
    for (int i = 0; i < 4; i++) {
      ssize_t r = t->socket ? recv(t->rfd, dst, n, MSG_DONTWAIT)
                            : read(t->rfd, dst, n); /* rfd is O_NONBLOCK */
      if (r >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
        return r;
    }
    if (deadline == 0) deadline = now_s() + spin_seconds;
    if (now_s() < deadline) { sched_yield(); continue; }
    struct pollfd p = {t->rfd, POLLIN, 0};
    if (poll(&p, 1, -1) < 0 && errno != EINTR) return -1;
  }
}

/* Reads exactly n bytes through the read buffer; 0 at a clean end. */
static int read_exact(transport_t *t, unsigned char *dst, size_t n) {
  while (n > 0) {
    if (t->rpos == t->rlen) {
      flush(t); /* never sleep on a reply to frames still in the buffer */
      if (n >= READ_BUF) { /* large body: read straight into place */
        ssize_t r = read_some(t, dst, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return 0;
        dst += r; n -= r;
        continue;
      }
      ssize_t r = read_some(t, t->rbuf, READ_BUF);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return 0;
      t->rpos = 0; t->rlen = r;
    }
    size_t take = t->rlen - t->rpos < n ? t->rlen - t->rpos : n;
    memcpy(dst, t->rbuf + t->rpos, take);
    t->rpos += take; dst += take; n -= take;
  }
  return 1;
}

/* Receives one frame into dst; returns its length or -1 at the end. */
static long recv_frame(transport_t *t, unsigned char *dst) {
  unsigned char prefix[4];
  if (t->in) {
    ring_read(t->in, prefix, 4);
    uint32_t n = get_u32(prefix);
    if (n == END_MARK) return -1;
    ring_read(t->in, dst, n);
    return n;
  }
  if (!read_exact(t, prefix, 4)) return -1;
  uint32_t n = get_u32(prefix);
  if (!read_exact(t, dst, n)) { fprintf(stderr, "truncated frame\n"); exit(2); }
  return n;
}

static void close_transport(transport_t *t) {
  if (t->out) { send_frame(t, NULL, END_MARK); return; }
  flush(t);
  if (t->helper) {
    uint64_t n = 1;
    atomic_store(&t->helper_stop, 1);
    if (write(t->ask_fd, &n, sizeof n) < 0) die("eventfd");
    pthread_join(t->helper_thread, NULL);
    close(t->ask_fd);
    close(t->woke_fd);
  }
  if (t->wfd >= 0) close(t->wfd);
  if (t->rfd >= 0 && t->rfd != t->wfd) close(t->rfd);
}

/* ---- peer and measurements ---- */

static void serve(transport_t *t, unsigned char *buf) {
  uint32_t since_ack = 0;
  for (;;) {
    long n = recv_frame(t, buf);
    if (n < 0) break;
    int op = n > 0 ? buf[0] : FILL;
    if (op == OP_SINK) {
      since_ack++;
    } else if (op == OP_ACK_REQUEST) {
      unsigned char ack[5] = {OP_ACK};
      put_u32(ack + 1, since_ack + 1);
      send_frame(t, ack, 5);
      flush(t);
      since_ack = 0;
    } else {
      send_frame(t, buf, (uint32_t)n);
      flush(t);
    }
  }
  close_transport(t);
}


/* The kit's defaultCreditWindow (throughput.ts) and Python's window_of: keep them equal. */
static unsigned window_of(size_t size) {
  size_t fit = (2u * 1024 * 1024) / (size ? size : 1);
  unsigned w = fit < 2 ? 2 : fit > 4096 ? 4096 : (unsigned)fit;
  return w - w % 2;
}

static void await_ack(transport_t *t, unsigned char *buf, unsigned expected) {
  long n = recv_frame(t, buf);
  if (n != 5 || buf[0] != OP_ACK || get_u32(buf + 1) != expected) {
    fprintf(stderr, "bad acknowledgement\n");
    exit(2);
  }
}

static void measure(const char *name, transport_t *t, size_t size,
                    double duration, unsigned char *msg, unsigned char *buf) {
  memset(msg, FILL, size);
  size_t cap = 1 << 16, count = 0;
  double *samples = malloc(cap * sizeof(double));
  for (int i = 0; i < 20; i++) { send_frame(t, msg, size); recv_frame(t, buf); }
  double start = now_s();
  for (;;) {
    double t0 = now_s();
    send_frame(t, msg, size);
    if (recv_frame(t, buf) != (long)size || memcmp(buf, msg, size)) {
      fprintf(stderr, "bad echo\n");
      exit(2);
    }
    double t1 = now_s();
    if (count == cap) samples = realloc(samples, (cap *= 2) * sizeof(double));
    samples[count++] = (t1 - t0) * 1e6;
    if (count >= 3 && t1 - start >= duration) break;
  }
  size_t tsize = size ? size : 1;
  unsigned half = window_of(tsize) / 2, pending = 0;
  unsigned long sent = 0;
  memset(msg, FILL, tsize);
  for (int warm = 0; warm < 2; warm++) {
    for (unsigned j = 0; j < half; j++) {
      msg[0] = j == half - 1 ? OP_ACK_REQUEST : OP_SINK;
      send_frame(t, msg, tsize);
    }
    flush(t); /* the acknowledgement point */
  }
  await_ack(t, buf, half);
  await_ack(t, buf, half);
  double tstart = now_s();
  while (now_s() - tstart < duration) {
    for (unsigned j = 0; j < half; j++) {
      msg[0] = j == half - 1 ? OP_ACK_REQUEST : OP_SINK;
      send_frame(t, msg, tsize);
    }
    flush(t); /* the acknowledgement point */
    sent += half;
    if (++pending >= 2) { await_ack(t, buf, half); pending--; }
  }
  while (pending > 0) { await_ack(t, buf, half); pending--; }
  double seconds = now_s() - tstart;
  printf("{\"mechanism\":\"%s\",\"size\":%zu,\"samplesUs\":[", name, size);
  for (size_t i = 0; i < count; i++) printf(i ? ",%.2f" : "%.2f", samples[i]);
  printf("],\"messages\":%lu,\"seconds\":%.6f}\n", sent, seconds);
  fflush(stdout);
  free(samples);
}

/* ---- opening each mechanism: fills *local, returns the peer's pid ---- */

static pid_t start_peer(transport_t *peer, unsigned char *buf, int close_fd) {
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    if (close_fd >= 0) close(close_fd);
    serve(peer, buf);
    _exit(0);
  }
  return pid;
}

/* Applies the strategies once the descriptors are known. */
static void ready(transport_t *t) {
  if (t->batch) t->wbuf = malloc(WRITE_BUF);
  if ((t->spin || t->helper) && !t->socket)
    fcntl(t->rfd, F_SETFL, fcntl(t->rfd, F_GETFL) | O_NONBLOCK);
  if (t->helper) {
    t->ask_fd = eventfd(0, EFD_CLOEXEC);
    t->woke_fd = eventfd(0, EFD_CLOEXEC);
    if (t->ask_fd < 0 || t->woke_fd < 0) die("eventfd");
    if (pthread_create(&t->helper_thread, NULL, helper_main, t)) die("pthread_create");
  }
}

static void serve_child(transport_t *peer, unsigned char *buf) {
  ready(peer);
  serve(peer, buf);
  _exit(0);
}

/* Splits "tcp-batch-spin" into "tcp" and its strategies; 0 if unknown. */
static int parse_name(const char *full, char *base, size_t cap, int *batch,
                      int *spin, int *helper) {
  snprintf(base, cap, "%s", full);
  size_t len = strlen(base);
  *batch = *spin = *helper = 0;
  if (len > 5 && !strcmp(base + len - 5, "-spin")) {
    *spin = 1;
    base[len -= 5] = 0;
  } else if (len > 7 && !strcmp(base + len - 7, "-helper")) {
    *helper = 1;
    base[len -= 7] = 0;
  }
  if (len > 6 && !strcmp(base + len - 6, "-batch")) {
    *batch = 1;
    base[len -= 6] = 0;
  }
  const char *streams[] = {"pipe", "fifo", "unix", "tcp"};
  for (int i = 0; i < 4; i++)
    if (!strcmp(base, streams[i])) return 1;
  return !strcmp(base, "shm") && !*batch && !*spin && !*helper;
}

static pid_t open_mechanism(const char *full, const char *dir,
                            transport_t *local, unsigned char *buf) {
  char name[64];
  int batch, spin, helper;
  if (!parse_name(full, name, sizeof name, &batch, &spin, &helper)) return -1;
  int socket_kind = !strcmp(name, "unix") || !strcmp(name, "tcp");
  transport_t peer = {-1, -1, malloc(READ_BUF), 0, 0, NULL, NULL,
                      batch, spin, socket_kind, NULL, 0};
  *local = peer;
  local->rbuf = malloc(READ_BUF);
  local->helper = helper; /* the peer sleeps in its own reads */
  if (!strcmp(name, "pipe")) {
    int down[2], up[2];
    if (pipe(down) || pipe(up)) die("pipe");
    fcntl(down[1], F_SETPIPE_SZ, 1 << 20);
    fcntl(up[1], F_SETPIPE_SZ, 1 << 20);
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
      close(down[1]); close(up[0]);
      peer.rfd = down[0]; peer.wfd = up[1];
      serve_child(&peer, buf);
    }
    close(down[0]); close(up[1]);
    local->rfd = up[0]; local->wfd = down[1];
    ready(local);
    return pid;
  }
  if (!strcmp(name, "fifo")) {
    char a2b[4096], b2a[4096];
    snprintf(a2b, sizeof a2b, "%s/a2b.fifo", dir);
    snprintf(b2a, sizeof b2a, "%s/b2a.fifo", dir);
    if (mkfifo(a2b, 0600) || mkfifo(b2a, 0600)) die("mkfifo");
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
      peer.rfd = open(a2b, O_RDONLY);
      peer.wfd = open(b2a, O_WRONLY);
      serve_child(&peer, buf);
    }
    local->wfd = open(a2b, O_WRONLY);
    local->rfd = open(b2a, O_RDONLY);
    unlink(a2b); unlink(b2a);
    ready(local);
    return pid;
  }
  if (!strcmp(name, "unix") || !strcmp(name, "tcp")) {
    int tcp = !strcmp(name, "tcp");
    struct sockaddr_storage addr = {0};
    socklen_t len;
    int listener = socket(tcp ? AF_INET : AF_UNIX, SOCK_STREAM, 0);
    if (tcp) {
      struct sockaddr_in *in = (struct sockaddr_in *)&addr;
      in->sin_family = AF_INET;
      in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      len = sizeof *in;
    } else {
      struct sockaddr_un *un = (struct sockaddr_un *)&addr;
      un->sun_family = AF_UNIX;
      snprintf(un->sun_path, sizeof un->sun_path, "%s/%s.sock", dir, full);
      len = sizeof *un;
    }
    if (bind(listener, (struct sockaddr *)&addr, len) || listen(listener, 1)) die("bind");
    getsockname(listener, (struct sockaddr *)&addr, &len);
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
      close(listener);
      int fd = socket(tcp ? AF_INET : AF_UNIX, SOCK_STREAM, 0);
      if (connect(fd, (struct sockaddr *)&addr, len)) die("connect");
      int one = 1;
      if (tcp) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      peer.rfd = peer.wfd = fd;
      serve_child(&peer, buf);
    }
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) die("accept");
    close(listener);
    int one = 1;
    if (tcp) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    local->rfd = local->wfd = fd;
    ready(local);
    return pid;
  }
  if (!strcmp(name, "shm")) {
    ring_t *rings = mmap(NULL, 2 * sizeof(ring_t), PROT_READ | PROT_WRITE,
                         MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (rings == MAP_FAILED) die("mmap");
    local->out = &rings[0]; local->in = &rings[1];
    peer.out = &rings[1]; peer.in = &rings[0];
    return start_peer(&peer, buf, -1);
  }
  return -1;
}

int main(int argc, char **argv) {
  const char *dir = "/tmp", *mechanisms = "pipe,fifo,unix,tcp,shm";
  const char *sizes_arg = "64,4096,1048576";
  double duration = 0.2;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--dir")) dir = argv[i + 1];
    else if (!strcmp(argv[i], "--mechanisms")) mechanisms = argv[i + 1];
    else if (!strcmp(argv[i], "--sizes")) sizes_arg = argv[i + 1];
    else if (!strcmp(argv[i], "--duration-ms")) duration = atof(argv[i + 1]) / 1000;
    else if (!strcmp(argv[i], "--spin-us")) spin_seconds = atof(argv[i + 1]) / 1e6;
    else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
  }
  signal(SIGPIPE, SIG_IGN);
  alarm(120); /* a hung peer kills the run instead of the caller's patience */
  size_t sizes[16], nsizes = 0, largest = 5;
  char *copy = strdup(sizes_arg);
  for (char *s = strtok(copy, ","); s && nsizes < 16; s = strtok(NULL, ",")) {
    sizes[nsizes] = strtoul(s, NULL, 10);
    if (sizes[nsizes] > largest) largest = sizes[nsizes];
    nsizes++;
  }
  unsigned char *msg = malloc(largest), *buf = malloc(largest);
  char *names[64];
  size_t nnames = 0;
  char *list = strdup(mechanisms);
  for (char *s = strtok(list, ","); s && nnames < 64; s = strtok(NULL, ","))
    names[nnames++] = s;
  for (size_t m = 0; m < nnames; m++) {
    transport_t local;
    pid_t pid = open_mechanism(names[m], dir, &local, buf);
    if (pid < 0) {
      printf("{\"mechanism\":\"%s\",\"error\":\"mecanismo desconocido\"}\n", names[m]);
      fflush(stdout);
      continue;
    }
    for (size_t i = 0; i < nsizes; i++)
      measure(names[m], &local, sizes[i], duration, msg, buf);
    close_transport(&local);
    waitpid(pid, NULL, 0);
  }
  return 0;
}

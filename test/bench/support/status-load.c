/*
 * The fleet bench's status load as a native client: open-loop GET at a fixed rate over keep-alive
 * connections, each answer timed twice:
 *   - "wire": from the request's send to the kernel's receive stamp (SO_TIMESTAMPNS) of the
 *     answer's last segment, i.e. when the answer reached this host's socket;
 *   - "client": from the send to when this process read the last byte.
 * The difference is this process's own wait for a CPU, which on a two-core host it shares with
 * the service under test; a client on another machine does not add it. See status-load-native.ts.
 *
 * Usage: status-load HOST PORT PATH RATE_PER_S GZIP(0|1). Sends until stdin closes, waits up to
 * 10 s for the answers in flight, then prints one JSON object on stdout.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 64
#define HEAD_MAX 8192
#define MAX_SAMPLES 4000000
/* Node's HTTP server closes a keep-alive connection idle for 5 s; one reused just then is reset
   under the request. A connection idle this long is closed here instead. */
#define MAX_IDLE_NS 4000000000LL

enum state { FREE, CONNECTING, WAITING, IDLE };

struct conn {
  int fd;
  enum state state;
  int64_t sent_real, sent_mono, last_stamp, idle_since;
  char head[HEAD_MAX];
  size_t head_len;
  long status, body_left;
  int in_body;
};

static struct conn conns[MAX_CONNS];
static struct sockaddr_in addr;
static char request[1024];
static size_t request_len;
static double *wire, *client;
static size_t samples, errors, in_flight;
static size_t err_http, err_reset, err_connect, err_head, err_busy;
static int ep;

static int64_t now_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void drop(struct conn *c, size_t *kind) {
  if (c->state == WAITING || c->state == CONNECTING) {
    errors++;
    (*kind)++;
    in_flight--;
  }
  close(c->fd);
  c->state = FREE;
}

static void send_request(struct conn *c) {
  c->head_len = 0;
  c->in_body = 0;
  c->last_stamp = 0;
  c->sent_real = now_ns(CLOCK_REALTIME);
  c->sent_mono = now_ns(CLOCK_MONOTONIC);
  if (send(c->fd, request, request_len, MSG_NOSIGNAL) != (ssize_t)request_len) {
    drop(c, &err_reset);
    return;
  }
  c->state = WAITING;
}

static void open_and_send(struct conn *c) {
  int one = 1;
  c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  setsockopt(c->fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  c->state = CONNECTING;
  in_flight++;
  if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) != 0 && errno != EINPROGRESS) {
    drop(c, &err_connect);
    return;
  }
  struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP, .data.ptr = c};
  epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

static void tick(void) {
  int64_t now = now_ns(CLOCK_MONOTONIC);
  for (int i = 0; i < MAX_CONNS; i++)
    if (conns[i].state == IDLE && now - conns[i].idle_since > MAX_IDLE_NS) {
      close(conns[i].fd);
      conns[i].state = FREE;
    }
  for (int i = 0; i < MAX_CONNS; i++)
    if (conns[i].state == IDLE) {
      in_flight++;
      send_request(&conns[i]);
      return;
    }
  for (int i = 0; i < MAX_CONNS; i++)
    if (conns[i].state == FREE) {
      open_and_send(&conns[i]);
      return;
    }
  errors++;
  err_busy++;
}

static void answered(struct conn *c) {
  in_flight--;
  c->state = IDLE;
  c->idle_since = now_ns(CLOCK_MONOTONIC);
  if (c->status != 200) {
    errors++;
    err_http++;
    return;
  }
  if (samples < MAX_SAMPLES) {
    int64_t stamp = c->last_stamp ? c->last_stamp : now_ns(CLOCK_REALTIME);
    wire[samples] = (double)(stamp - c->sent_real) / 1e6;
    client[samples] = (double)(now_ns(CLOCK_MONOTONIC) - c->sent_mono) / 1e6;
    samples++;
  }
}

/* Parses the head once it is whole: the status code and Content-Length (the service sends one). */
static int parse_head(struct conn *c, size_t end) {
  c->head[end] = '\0';
  if (sscanf(c->head, "HTTP/1.%*d %ld", &c->status) != 1) return -1;
  for (char *line = strstr(c->head, "\r\n"); line; line = strstr(line + 2, "\r\n"))
    if (strncasecmp(line + 2, "content-length:", 15) == 0) {
      c->body_left = strtol(line + 17, NULL, 10);
      return 0;
    }
  return -1;
}

static void readable(struct conn *c) {
  char buf[65536], ctrl[256];
  for (;;) {
    struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctrl,
                         .msg_controllen = sizeof ctrl};
    ssize_t n = recvmsg(c->fd, &msg, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN)) {
      drop(c, &err_reset);
      return;
    }
    if (n < 0) return;
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
      if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_TIMESTAMPNS) {
        struct timespec ts;
        memcpy(&ts, CMSG_DATA(cm), sizeof ts);
        c->last_stamp = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
      }
    if (c->state != WAITING) continue; /* bytes nobody asked for: ignored */
    size_t off = 0;
    if (!c->in_body) {
      size_t take = (size_t)n < HEAD_MAX - 1 - c->head_len ? (size_t)n : HEAD_MAX - 1 - c->head_len;
      memcpy(c->head + c->head_len, buf, take);
      c->head_len += take;
      c->head[c->head_len] = '\0';
      char *end = strstr(c->head, "\r\n\r\n");
      if (!end && c->head_len >= HEAD_MAX - 1) {
        drop(c, &err_head);
        return;
      }
      if (!end) continue;
      size_t head_end = (size_t)(end - c->head) + 4;
      off = take - (c->head_len - head_end);
      if (parse_head(c, head_end) != 0) {
        drop(c, &err_head);
        return;
      }
      c->in_body = 1;
    }
    c->body_left -= (long)(n - (ssize_t)off);
    if (c->body_left <= 0) answered(c);
  }
}

static void print_list(const char *name, const double *v) {
  printf("\"%s\":[", name);
  for (size_t i = 0; i < samples; i++) printf(i ? ",%.3f" : "%.3f", v[i]);
  printf("]");
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: status-load HOST PORT PATH RATE_PER_S GZIP(0|1)\n");
    return 2;
  }
  double rate = atof(argv[4]);
  if (rate <= 0 || inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) {
    fprintf(stderr, "status-load: bad host %s or rate %s\n", argv[1], argv[4]);
    return 2;
  }
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)atoi(argv[2]));
  request_len = (size_t)snprintf(request, sizeof request,
                                 "GET %s HTTP/1.1\r\nHost: %s:%s\r\n%s\r\n", argv[3], argv[1],
                                 argv[2], atoi(argv[5]) ? "Accept-Encoding: gzip\r\n" : "");
  wire = malloc(MAX_SAMPLES * sizeof *wire);
  client = malloc(MAX_SAMPLES * sizeof *client);
  ep = epoll_create1(0);
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  long period = (long)(1e9 / rate);
  struct itimerspec its = {.it_interval = {period / 1000000000, period % 1000000000},
                           .it_value = {period / 1000000000, period % 1000000000}};
  timerfd_settime(tfd, 0, &its, NULL);
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
  struct epoll_event sev = {.events = EPOLLIN | EPOLLHUP, .data.ptr = &ep};
  epoll_ctl(ep, EPOLL_CTL_ADD, 0, &sev);
  int sending = 1;
  int64_t deadline = 0;
  while (sending || (in_flight > 0 && now_ns(CLOCK_MONOTONIC) < deadline)) {
    struct epoll_event evs[64];
    int n = epoll_wait(ep, evs, 64, 100);
    for (int i = 0; i < n; i++) {
      if (evs[i].data.ptr == NULL) {
        uint64_t expirations = 0;
        if (read(tfd, &expirations, sizeof expirations) > 0 && sending)
          for (uint64_t k = 0; k < expirations; k++) tick();
      } else if (evs[i].data.ptr == &ep) {
        sending = 0;
        deadline = now_ns(CLOCK_MONOTONIC) + 10000000000LL;
        epoll_ctl(ep, EPOLL_CTL_DEL, 0, NULL);
      } else {
        struct conn *c = evs[i].data.ptr;
        if (c->state == CONNECTING && (evs[i].events & EPOLLOUT)) {
          struct epoll_event in = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
          epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &in);
          send_request(c);
        }
        if (c->state != FREE && (evs[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
          readable(c);
      }
    }
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double cpu_ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                  (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
  printf("{\"cpuMs\":%.1f,", cpu_ms);
  print_list("wire", wire);
  printf(",");
  print_list("client", client);
  printf(",\"errors\":%zu,\"errorKinds\":{\"http\":%zu,\"reset\":%zu,\"connect\":%zu,"
         "\"head\":%zu,\"busy\":%zu,\"unanswered\":%zu}}\n",
         errors + in_flight, err_http, err_reset, err_connect, err_head, err_busy, in_flight);
  return 0;
}

/*
 * delay-line: the lab's link delay for kernels without netem.
 *
 * Forwards Ethernet frames between a veth end (AF_PACKET) and a TAP enslaved to the lab's bridge,
 * holding every frame for latency ± jitter in each direction and dropping everything during an outage.
 * Frames keep their GSO size through virtio-net headers on both sides (PACKET_VNET_HDR, IFF_VNET_HDR),
 * so a 1 Gbit/s TCP stream is a few thousand 64 KiB frames a second, not 80 000 small ones.
 *
 * Jitter never reorders: the delay of a direction moves linearly between uniform draws in
 * [latency - jitter, latency + jitter], a new draw every 2 x jitter, so it never falls faster than time
 * passes and a later frame never leaves before an earlier one.
 *
 * Control: one line per connection on a Unix stream socket, answered with one line.
 *   set <latency_ns> <jitter_ns>          -> ok
 *   outage <start_ns> <end_ns>            -> ok        (CLOCK_MONOTONIC; 0 0 clears)
 *   stats                                 -> ok up_frames=… (see reply_stats)
 * "up" is veth -> tap (host to switch), "down" is tap -> veth (switch to host).
 *
 * Exits when its owner process ends (pidfd), on SIGTERM/SIGINT, or when an interface goes away.
 * Prints "ready" on stdout once the TAP exists and both ends are open.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/ethernet.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#define VNET_HDR 10 /* struct virtio_net_hdr, the same on both sides */
#define MAX_FRAME (65536 + 256)
#define BURST 64

typedef struct {
    uint64_t release_ns;
    uint32_t len;
} record_t;

/* One direction: a byte ring of [record_t][frame] entries, in arrival order. */
typedef struct {
    const char *name;
    uint8_t *ring;
    size_t cap, head, tail, used; /* used counts bytes including wrap padding */
    uint64_t last_release;
    /* jitter walk */
    uint64_t epoch_start, epoch_len;
    int64_t d0, d1;
    /* counters */
    uint64_t frames, bytes, drop_outage, drop_full, drop_tx, queued_frames;
} dir_t;

static int64_t latency_ns, jitter_ns;
static uint64_t outage_start, outage_end;
static volatile sig_atomic_t stop;
static uint64_t rng_state;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static uint64_t rng(void) { /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

static int64_t draw_delay(void) {
    if (jitter_ns <= 0) return latency_ns;
    double u = (double)(rng() >> 11) / (double)(1ull << 53); /* [0,1) */
    int64_t d = latency_ns - jitter_ns + (int64_t)(u * 2.0 * (double)jitter_ns);
    return d < 0 ? 0 : d;
}

static void reset_walk(dir_t *d, uint64_t now) {
    d->epoch_start = now;
    d->epoch_len = (uint64_t)(jitter_ns > 500000 ? 2 * jitter_ns : 1000000);
    d->d0 = latency_ns;
    d->d1 = draw_delay();
}

static int64_t delay_at(dir_t *d, uint64_t now) {
    if (jitter_ns <= 0) return latency_ns;
    if (now >= d->epoch_start + d->epoch_len) {
        /* Continue from where the walk ended; after a long idle the next epoch starts now. */
        uint64_t elapsed = now - d->epoch_start;
        uint64_t epochs = elapsed / d->epoch_len;
        d->d0 = d->d1;
        d->d1 = draw_delay();
        d->epoch_start += (epochs == 1 ? d->epoch_len : elapsed);
        if (now >= d->epoch_start + d->epoch_len) d->epoch_start = now;
    }
    double f = (double)(now - d->epoch_start) / (double)d->epoch_len;
    return d->d0 + (int64_t)(f * (double)(d->d1 - d->d0));
}

static int in_outage(uint64_t now) { return outage_end > outage_start && now >= outage_start && now < outage_end; }

/* Reserves room for a frame at the tail; NULL when the ring is full (the frame is dropped, like a full router buffer). */
static uint8_t *ring_reserve(dir_t *d, uint32_t len) {
    size_t need = sizeof(record_t) + len;
    need = (need + 7) & ~(size_t)7;
    if (d->cap - d->tail < need) { /* does not fit before the end: pad to the end and wrap */
        size_t pad = d->cap - d->tail;
        if (d->used + pad + need > d->cap) return NULL;
        if (pad >= sizeof(record_t)) ((record_t *)(d->ring + d->tail))->len = UINT32_MAX; /* wrap marker */
        d->used += pad;
        d->tail = 0;
    }
    if (d->used + need > d->cap) return NULL;
    return d->ring + d->tail;
}

static void ring_commit(dir_t *d, uint32_t len) {
    size_t need = (sizeof(record_t) + len + 7) & ~(size_t)7;
    d->tail = (d->tail + need) % d->cap;
    d->used += need;
    d->queued_frames++;
}

static record_t *ring_head(dir_t *d) {
    if (d->queued_frames == 0) return NULL;
    if (d->cap - d->head < sizeof(record_t) || ((record_t *)(d->ring + d->head))->len == UINT32_MAX) {
        d->used -= d->cap - d->head;
        d->head = 0;
    }
    return (record_t *)(d->ring + d->head);
}

static void ring_pop(dir_t *d) {
    record_t *r = (record_t *)(d->ring + d->head);
    size_t need = (sizeof(record_t) + r->len + 7) & ~(size_t)7;
    d->head = (d->head + need) % d->cap;
    d->used -= need;
    d->queued_frames--;
    if (d->queued_frames == 0) d->head = d->tail = d->used = 0;
}

/* Reads what is waiting on fd (up to BURST frames) into the direction's queue. */
static int ingest(int fd, int is_packet, dir_t *d) {
    for (int i = 0; i < BURST; i++) {
        uint8_t *slot = ring_reserve(d, MAX_FRAME);
        static uint8_t scratch[sizeof(record_t) + MAX_FRAME];
        uint8_t *buf = (slot ? slot : scratch) + sizeof(record_t);
        ssize_t n;
        if (is_packet) {
            struct sockaddr_ll from;
            socklen_t fl = sizeof from;
            n = recvfrom(fd, buf, MAX_FRAME, MSG_TRUNC, (struct sockaddr *)&from, &fl);
            if (n >= 0 && from.sll_pkttype == PACKET_OUTGOING) continue;
        } else {
            n = read(fd, buf, MAX_FRAME);
        }
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) return 0;
            fprintf(stderr, "delay-line: reading %s: %s\n", d->name, strerror(errno));
            return -1;
        }
        if (n > MAX_FRAME) { d->drop_full++; continue; } /* truncated: never forward a cut frame */
        uint64_t now = now_ns();
        if (in_outage(now)) { d->drop_outage++; continue; }
        if (!slot) { d->drop_full++; continue; }
        uint64_t release = now + (uint64_t)delay_at(d, now);
        if (release < d->last_release) release = d->last_release;
        d->last_release = release;
        record_t *r = (record_t *)slot;
        r->release_ns = release;
        r->len = (uint32_t)n;
        ring_commit(d, (uint32_t)n);
    }
    return 0;
}

/* Sends every frame whose time has come; returns 1 when the output is full (wait for POLLOUT). */
static int release_due(int fd, dir_t *d, uint64_t now) {
    record_t *r;
    while ((r = ring_head(d)) && r->release_ns <= now) {
        if (in_outage(now)) {
            d->drop_outage++;
        } else {
            ssize_t n = write(fd, (uint8_t *)r + sizeof(record_t), r->len);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 1;
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) d->drop_tx++; /* ENOBUFS: the shaper's queue is full; the frame is lost like on a wire */
            else { d->frames++; d->bytes += (uint64_t)(r->len - VNET_HDR); }
        }
        ring_pop(d);
    }
    return 0;
}

static void reply_stats(char *out, size_t size, dir_t *up, dir_t *down) {
    snprintf(out, size,
             "ok up_frames=%llu up_bytes=%llu up_drop_outage=%llu up_drop_full=%llu up_drop_tx=%llu up_queued=%llu "
             "down_frames=%llu down_bytes=%llu down_drop_outage=%llu down_drop_full=%llu down_drop_tx=%llu down_queued=%llu "
             "latency_ns=%lld jitter_ns=%lld outage_start=%llu outage_end=%llu\n",
             (unsigned long long)up->frames, (unsigned long long)up->bytes, (unsigned long long)up->drop_outage,
             (unsigned long long)up->drop_full, (unsigned long long)up->drop_tx, (unsigned long long)up->queued_frames,
             (unsigned long long)down->frames, (unsigned long long)down->bytes, (unsigned long long)down->drop_outage,
             (unsigned long long)down->drop_full, (unsigned long long)down->drop_tx, (unsigned long long)down->queued_frames,
             (long long)latency_ns, (long long)jitter_ns, (unsigned long long)outage_start, (unsigned long long)outage_end);
}

/* One command per connection; the client writes its line right after connecting. */
static void serve_control(int listener, dir_t *up, dir_t *down) {
    int c = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0) return;
    char line[256] = {0}, out[1024];
    size_t got = 0;
    struct pollfd p = {.fd = c, .events = POLLIN};
    while (got < sizeof line - 1 && !memchr(line, '\n', got) && poll(&p, 1, 200) > 0) {
        ssize_t n = read(c, line + got, sizeof line - 1 - got);
        if (n <= 0) break;
        got += (size_t)n;
    }
    long long a, b;
    uint64_t now = now_ns();
    if (sscanf(line, "set %lld %lld", &a, &b) == 2 && a >= 0 && b >= 0) {
        latency_ns = a;
        jitter_ns = b;
        reset_walk(up, now);
        reset_walk(down, now);
        snprintf(out, sizeof out, "ok\n");
    } else if (sscanf(line, "outage %lld %lld", &a, &b) == 2 && a >= 0 && b >= a) {
        outage_start = (uint64_t)a;
        outage_end = (uint64_t)b;
        snprintf(out, sizeof out, "ok\n");
    } else if (strncmp(line, "stats", 5) == 0) {
        reply_stats(out, sizeof out, up, down);
    } else {
        snprintf(out, sizeof out, "error unknown command: %.64s\n", line);
    }
    if (write(c, out, strlen(out)) < 0) { /* the client went away; nothing to tell */ }
    close(c);
}

static int open_tap(const char *name) {
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return -1;
    struct ifreq ifr = {0};
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) return -1;
    /* Let the bridge hand us GSO frames with partial checksums, as it gets them from the veth. */
    if (ioctl(fd, TUNSETOFFLOAD, TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN) < 0) return -1;
    return fd;
}

static int open_packet(const char *name) {
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
    if (fd < 0) return -1;
    int one = 1, buf = 16 << 20;
    if (setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof one) < 0) return -1;
    setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof buf);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof buf);
    struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL)};
    struct ifreq ifr = {0};
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0) return -1;
    sll.sll_ifindex = ifr.ifr_ifindex;
    if (sll.sll_ifindex == 0 || bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) return -1;
    struct packet_mreq mr = {.mr_ifindex = sll.sll_ifindex, .mr_type = PACKET_MR_PROMISC};
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr) < 0) return -1;
    return fd;
}

static int open_control(const char *path) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    if (fd < 0 || strlen(path) >= sizeof sun.sun_path) return -1;
    strcpy(sun.sun_path, path);
    unlink(path);
    if (bind(fd, (struct sockaddr *)&sun, sizeof sun) < 0 || listen(fd, 8) < 0) return -1;
    return fd;
}

static void on_signal(int sig) { (void)sig; stop = 1; }

static int die(const char *what, const char *name) {
    fprintf(stderr, "delay-line: %s %s: %s\n", what, name, strerror(errno));
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: delay-line VETH TAP CONTROL_SOCKET OWNER_PID [QUEUE_MIB]\n");
        return 2;
    }
    const char *veth = argv[1], *tap = argv[2], *control = argv[3];
    pid_t owner = (pid_t)atoi(argv[4]);
    size_t queue = (size_t)(argc > 5 ? atol(argv[5]) : 64) << 20;
    if (getrandom(&rng_state, sizeof rng_state, 0) != sizeof rng_state || rng_state == 0) rng_state = 0x9e3779b97f4a7c15ull;

    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    int owner_fd = (int)syscall(SYS_pidfd_open, owner, 0);
    if (owner_fd < 0) return die("watching owner", argv[4]);
    int tap_fd = open_tap(tap);
    if (tap_fd < 0) return die("creating tap", tap);
    int pkt_fd = open_packet(veth);
    if (pkt_fd < 0) return die("opening", veth);
    int ctl_fd = open_control(control);
    if (ctl_fd < 0) return die("listening on", control);

    dir_t up = {.name = veth, .cap = queue}, down = {.name = tap, .cap = queue};
    up.ring = malloc(queue);
    down.ring = malloc(queue);
    if (!up.ring || !down.ring) return die("allocating", "queues");
    reset_walk(&up, now_ns());
    reset_walk(&down, now_ns());
    /* A frame waiting for a busy CPU is latency the lab did not ask for: under load (2 shared cores) the
     * plain scheduler cost a 1 Gbit/s stream ~25 %. Low real-time priority; the process sleeps between frames. */
    struct sched_param sp = {.sched_priority = 10};
    if (sched_setscheduler(0, SCHED_FIFO, &sp) < 0) fprintf(stderr, "delay-line: no real-time priority: %s\n", strerror(errno));
    printf("ready\n");
    fflush(stdout);

    int rc = 0, up_blocked = 0, down_blocked = 0;
    while (!stop) {
        uint64_t now = now_ns();
        up_blocked = release_due(tap_fd, &up, now);
        down_blocked = release_due(pkt_fd, &down, now);

        struct timespec timeout, *tp = NULL;
        uint64_t next = UINT64_MAX;
        record_t *r;
        if (!up_blocked && (r = ring_head(&up)) && r->release_ns < next) next = r->release_ns;
        if (!down_blocked && (r = ring_head(&down)) && r->release_ns < next) next = r->release_ns;
        if (next != UINT64_MAX) {
            uint64_t wait = next > now ? next - now : 0;
            timeout.tv_sec = (time_t)(wait / 1000000000ull);
            timeout.tv_nsec = (long)(wait % 1000000000ull);
            tp = &timeout;
        }
        struct pollfd fds[4] = {
            {.fd = pkt_fd, .events = POLLIN | (down_blocked ? POLLOUT : 0)},
            {.fd = tap_fd, .events = POLLIN | (up_blocked ? POLLOUT : 0)},
            {.fd = ctl_fd, .events = POLLIN},
            {.fd = owner_fd, .events = POLLIN},
        };
        if (ppoll(fds, 4, tp, NULL) < 0) {
            if (errno == EINTR) continue;
            rc = die("polling", "");
            break;
        }
        if (fds[3].revents & POLLIN) break; /* the owner is gone */
        if ((fds[0].revents | fds[1].revents) & (POLLERR | POLLHUP | POLLNVAL)) {
            fprintf(stderr, "delay-line: an interface went away\n");
            rc = 1;
            break;
        }
        if ((fds[0].revents & POLLIN) && ingest(pkt_fd, 1, &up) < 0) { rc = 1; break; }
        if ((fds[1].revents & POLLIN) && ingest(tap_fd, 0, &down) < 0) { rc = 1; break; }
        if (fds[2].revents & POLLIN) serve_control(ctl_fd, &up, &down);
    }
    unlink(control);
    return rc;
}

/*
 * Guest workload for MigrationAspire: fills a share of the guest's free memory
 * once (resident memory), dirties its working set at a controlled rate, checks
 * every page before rewriting it and on request, and reports on the console in
 * protocol v2 (PROTOCOL.md).
 *
 * Parameters come from ma.* keys on the kernel command line (/proc/cmdline);
 * when arguments are given they are used instead, so the program can also be
 * tried on the host: ./workload ma.ws=8 ma.rate=2000
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PAGE_SIZE 4096
#define WORDS (PAGE_SIZE / 8)
#define NS 1000000000LL
#define MS 1000000LL
/* A gap longer than this between two loop turns is a pause (VM stopped, host
 * starved us): re-anchor the clocks instead of catching up in a burst, which
 * would dirty memory at a rate nobody asked for. */
#define PAUSE_NS (100 * MS)
/* Pages written between two looks at the clock when running flat out. */
#define CHUNK 64
#define MAX_E_LINES 16
#define WEYL 0x9E3779B97F4A7C15ULL
/* Resident pages are written once, at boot: generation 1 forever. */
#define RESIDENT_GEN 1
/* Kept free beside the resident memory, so the kernel never runs short: a
 * fixed part for its own allocations, plus 1/256 of what is left for the page
 * tables of the resident memory itself (1/512 of it) and slack. Measured in
 * PROTOCOL.md ("Resident memory"). */
#define MARGIN_FIXED_MIB 4
#define MARGIN_SHIFT 8
/* Resident pages faulted in and filled per madvise call. */
#define RESIDENT_BATCH 1024
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif

enum pattern { SEQUENTIAL, RANDOM, HOTSPOT, SWEEP };
static const char *const pattern_names[] = {"sequential", "random", "hotspot", "sweep"};

static struct {
    uint64_t ws_mib;
    uint64_t rate;
    enum pattern pattern;
    double hot;
    double hotshare;
    uint64_t sweepms;
    uint64_t hb;
    uint64_t seed;
    uint64_t resident;      /* percent of the memory left beside the working set */
} cfg = {64, 1000, SEQUENTIAL, 0.1, 0.9, 1000, 10, 1, 0};

/* Pages are numbered across both regions: the working set is 0 .. npages-1,
 * resident memory npages .. npages+nresident-1. */
static uint64_t *mem;       /* the working set */
static uint64_t *res;       /* resident memory */
static uint32_t *gen;       /* generation last written to each working-set page; 0 = never */
static uint64_t npages;
static uint64_t nresident;
static uint64_t written;    /* page writes since start, fill included */
static uint64_t errors;     /* pages found corrupt since start */
static uint64_t e_lines;
static uint64_t hb_seq;     /* seq of the next heartbeat */
static int64_t hb_ns, next_hb;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

static void sleep_until(int64_t t)
{
    struct timespec ts = {t / NS, t % NS};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

/* One write(2) per line: the console is shared with the kernel, and a line
 * split across writes is more likely to be torn by a printk. */
static void emit(const char *fmt, ...)
{
    char buf[256];
    int n = snprintf(buf, sizeof buf, "MA2 ");
    va_list ap;
    va_start(ap, fmt);
    n += vsnprintf(buf + n, sizeof buf - n - 8, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 8)
        n = sizeof buf - 8;
    unsigned char sum = 0;
    for (int i = 0; i < n; i++)
        sum ^= (unsigned char)buf[i];
    n += snprintf(buf + n, sizeof buf - n, " *%02X\n", sum);
    for (int off = 0; off < n;) {
        ssize_t w = write(STDOUT_FILENO, buf + off, n - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        off += w;
    }
}

/* Called often enough from every loop that heartbeats stay on time. After a
 * gap of more than one period only one line is printed and the schedule
 * restarts from now, so seq stays consecutive and a pause shows up on the
 * host as a gap in arrival times, not as a burst. */
static void heartbeat(int64_t now)
{
    if (now < next_hb)
        return;
    emit("H %" PRIu64 " %" PRIu64 " %" PRIu64, hb_seq++, written, errors);
    next_hb += hb_ns;
    if (next_hb <= now)
        next_hb = now + hb_ns;
}

static uint64_t last_seq(void) { return hb_seq - 1; }

static uint64_t splitmix64(uint64_t x)
{
    x += WEYL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static uint64_t *page_at(uint64_t idx)
{
    return idx < npages ? mem + idx * WORDS : res + (idx - npages) * WORDS;
}

static uint32_t gen_of(uint64_t idx) { return idx < npages ? gen[idx] : RESIDENT_GEN; }

/* Words 0 and 1 are the index and generation, so an E line can say what was
 * found; the rest differ per (index, generation, word) and are cheap enough
 * to write and check at tens of thousands of pages per second under TCG. */
static void fill_page(uint64_t idx, uint32_t g)
{
    uint64_t *p = page_at(idx);
    uint64_t v = splitmix64((idx << 32) ^ g);
    p[0] = idx;
    p[1] = g;
    for (int w = 2; w < WORDS; w++)
        p[w] = v + (uint64_t)w * WEYL;
}

static int page_ok(uint64_t idx, uint32_t g)
{
    const uint64_t *p = page_at(idx);
    uint64_t v = splitmix64((idx << 32) ^ g);
    uint64_t diff = (p[0] ^ idx) | (p[1] ^ g);
    for (int w = 2; w < WORDS; w++)
        diff |= p[w] ^ (v + (uint64_t)w * WEYL);
    return diff == 0;
}

/* Returns 1 when the page does not hold what was last written there. */
static int check_page(uint64_t idx)
{
    uint32_t g = gen_of(idx);
    if (g == 0 || page_ok(idx, g))
        return 0;
    errors++;
    if (e_lines++ < MAX_E_LINES) {
        const uint64_t *p = page_at(idx);
        emit("E %" PRIu64 " %" PRIu32 " %" PRIu64 " %" PRIu64, idx, g, p[0], p[1]);
    }
    return 1;
}

static void write_page(uint64_t idx)
{
    check_page(idx);
    gen[idx]++;
    fill_page(idx, gen[idx]);
    written++;
}

static uint64_t rng_state;

static uint64_t xorshift64(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static uint64_t below(uint64_t n) { return (uint64_t)(((unsigned __int128)xorshift64() * n) >> 64); }

static uint64_t seq_cursor, hot_pages;
static uint64_t hot_threshold; /* hotshare scaled to 2^64 */

static uint64_t next_page(void)
{
    switch (cfg.pattern) {
    case RANDOM:
        return below(npages);
    case HOTSPOT:
        if (hot_pages == npages || xorshift64() < hot_threshold)
            return below(hot_pages);
        return hot_pages + below(npages - hot_pages);
    default: {
        uint64_t i = seq_cursor;
        seq_cursor = i + 1 == npages ? 0 : i + 1;
        return i;
    }
    }
}

/* Verifying 128 MiB takes a while under TCG; heartbeats go on meanwhile so
 * the host does not mistake it for downtime. A bad page is rewritten so the
 * same loss is not counted again at its next rewrite (a resident page gets its
 * one generation back). */
static void verify_all(void)
{
    uint64_t bad = 0, total = npages + nresident, start_seq = last_seq();
    for (uint64_t i = 0; i < total; i++) {
        if (check_page(i)) {
            bad++;
            if (i < npages)
                gen[i]++;
            fill_page(i, gen_of(i));
            written++;
        }
        if ((i & 255) == 255)
            heartbeat(now_ns());
    }
    heartbeat(now_ns());
    emit("V %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64, last_seq(), start_seq, total, bad);
}

/* Test only: n pages of a region are given the contents of their previous
 * generation (a lost write) while the workload still expects the current one.
 * Nothing is counted here; the checks find them. */
static void damage(uint64_t n, const char *region)
{
    uint64_t first = 0, size = npages + nresident;
    if (!strcmp(region, "ws")) {
        size = npages;
    } else if (!strcmp(region, "resident")) {
        first = npages;
        size = nresident;
    } else if (strcmp(region, "all") != 0) {
        return;
    }
    if (n > size)
        n = size;
    for (uint64_t k = 0; k < n; k++) {
        uint64_t idx = first + k * size / n;
        fill_page(idx, gen_of(idx) - 1);
    }
    emit("D %" PRIu64 " %" PRIu64, last_seq(), n);
}

static char cmd[128];
static size_t cmd_len;

/* Returns 1 when a command ran (it may have taken long: callers re-anchor). */
static int poll_commands(void)
{
    struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
    if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & POLLIN))
        return 0;
    char buf[128];
    ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    int ran = 0;
    for (ssize_t i = 0; i < n; i++) {
        char c = buf[i];
        if (c != '\n' && c != '\r') {
            if (cmd_len < sizeof cmd - 1)
                cmd[cmd_len++] = c;
            continue;
        }
        cmd[cmd_len] = 0;
        uint64_t n;
        char region[16] = "all";
        if (strcmp(cmd, "verify") == 0) {
            verify_all();
            ran = 1;
        } else if (sscanf(cmd, "damage %" SCNu64 " %15s", &n, region) >= 1) {
            damage(n, region);
            ran = 1;
        }
        cmd_len = 0;
    }
    return ran;
}

static int ready_sent;
static int64_t ready_t0, fill_ms, resident_ms;
static uint64_t ready_w0;

static void ready_check(int64_t now)
{
    if (ready_sent || now - ready_t0 < NS)
        return;
    uint64_t rate = (uint64_t)((double)(written - ready_w0) * NS / (now - ready_t0) + 0.5);
    emit("READY %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRId64 " %" PRId64 " %" PRIu64,
         last_seq(), npages, nresident, fill_ms, resident_ms, rate);
    ready_sent = 1;
}

static void run_rate(void)
{
    int64_t anchor_t = now_ns(), expected = anchor_t;
    uint64_t anchor_w = written;
    uint64_t batch = cfg.rate / 1000 ? cfg.rate / 1000 : 1; /* about one wake-up per ms */
    for (;;) {
        int64_t now = now_ns();
        if (now - expected > PAUSE_NS) {
            anchor_t = now;
            anchor_w = written;
        }
        uint64_t due = written + CHUNK;
        if (cfg.rate) {
            due = anchor_w + (uint64_t)((unsigned __int128)(now - anchor_t) * cfg.rate / NS);
            int64_t oldest_due = anchor_t + (int64_t)((unsigned __int128)(written - anchor_w + 1) * NS / cfg.rate);
            if (due > written && now - oldest_due > PAUSE_NS) {
                /* More than 100 ms behind although we never paused: the CPU
                 * cannot keep this rate. Drop the backlog rather than let it
                 * grow without bound; the writes per second show the shortfall. */
                anchor_t = now;
                anchor_w = written;
                due = written;
            }
        }
        for (int i = 0; written < due && i < CHUNK; i++)
            write_page(next_page());
        now = now_ns();
        ready_check(now);
        heartbeat(now);
        if (poll_commands()) {
            now = now_ns();
            anchor_t = now;
            anchor_w = written;
        }
        expected = now;
        if (cfg.rate && written >= due) {
            int64_t next_w = anchor_t + (int64_t)(((unsigned __int128)(written - anchor_w + batch) * NS + cfg.rate - 1) / cfg.rate);
            int64_t wake = next_w < next_hb ? next_w : next_hb;
            if (wake > now) {
                sleep_until(wake);
                expected = wake;
            }
        }
    }
}

static void run_sweep(void)
{
    int64_t interval = (int64_t)cfg.sweepms * MS;
    int64_t next_sweep = now_ns();
    for (;;) {
        int64_t now = now_ns();
        ready_check(now);
        if (now >= next_sweep) {
            for (uint64_t i = 0; i < npages; i++) {
                write_page(i);
                if ((i & (CHUNK - 1)) == CHUNK - 1)
                    heartbeat(now_ns());
            }
            next_sweep += interval;
            now = now_ns();
            if (next_sweep < now)
                next_sweep = now; /* the sweep outlasted its interval, or we were paused */
        }
        heartbeat(now);
        poll_commands();
        int64_t wake = next_sweep < next_hb ? next_sweep : next_hb;
        if (wake > now)
            sleep_until(wake);
    }
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || *s == '-')
        return -1;
    *out = v;
    return 0;
}

static int parse_frac(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0 && v <= 1))
        return -1;
    *out = v;
    return 0;
}

static int set_param(const char *key, const char *val)
{
    if (!strcmp(key, "ws"))
        return parse_u64(val, &cfg.ws_mib) || cfg.ws_mib == 0 || cfg.ws_mib > (1 << 20) ? -1 : 0;
    if (!strcmp(key, "rate"))
        return parse_u64(val, &cfg.rate);
    if (!strcmp(key, "pattern")) {
        for (int i = 0; i < 4; i++)
            if (!strcmp(val, pattern_names[i])) {
                cfg.pattern = (enum pattern)i;
                return 0;
            }
        return -1;
    }
    if (!strcmp(key, "hot"))
        return parse_frac(val, &cfg.hot) || cfg.hot == 0 ? -1 : 0;
    if (!strcmp(key, "hotshare"))
        return parse_frac(val, &cfg.hotshare);
    if (!strcmp(key, "sweepms"))
        return parse_u64(val, &cfg.sweepms) || cfg.sweepms == 0 ? -1 : 0;
    if (!strcmp(key, "hb"))
        return parse_u64(val, &cfg.hb) || cfg.hb == 0 ? -1 : 0;
    if (!strcmp(key, "seed"))
        return parse_u64(val, &cfg.seed);
    if (!strcmp(key, "resident"))
        return parse_u64(val, &cfg.resident) || cfg.resident > 100 ? -1 : 0;
    fprintf(stderr, "workload: ignoring unknown parameter ma.%s\n", key);
    return 0;
}

static int parse_token(char *tok)
{
    if (strncmp(tok, "ma.", 3) != 0)
        return 0;
    char *eq = strchr(tok, '=');
    if (!eq) {
        fprintf(stderr, "workload: parameter %s has no value\n", tok);
        return -1;
    }
    *eq = 0;
    if (set_param(tok + 3, eq + 1)) {
        fprintf(stderr, "workload: bad value for %s: %s\n", tok, eq + 1);
        return -1;
    }
    return 0;
}

static int parse_params(int argc, char **argv)
{
    int bad = 0;
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            bad |= parse_token(argv[i]);
        return bad;
    }
    static char line[4096];
    FILE *f = fopen("/proc/cmdline", "r");
    if (!f || !fgets(line, sizeof line, f)) {
        fprintf(stderr, "workload: cannot read /proc/cmdline\n");
        return -1;
    }
    fclose(f);
    for (char *tok = strtok(line, " \t\n"); tok; tok = strtok(NULL, " \t\n"))
        bad |= parse_token(tok);
    return bad;
}

/* The host types commands on the console; echoing them back would put its own
 * input among our lines, and a stray ^C must not end the workload. */
static void quiet_tty(void)
{
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &t) != 0)
        return;
    t.c_lflag &= ~(ECHO | ECHOE | ECHOK | ECHONL | ISIG);
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

/* What the kernel could hand out now, in pages: MemAvailable, less the slab
 * it counts as reclaimable (KReclaimable: the dentries and inodes of the
 * initramfs, ~8.5 MiB here), which it cannot reclaim while the initramfs is
 * the root. 0 when /proc/meminfo cannot say. */
static uint64_t available_pages(void)
{
    char line[128];
    uint64_t kib = 0, reclaimable = 0, v;
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "MemAvailable: %" SCNu64 " kB", &v) == 1)
            kib = v;
        else if (sscanf(line, "KReclaimable: %" SCNu64 " kB", &v) == 1)
            reclaimable = v;
    }
    fclose(f);
    kib = kib > reclaimable ? kib - reclaimable : 0;
    return kib / (PAGE_SIZE / 1024);
}

/* Decided once the working set is in: its pages, its generations and their
 * page tables are then no longer available, so what is left is the memory
 * beside the working set and the guest's own footprint. */
static int map_resident(void)
{
    uint64_t avail = available_pages();
    uint64_t margin = MARGIN_FIXED_MIB * (1024 * 1024 / PAGE_SIZE) + (avail >> MARGIN_SHIFT);
    uint64_t left = avail > margin ? avail - margin : 0;
    nresident = (uint64_t)((unsigned __int128)left * cfg.resident / 100);
    fprintf(stderr, "workload: %" PRIu64 " MiB available beside the working set, %" PRIu64 " MiB kept free; "
            "resident memory %" PRIu64 " %% of the rest: %" PRIu64 " pages\n",
            avail / 256, margin / 256, cfg.resident, nresident);
    if (nresident == 0)
        return 0;
    res = mmap(NULL, nresident * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (res == MAP_FAILED)
        return -1;
    madvise(res, nresident * PAGE_SIZE, MADV_NOHUGEPAGE);
    return 0;
}

/* Faulted in and written in batches, with heartbeats in between: at 2 GiB
 * this takes seconds under TCG, and the host should see the guest alive. */
static int fill_resident(void)
{
    for (uint64_t i = 0; i < nresident; i += RESIDENT_BATCH) {
        uint64_t n = nresident - i < RESIDENT_BATCH ? nresident - i : RESIDENT_BATCH;
        if (madvise(res + i * WORDS, n * PAGE_SIZE, MADV_POPULATE_WRITE) != 0)
            return -1;
        for (uint64_t j = 0; j < n; j++) {
            fill_page(npages + i + j, RESIDENT_GEN);
            written++;
            if ((j & (CHUNK - 1)) == CHUNK - 1)
                heartbeat(now_ns());
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (parse_params(argc, argv))
        return 2;
    quiet_tty();

    npages = cfg.ws_mib * (1024 * 1024 / PAGE_SIZE);
    mem = mmap(NULL, npages * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    gen = mmap(NULL, npages * sizeof *gen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED || gen == MAP_FAILED) {
        fprintf(stderr, "workload: cannot allocate %" PRIu64 " MiB\n", cfg.ws_mib);
        return 3;
    }
    /* Small pages only: khugepaged collapsing the working set into huge pages
     * would copy memory behind our back and blur the dirty rate QEMU sees. */
    madvise(mem, npages * PAGE_SIZE, MADV_NOHUGEPAGE);
    /* Fault everything in before START, so fill_ms is the fill alone, and so
     * that the generations too count as footprint when resident memory is sized. */
    if (madvise(mem, npages * PAGE_SIZE, MADV_POPULATE_WRITE) != 0
        || madvise(gen, npages * sizeof *gen, MADV_POPULATE_WRITE) != 0) {
        fprintf(stderr, "workload: cannot populate %" PRIu64 " MiB\n", cfg.ws_mib);
        return 3;
    }
    if (map_resident() != 0) {
        fprintf(stderr, "workload: cannot map %" PRIu64 " pages of resident memory\n", nresident);
        return 3;
    }
    rng_state = splitmix64(cfg.seed) | 1;
    hot_pages = (uint64_t)(cfg.hot * (double)npages + 0.5);
    if (hot_pages < 1)
        hot_pages = 1;
    if (hot_pages > npages)
        hot_pages = npages;
    hot_threshold = cfg.hotshare >= 1 ? UINT64_MAX : (uint64_t)(cfg.hotshare * 18446744073709551616.0);

    emit("START %" PRIu64 " %" PRIu64 " %" PRIu64 " %s %" PRIu64, npages, nresident, cfg.rate,
         pattern_names[cfg.pattern], cfg.hb);
    hb_ns = (int64_t)cfg.hb * MS;
    int64_t t0 = now_ns();
    next_hb = t0;
    heartbeat(t0);
    if (fill_resident() != 0) {
        fprintf(stderr, "workload: cannot populate %" PRIu64 " pages of resident memory\n", nresident);
        return 3;
    }
    int64_t t1 = now_ns();
    resident_ms = (t1 - t0) / MS;
    for (uint64_t i = 0; i < npages; i++) {
        write_page(i);
        if ((i & (CHUNK - 1)) == CHUNK - 1)
            heartbeat(now_ns());
    }
    ready_t0 = now_ns();
    ready_w0 = written;
    fill_ms = (ready_t0 - t1) / MS;

    if (cfg.pattern == SWEEP)
        run_sweep();
    else
        run_rate();
    return 0;
}

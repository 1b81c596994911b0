/*
 * Scenario 6's flood generator: junk UDP datagrams at a target's ports 137, 138 and 135 at a fixed
 * rate for a bounded time, with sendmmsg in batches of 64, paced by CLOCK_MONOTONIC.
 *
 *   flood TARGET_IP RATE_PER_S SECONDS [UNAUTHORISED_SOURCE_IP]
 *
 * Every datagram is random bytes (20..219 bytes; one in four starts with a plausible NBNS/NBDS/
 * CL-RPC first byte so that parsers get past the first check). When UNAUTHORISED_SOURCE_IP is given
 * (an address of this host outside the target's allowed networks), every other datagram is sent
 * from a socket bound to it, so half the flood is refused by policy and half by the rate limit /
 * parsers. It never sends anywhere but TARGET_IP (a lab host) and prints one line:
 *   flood: sent N datagrams (E send errors) in S s = R/s (asked R0/s)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define VARIANTS 4096
#define MAXLEN 220

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return rng;
}

static int open_socket(const char *bind_ip)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0) { perror("socket"); exit(2); }
    int size = 4 << 20;
    setsockopt(s, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    if (bind_ip) {
        struct sockaddr_in a = { .sin_family = AF_INET };
        if (inet_pton(AF_INET, bind_ip, &a.sin_addr) != 1) { fprintf(stderr, "flood: bad address %s\n", bind_ip); exit(2); }
        if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); exit(2); }
    }
    return s;
}

int main(int argc, char **argv)
{
    if (argc < 4) { fprintf(stderr, "usage: flood TARGET_IP RATE_PER_S SECONDS [UNAUTHORISED_SOURCE_IP]\n"); return 64; }
    const char *target = argv[1];
    double rate = atof(argv[2]), seconds = atof(argv[3]);
    if (rate <= 0 || seconds <= 0) { fprintf(stderr, "flood: rate and seconds must be positive\n"); return 64; }

    static unsigned char payload[VARIANTS][MAXLEN];
    static int length[VARIANTS];
    static const unsigned char first[3] = { 0x00, 0x10, 0x04 }; /* NBNS id hi, NBDS DIRECT_UNIQUE, CL-RPC version */
    for (int i = 0; i < VARIANTS; i++) {
        length[i] = 20 + (int)(next() % 200);
        for (int j = 0; j < length[i]; j++) payload[i][j] = (unsigned char)next();
        if (i % 4 == 0) payload[i][0] = first[i / 4 % 3];
    }

    static struct sockaddr_in dest[3];
    static const int ports[3] = { 137, 138, 135 };
    for (int p = 0; p < 3; p++) {
        dest[p].sin_family = AF_INET;
        dest[p].sin_port = htons(ports[p]);
        if (inet_pton(AF_INET, target, &dest[p].sin_addr) != 1) { fprintf(stderr, "flood: bad target %s\n", target); return 64; }
    }

    int own = open_socket(NULL);
    int foreign = argc > 4 ? open_socket(argv[4]) : -1;

    static struct mmsghdr msgs[BATCH];
    static struct iovec iov[BATCH];
    unsigned long long sent = 0, errors = 0, seq = 0;
    double start = now(), end = start + seconds;
    for (;;) {
        double t = now();
        if (t >= end) break;
        /* How many datagrams should have left by now; send up to one batch of the backlog. */
        unsigned long long due = (unsigned long long)((t - start) * rate);
        if (due <= sent) {
            double wait = (sent + 1) / rate - (t - start);
            if (wait > 0.0002) {
                struct timespec ts = { 0, (long)(wait * 1e9) };
                nanosleep(&ts, NULL);
            }
            continue;
        }
        unsigned long long want = due - sent;
        int n = want > BATCH / 2 ? BATCH / 2 : (int)want;
        /* Each call goes from one socket: alternate batches between own and foreign source. */
        int sock = (foreign >= 0 && (seq / (BATCH / 2)) % 2 == 1) ? foreign : own;
        for (int i = 0; i < n; i++, seq++) {
            int v = (int)(next() % VARIANTS);
            iov[i].iov_base = payload[v];
            iov[i].iov_len = (size_t)length[v];
            memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
            msgs[i].msg_hdr.msg_name = &dest[seq % 3];
            msgs[i].msg_hdr.msg_namelen = sizeof dest[0];
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        int r = sendmmsg(sock, msgs, (unsigned)n, 0);
        if (r < 0) {
            errors += (unsigned long long)n;
            sent += (unsigned long long)n; /* counted as attempted so pacing does not spin */
            if (errno != ENOBUFS && errno != EAGAIN && errno != ECONNREFUSED && errno != EPERM) { perror("sendmmsg"); return 1; }
            continue;
        }
        sent += (unsigned long long)r;
        if (r < n) { errors += (unsigned long long)(n - r); sent += (unsigned long long)(n - r); }
    }
    double elapsed = now() - start;
    unsigned long long ok = sent - errors;
    printf("flood: sent %llu datagrams (%llu send errors) in %.2f s = %.0f/s (asked %.0f/s)\n", ok, errors, elapsed, ok / elapsed, rate);
    return 0;
}

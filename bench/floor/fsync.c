/*
 * Scenario 7's fsync floor (issue #13, bench/README.md): the most commits per second that one
 * commit in flight at full durability can reach on a filesystem. A loop of write(2) of one
 * 128-byte record followed by fdatasync(2) (what SQLite's synchronous=FULL does per WAL commit
 * on Linux), timed with CLOCK_MONOTONIC, for SECONDS seconds.
 *
 *   fsync DIR SECONDS
 *
 * The file DIR/fsync-floor.dat is created 0600, 1 MiB of zeros written and fdatasync'd first, so
 * the records overwrite allocated blocks (as a reused WAL does): no size or extent change, no
 * metadata to flush — the cheapest durable write there is. It is removed at the end.
 * Prints one line:  commits=N seconds=S per_second=R p50_us=A p99_us=B
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RECORD 128
#define REGION (1024 * 1024)
#define MAX_SAMPLES (1 << 20)

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(const double *sorted, long count, double percent)
{
    long index = (long)(percent / 100.0 * (double)count + 0.999999) - 1;
    if (index < 0) index = 0;
    if (index >= count) index = count - 1;
    return sorted[index];
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: fsync DIR SECONDS\n");
        return 64;
    }

    double seconds = atof(argv[2]);
    if (seconds <= 0 || seconds > 600) {
        fprintf(stderr, "fsync: SECONDS must be in (0, 600]\n");
        return 64;
    }

    char path[4096];
    if (snprintf(path, sizeof path, "%s/fsync-floor.dat", argv[1]) >= (int)sizeof path) {
        fprintf(stderr, "fsync: DIR too long\n");
        return 64;
    }

    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "fsync: open %s: %s\n", path, strerror(errno));
        return 66;
    }

    static char zeros[REGION];
    if (write(fd, zeros, sizeof zeros) != (ssize_t)sizeof zeros || fdatasync(fd) != 0 || lseek(fd, 0, SEEK_SET) != 0) {
        fprintf(stderr, "fsync: preparing %s: %s\n", path, strerror(errno));
        close(fd);
        unlink(path);
        return 74;
    }

    double *samples = malloc(sizeof(double) * MAX_SAMPLES);
    if (samples == NULL) {
        close(fd);
        unlink(path);
        return 70;
    }

    char record[RECORD];
    memset(record, 'm', sizeof record);
    record[RECORD - 1] = '\n';
    long commits = 0;
    long offset = 0;
    double began = now_seconds();
    double end = began + seconds;
    double last = began;
    while (last < end) {
        if (offset + RECORD > REGION) {
            if (lseek(fd, 0, SEEK_SET) != 0) break;
            offset = 0;
        }

        double start = now_seconds();
        if (write(fd, record, sizeof record) != (ssize_t)sizeof record || fdatasync(fd) != 0) {
            fprintf(stderr, "fsync: write/fdatasync: %s\n", strerror(errno));
            break;
        }

        last = now_seconds();
        offset += RECORD;
        if (commits < MAX_SAMPLES) samples[commits] = last - start;
        commits++;
    }

    close(fd);
    unlink(path);
    if (commits == 0) {
        free(samples);
        return 74;
    }

    long kept = commits < MAX_SAMPLES ? commits : MAX_SAMPLES;
    qsort(samples, (size_t)kept, sizeof(double), compare);
    double elapsed = last - began;
    printf("commits=%ld seconds=%.3f per_second=%.1f p50_us=%.1f p99_us=%.1f\n",
           commits, elapsed, (double)commits / elapsed, percentile(samples, kept, 50) * 1e6, percentile(samples, kept, 99) * 1e6);
    free(samples);
    return 0;
}

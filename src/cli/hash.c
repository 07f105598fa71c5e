/* Content hashes for incremental builds and shards, and small helpers. */
#include "cli/batch.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

uint64_t cli_hash_str(uint64_t h, const char *s)
{
    return ic_hash_bytes(h, s, strlen(s) + 1);
}

uint64_t cli_hash_mix(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

int cli_hash_file(uint64_t *h, const char *path)
{
    int fd = ic_open_regular(path, NULL, NULL);
    if (fd < 0)
        return -1;
    uint64_t s = *h;
    unsigned char buf[65536];
    unsigned long long total = 0;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            close(fd);
            return -1;
        }
        if (r == 0)
            break;
        s = ic_hash_bytes(s, buf, (size_t)r);
        total += (unsigned long long)r;
    }
    close(fd);
    /* the length too, so that "ab"+"c" and "a"+"bc" differ across files */
    *h = ic_hash_bytes(s, &total, sizeof total);
    return 0;
}

double cli_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void cli_strv_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

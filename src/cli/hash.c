/* Content hashes for incremental builds and shards, and small file helpers. */
#include "cli/batch.h"
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FNV_PRIME UINT64_C(0x100000001b3)

uint64_t cli_hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= FNV_PRIME;
    }
    return h;
}

uint64_t cli_hash_str(uint64_t h, const char *s)
{
    return cli_hash_bytes(h, s, strlen(s) + 1);
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
    int fd = open(path, O_RDONLY);
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
        s = cli_hash_bytes(s, buf, (size_t)r);
        total += (unsigned long long)r;
    }
    close(fd);
    /* the length too, so that "ab"+"c" and "a"+"bc" differ across files */
    *h = cli_hash_bytes(s, &total, sizeof total);
    return 0;
}

char *cli_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0) {
            if (ferror(f)) {
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = n;
    }
    return buf;
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

static void io_error(ic_error *err, const char *path, const char *what)
{
    err->code = IC_ERR_IO;
    snprintf(err->file, sizeof err->file, "%.1000s", path);
    snprintf(err->message, sizeof err->message, "%s: %s", what, strerror(errno));
}

int cli_write_atomic(const char *path, const char *data, size_t len, ic_error *err)
{
    char tmp[4200];
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(tmp, sizeof tmp, "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
    else
        snprintf(tmp, sizeof tmp, ".%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        io_error(err, path, "cannot create a temporary file");
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            io_error(err, path, "cannot write");
            close(fd);
            unlink(tmp);
            return -1;
        }
        off += (size_t)w;
    }
    (void)fchmod(fd, 0644);
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        io_error(err, path, "cannot write");
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* Content hashes for incremental builds and shards, and small file helpers. */
#include "cli/batch.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "core/util.h"
#include "output/atomic.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* A dead process's leftover: a temporary file is removed; a backup is
 * removed when its file is in place, else put back (the process died
 * between moving the old file aside and putting the new one in). */
static void sweep_one(const char *dir, const char *path, const char *name, int backup, size_t base_len)
{
    if (!backup) {
        (void)unlink(path);
        return;
    }
    ic_buf final = IC_BUF_INIT;
    ic_buf_printf(&final, "%s/%.*s", dir, (int)base_len, name + 1);
    if (!final.failed) {
        if (access(final.data, F_OK) == 0)
            (void)unlink(path);
        else
            (void)rename(path, final.data);
    }
    ic_buf_free(&final);
}

/* One directory of cli_sweep_temps; `depth` bounds the recursion. */
static void sweep_dir(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        ic_buf path = IC_BUF_INIT;
        ic_buf_printf(&path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (!path.failed && lstat(path.data, &st) == 0) {
            int backup = 0;
            size_t base_len = 0;
            long pid = S_ISREG(st.st_mode) ? ic_atomic_stray_owner(e->d_name, &backup, &base_len) : 0;
            /* ESRCH: no such process. EPERM means it is alive (another user's). */
            if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH)
                sweep_one(dir, path.data, e->d_name, backup, base_len);
            else if (S_ISDIR(st.st_mode) && e->d_name[0] != '.' && depth < 64)
                sweep_dir(path.data, depth + 1); /* outputs never go to hidden directories */
        }
        ic_buf_free(&path);
    }
    closedir(d);
}

void cli_sweep_temps(const char *out)
{
    sweep_dir(out, 0);
}

/* What a killed build left in OUTDIR: the atomic writer's temporary and
 * backup files of processes of this host that no longer run (see
 * output/atomic.h). */
#include "cli/batch.h"
#include "core/buf.h"
#include "output/atomic.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
static void sweep_dir(const char *dir, const char *host, int depth)
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
            long pid = S_ISREG(st.st_mode) ? ic_atomic_stray_owner(e->d_name, host, &backup, &base_len) : 0;
            /* ESRCH: no such process. EPERM means it is alive (another user's). */
            if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH)
                sweep_one(dir, path.data, e->d_name, backup, base_len);
            else if (S_ISDIR(st.st_mode) && e->d_name[0] != '.' && depth < 64)
                sweep_dir(path.data, host, depth + 1); /* outputs never go to hidden directories */
        }
        ic_buf_free(&path);
    }
    closedir(d);
}

void cli_sweep_temps(const char *out)
{
    char host[9];
    ic_atomic_host_tag(host);
    sweep_dir(out, host, 0);
}

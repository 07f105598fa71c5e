#include "output/atomic.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Six characters for a temporary name; unique enough with O_EXCL retries. */
static void random_suffix(char out[7])
{
    static atomic_uint counter;
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long long x = (unsigned long long)ts.tv_nsec * 2654435761u ^ (unsigned long long)ts.tv_sec ^
                           ((unsigned long long)atomic_fetch_add(&counter, 1) << 32);
    for (int i = 0; i < 6; i++) {
        out[i] = digits[x % 36];
        x /= 36;
    }
    out[6] = '\0';
}

void ic_atomic_host_tag(char out[9])
{
    /* a hash of the host name: processes of other machines or containers
     * sharing a directory are never taken for dead ones here */
    char host[256] = "";
    if (gethostname(host, sizeof host - 1) != 0)
        host[0] = '\0';
    ic_hash_hex8(ic_hash_bytes(IC_HASH_INIT, host, strlen(host)), out);
}

/* A sibling of `path` named `.<base><tag><host>-<pid>-<suffix>`. */
static char *sibling(const char *path, const char *tag)
{
    char *dir = ic_path_dirname(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char suffix[7], host[9];
    random_suffix(suffix);
    ic_atomic_host_tag(host);
    char *s = dir ? ic_asprintf("%s/.%s%s%s-%ld-%s", dir, base, tag, host, (long)getpid(), suffix) : NULL;
    free(dir);
    return s;
}

long ic_atomic_stray_owner(const char *name, const char *host, int *backup, size_t *base_len)
{
    static const char *const tags[2] = {IC_ATOMIC_TAG, IC_ATOMIC_BACKUP_TAG};
    for (int k = 0; k < 2; k++) {
        /* the last occurrence: a file's own name may hold the tag */
        const char *tag = NULL;
        for (const char *p = strstr(name, tags[k]); p; p = strstr(p + 1, tags[k]))
            tag = p;
        if (name[0] != '.' || !tag || tag == name + 1)
            continue;
        const char *h = tag + strlen(tags[k]);
        if (strncmp(h, host, 8) != 0 || h[8] != '-')
            continue;
        const char *digits = h + 9;
        char *end;
        errno = 0;
        long pid = strtol(digits, &end, 10);
        if (errno || end == digits || digits[0] < '0' || digits[0] > '9' || pid <= 0 || *end != '-' ||
            strlen(end + 1) != 6)
            continue;
        if (backup)
            *backup = k == 1;
        if (base_len)
            *base_len = (size_t)(tag - name) - 1;
        return pid;
    }
    return 0;
}

int ic_atomic_open(ic_atomic *a, const char *path, ic_error *err)
{
    memset(a, 0, sizeof *a);
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode))
        return ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot write output: exists and is not a regular file");
    if (exists && (st.st_mode & 0222) == 0)
        return ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot write output: the file is read-only");
    if (!(a->path = ic_strdup(path)))
        return ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
    int fd = -1, e = 0;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        free(a->tmp);
        if (!(a->tmp = sibling(path, IC_ATOMIC_TAG))) {
            ic_atomic_abort(a);
            return ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
        }
        /* 0666: the kernel applies the umask, as for any new file */
        fd = open(a->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        e = errno;
        if (fd < 0 && e != EEXIST)
            break;
    }
    if (fd < 0) {
        free(a->tmp);
        a->tmp = NULL;
        ic_atomic_abort(a);
        return ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot create output: %s", strerror(e));
    }
    if (exists)
        (void)fchmod(fd, st.st_mode & 07777); /* a replaced file keeps its mode */
    a->f = fdopen(fd, "wb");
    if (!a->f) {
        e = errno;
        close(fd);
        ic_atomic_abort(a);
        return ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot open output: %s", strerror(e));
    }
    return 0;
}

int ic_atomic_finish(ic_atomic *a, ic_error *err)
{
    if (!a->f)
        return 0;
    int e = 0;
    errno = 0;
    if (fflush(a->f) != 0 || ferror(a->f))
        e = errno ? errno : EIO;
    if (!e && fsync(fileno(a->f)) != 0 && errno != EINVAL)
        e = errno;
    if (fclose(a->f) != 0 && !e)
        e = errno;
    a->f = NULL;
    if (!e)
        return 0;
    ic_error_set(err, IC_ERR_IO, a->path, 0, 0, "cannot write output: %s", strerror(e));
    ic_atomic_abort(a);
    return -1;
}

/* Hard links are not available on every file system (FAT, many network
 * mounts): there the replaced file itself is moved aside. */
static int link_unsupported(int e)
{
    return e == EPERM || e == ENOTSUP || e == EOPNOTSUPP || e == EXDEV || e == EMLINK || e == ENOSYS;
}

/* Keeps the file `a` replaces (if any) under a backup name, for a roll-back.
 * Returns 0 or an errno-style code. */
static int keep_previous(ic_atomic *a, const ic_atomic_ops *ops)
{
    if (access(a->path, F_OK) != 0)
        return 0;
    int e = 0;
    for (int attempt = 0; attempt < 100; attempt++) {
        free(a->backup);
        if (!(a->backup = sibling(a->path, IC_ATOMIC_BACKUP_TAG)))
            return ENOMEM;
        if (access(a->backup, F_OK) == 0)
            continue;
        if (ops->link(a->path, a->backup) == 0)
            return 0;
        e = errno;
        if (link_unsupported(e)) {
            a->moved = 1; /* moved just before the new file goes in */
            return 0;
        }
        if (e != EEXIST)
            break;
    }
    free(a->backup);
    a->backup = NULL;
    return e ? e : EEXIST;
}

/* Puts the replaced file back (or removes the new one when there was none).
 * Should even that fail, the previous file stays under its backup name
 * rather than being deleted. */
static void roll_back(ic_atomic *a, const ic_atomic_ops *ops)
{
    if (!a->backup)
        unlink(a->path);
    else if (ops->rename(a->backup, a->path) != 0)
        a->keep_backup = 1;
    else {
        free(a->backup);
        a->backup = NULL;
    }
    a->renamed = 0;
}

static void release(ic_atomic *a)
{
    if (a->backup && !a->keep_backup)
        unlink(a->backup);
    free(a->backup);
    a->backup = NULL;
    ic_atomic_abort(a);
}

int ic_atomic_install_all(ic_atomic *files, size_t n, const ic_atomic_ops *ops, ic_error *err)
{
    static const ic_atomic_ops system_ops = {rename, link};
    if (!ops)
        ops = &system_ops;
    size_t i = 0;
    int e = 0;
    const char *what = "cannot write output";
    for (i = 0; i < n; i++) {
        if ((e = keep_previous(&files[i], ops)) != 0) {
            what = "cannot keep the previous file while replacing it";
            goto fail;
        }
    }
    for (i = 0; i < n; i++) {
        ic_atomic *a = &files[i];
        errno = 0;
        if (a->moved && ops->rename(a->path, a->backup) != 0) {
            e = errno ? errno : EIO;
            free(a->backup); /* nothing was moved */
            a->backup = NULL;
            goto fail;
        }
        errno = 0;
        if (ops->rename(a->tmp, a->path) != 0) {
            e = errno ? errno : EIO;
            if (a->moved)
                a->renamed = 1; /* the roll-back moves the previous file back */
            goto fail;
        }
        a->renamed = 1;
        free(a->tmp);
        a->tmp = NULL;
    }
    for (i = 0; i < n; i++)
        release(&files[i]);
    return 0;
fail:;
    const char *path = files[i < n ? i : n - 1].path;
    const char *kept = NULL;
    for (size_t k = 0; k < n; k++) {
        if (files[k].renamed)
            roll_back(&files[k], ops);
        if (files[k].keep_backup && !kept)
            kept = files[k].backup;
    }
    if (kept)
        ic_error_set(err, IC_ERR_IO, path, 0, 0, "%s: %s (and a roll-back failed: the previous file is kept as %s)",
                     what, strerror(e), kept);
    else
        ic_error_set(err, IC_ERR_IO, path, 0, 0, "%s: %s (no file was changed)", what, strerror(e));
    for (size_t k = 0; k < n; k++)
        release(&files[k]);
    return -1;
}

int ic_atomic_commit_all(ic_atomic *files, size_t n, const ic_atomic_ops *ops, ic_error *err)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (rc == 0 && ic_atomic_finish(&files[i], err) != 0)
            rc = -1;
    if (rc == 0)
        return ic_atomic_install_all(files, n, ops, err);
    for (size_t i = 0; i < n; i++)
        ic_atomic_abort(&files[i]);
    return -1;
}

void ic_atomic_abort(ic_atomic *a)
{
    if (a->f)
        fclose(a->f);
    if (a->tmp)
        unlink(a->tmp);
    free(a->tmp);
    free(a->path);
    free(a->backup);
    memset(a, 0, sizeof *a);
}

int ic_atomic_write(const char *path, const void *data, size_t len, ic_error *err)
{
    ic_atomic a;
    if (ic_atomic_open(&a, path, err) != 0)
        return -1;
    if (len && fwrite(data, 1, len, a.f) != len) {
        int e = errno;
        ic_atomic_abort(&a);
        return ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot write output: %s", strerror(e));
    }
    return ic_atomic_commit_all(&a, 1, NULL, err);
}

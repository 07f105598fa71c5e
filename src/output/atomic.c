#include "output/atomic.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ic_atomic_open(ic_atomic *a, const char *path, ic_error *err)
{
    memset(a, 0, sizeof *a);
    char *dir = ic_path_dirname(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    a->path = ic_strdup(path);
    a->tmp = dir ? ic_asprintf("%s/.%s.XXXXXX", dir, base) : NULL;
    free(dir);
    if (!a->path || !a->tmp) {
        ic_atomic_abort(a);
        return ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        int e = errno;
        free(a->tmp);
        a->tmp = NULL;
        ic_atomic_abort(a);
        return ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot create output: %s", strerror(e));
    }
    fchmod(fd, 0644);
    a->f = fdopen(fd, "wb");
    if (!a->f) {
        close(fd);
        ic_atomic_abort(a);
        return ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot open output: %s", strerror(errno));
    }
    return 0;
}

int ic_atomic_commit(ic_atomic *a, ic_error *err)
{
    int failed = ferror(a->f) != 0;
    int e = errno;
    if (fclose(a->f) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    a->f = NULL;
    if (!failed && rename(a->tmp, a->path) != 0) {
        failed = 1;
        e = errno;
    }
    if (failed) {
        ic_error_set(err, IC_ERR_IO, a->path, 0, 0, "cannot write output: %s", strerror(e));
        ic_atomic_abort(a);
        return -1;
    }
    free(a->tmp);
    free(a->path);
    a->tmp = a->path = NULL;
    return 0;
}

void ic_atomic_abort(ic_atomic *a)
{
    if (a->f)
        fclose(a->f);
    if (a->tmp)
        unlink(a->tmp);
    free(a->tmp);
    free(a->path);
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
    return ic_atomic_commit(&a, err);
}

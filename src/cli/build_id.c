/* What identifies the running program in the cache keys of `build`, so that
 * any rebuild of it invalidates what it drew.
 *
 * Where the system is ELF with GNU notes (Linux, the BSDs), the linker's
 * build ID (.note.gnu.build-id: a hash of the whole executable that the
 * linker writes at link time) is read from memory: it costs nothing, where
 * hashing the executable file took a few milliseconds of every no-change run.
 * Elsewhere, or without a build ID, the program's own file is hashed. */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "cli/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<link.h>) && __has_include(<elf.h>)
#include <elf.h>
#include <link.h>
#ifdef NT_GNU_BUILD_ID
#define HAVE_ELF_BUILD_ID 1
#endif
#endif
#endif

static const char *program_argv0; /* set once by main, before any thread */

void cli_set_argv0(const char *argv0)
{
    program_argv0 = argv0;
}

#ifdef HAVE_ELF_BUILD_ID
typedef struct found {
    unsigned char *out;
    size_t max, n;
} found;

/* The first object dl_iterate_phdr reports is the program itself. */
static int visit(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    found *f = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE)
            continue;
        const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
        const unsigned char *end = p + ph->p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)(const void *)p;
            size_t name = (nh->n_namesz + 3) & ~(size_t)3, desc = (nh->n_descsz + 3) & ~(size_t)3;
            const unsigned char *d = p + sizeof *nh + name;
            if (d + nh->n_descsz > end)
                break;
            if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && memcmp(p + sizeof *nh, "GNU", 4) == 0) {
                f->n = nh->n_descsz < f->max ? nh->n_descsz : f->max;
                memcpy(f->out, d, f->n);
                return 1;
            }
            p = d + desc;
        }
    }
    return 1; /* only the program itself */
}
#endif

size_t cli_build_id(unsigned char *out, size_t max)
{
    const char *off = getenv("INFOCHART_NO_BUILD_ID"); /* tests the fallback where ELF is at hand */
    if (off && *off && strcmp(off, "0") != 0)
        return 0;
#ifdef HAVE_ELF_BUILD_ID
    found f = {out, max, 0};
    dl_iterate_phdr(visit, &f);
    return f.n;
#else
    (void)out;
    (void)max;
    return 0;
#endif
}

int cli_program_path(char *buf, size_t size)
{
    if (access("/proc/self/exe", R_OK) == 0) {
        snprintf(buf, size, "/proc/self/exe");
        return 0;
    }
    const char *a = program_argv0;
    if (!a || !*a)
        return -1;
    if (strchr(a, '/'))
        return snprintf(buf, size, "%s", a) < (int)size ? 0 : -1;
    /* a bare name: the shell found it through PATH, so look the same way */
    const char *path = getenv("PATH");
    for (const char *p = path ? path : ""; *p;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        int n = snprintf(buf, size, "%.*s/%s", (int)len, len ? p : ".", a);
        if (n > 0 && n < (int)size && access(buf, X_OK) == 0)
            return 0;
        p += len + (colon ? 1 : 0);
    }
    return -1;
}

/* ic_fonts_default_dir: where the bundled fonts are, for a program that was
 * given no --fonts. In order:
 *   1. INFOCHART_FONTS, when set and not empty;
 *   2. the installed fonts beside this code: IC_FONTS_RELATIVE (e.g.
 *      "../share/infochart/fonts", set at configure time) from the directory
 *      of the shared library, or of the program when it is linked with the
 *      static library (dladdr names whichever holds this code; without
 *      dladdr, /proc/self/exe names the program);
 *   3. the source tree's fonts (IC_FONTS_DIR): build-tree runs and tests;
 *   4. the install prefix's fonts (IC_FONTS_INSTALL_DIR): a program placed
 *      elsewhere, linked with an installed libinfochart.a.
 * A directory counts when it holds Inter-Regular.otf, the one font that is
 * required. When none does, the source tree's path is returned so that the
 * error names it. */

/* dladdr and Dl_info are extensions: glibc shows them with _GNU_SOURCE,
 * macOS with _DARWIN_C_SOURCE; the BSDs hide them when _POSIX_C_SOURCE (given
 * to every file of the library) is defined, and show them otherwise. */
#if defined(__APPLE__)
#define _DARWIN_C_SOURCE
#elif defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__) || defined(__DragonFly__)
#undef _POSIX_C_SOURCE
#elif !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif

#include "infochart.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static char installed_dir[PATH_MAX];
static pthread_once_t installed_once = PTHREAD_ONCE_INIT;

#if defined(IC_FONTS_RELATIVE) || defined(IC_FONTS_INSTALL_DIR)
/* 1 when `dir` holds the required font. */
static int has_fonts(const char *dir)
{
    char path[PATH_MAX];
    int n = snprintf(path, sizeof path, "%s/Inter-Regular.otf", dir);
    return n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0;
}
#endif

#ifdef IC_FONTS_RELATIVE
/* The absolute path of the file this code was loaded from (the shared
 * library, or the program linked with the static one) into `buf` (PATH_MAX
 * bytes); 0, or -1 when it cannot be told. */
static int own_file(char *buf)
{
    Dl_info info;
    /* dladdr takes any address inside the object: a variable of this file */
    int found = dladdr(installed_dir, &info) != 0 && info.dli_fname && info.dli_fname[0];
    /* glibc names a library by its absolute path, but the program by its
     * argv[0] ("infochart" when found through PATH): /proc tells the truth */
    if (found && info.dli_fname[0] == '/' && realpath(info.dli_fname, buf))
        return 0;
#if defined(__linux__)
    ssize_t n = readlink("/proc/self/exe", buf, PATH_MAX - 1);
    if (n > 0) {
        buf[n] = '\0';
        return 0;
    }
#endif
    return found && realpath(info.dli_fname, buf) ? 0 : -1;
}

/* The directory IC_FONTS_RELATIVE names from the directory of own_file()
 * into `buf` (PATH_MAX bytes) when it holds the fonts; 0 or -1. */
static int fonts_beside_self(char *buf)
{
    char self[PATH_MAX];
    char dir[PATH_MAX];
    if (own_file(self) != 0)
        return -1;
    char *slash = strrchr(self, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    int n = snprintf(dir, sizeof dir, "%s/%s", self, IC_FONTS_RELATIVE);
    if (n < 0 || (size_t)n >= sizeof dir || !has_fonts(dir))
        return -1;
    return realpath(dir, buf) ? 0 : -1;
}
#endif

/* Fills installed_dir with the first directory of 2-4 (above) that holds
 * the fonts, else IC_FONTS_DIR. Runs once. */
static void find_installed_dir(void)
{
#ifdef IC_FONTS_RELATIVE
    if (fonts_beside_self(installed_dir) == 0)
        return;
#endif
#ifdef IC_FONTS_INSTALL_DIR
    if (!has_fonts(IC_FONTS_DIR) && has_fonts(IC_FONTS_INSTALL_DIR)) {
        snprintf(installed_dir, sizeof installed_dir, "%s", IC_FONTS_INSTALL_DIR);
        return;
    }
#endif
    snprintf(installed_dir, sizeof installed_dir, "%s", IC_FONTS_DIR);
}

const char *ic_fonts_default_dir(void)
{
    const char *env = getenv("INFOCHART_FONTS");
    if (env && env[0])
        return env;
    if (pthread_once(&installed_once, find_installed_dir) != 0)
        return IC_FONTS_DIR;
    return installed_dir;
}

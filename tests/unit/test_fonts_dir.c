/* ic_fonts_default_dir: INFOCHART_FONTS wins; in the build tree the source
 * tree's fonts are found; a program placed in an installed tree (PREFIX/bin,
 * with PREFIX/share/infochart/fonts) finds the fonts there, whether started
 * by its path or through PATH, from any working directory.
 *
 * A bundled font that cannot be read says how to choose the directory; a
 * theme's font file does not (the theme names it).
 *
 * The last part copies this test program into a temporary tree and runs the
 * copy with "--print", which prints what ic_fonts_default_dir() returns. */
#include "check.h"
#include "infochart.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int copy_file(const char *from, const char *to, mode_t mode)
{
    FILE *in = fopen(from, "rb");
    FILE *out = fopen(to, "wb");
    int rc = in && out ? 0 : -1;
    char buf[65536];
    size_t n;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            rc = -1;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        rc = -1;
    return rc == 0 ? chmod(to, mode) : -1;
}

/* Runs `argv` (argv[0] looked up in PATH when it has no slash) from `cwd`
 * with `path_env` as PATH and no INFOCHART_FONTS; its stdout's first line
 * goes into `line`. Returns the exit status, or -1. */
static int run(char *const argv[], const char *cwd, const char *path_env, char *line, size_t size)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        unsetenv("INFOCHART_FONTS");
        setenv("PATH", path_env, 1);
        if (chdir(cwd) != 0)
            _exit(126);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    line[0] = '\0';
    if (f && fgets(line, (int)size, f))
        line[strcspn(line, "\n")] = '\0';
    if (f)
        fclose(f);
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--print") == 0) {
        puts(ic_fonts_default_dir());
        return 0;
    }

    /* the environment variable wins, read at each call */
    setenv("INFOCHART_FONTS", "/somewhere/fonts", 1);
    CHECK_STR(ic_fonts_default_dir(), "/somewhere/fonts");
    setenv("INFOCHART_FONTS", "", 1); /* empty: as if unset */

    /* build tree: the source tree's fonts; the same string every time */
    const char *dir = ic_fonts_default_dir();
    CHECK_STR(dir, IC_SOURCE_DIR "/fonts");
    CHECK(ic_fonts_default_dir() == dir);
    unsetenv("INFOCHART_FONTS");

    /* messages for fonts that cannot be read */
    ic_error err = {0};
    CHECK(ic_fonts_load("/nonexistent/fonts", &err) == NULL);
    CHECK_STR(err.file, "/nonexistent/fonts/Inter-Regular.otf");
    CHECK_STR(err.message, "cannot read font file (set the fonts directory with --fonts DIR or INFOCHART_FONTS)");
    char theme_path[] = "/tmp/ic_fonts_theme_XXXXXX";
    int fd = mkstemp(theme_path);
    CHECK(fd >= 0);
    FILE *tf = fdopen(fd, "w");
    CHECK(tf != NULL);
    if (tf) {
        fputs("{\"fonts\": {\"regular\": \"/nonexistent/Brand.ttf\"}}\n", tf);
        fclose(tf);
    }
    memset(&err, 0, sizeof err);
    ic_theme *theme = ic_theme_load(theme_path, &err);
    CHECK(theme == NULL);
    CHECK(strstr(err.message, "cannot read font file") != NULL);
    CHECK(strstr(err.message, "INFOCHART_FONTS") == NULL);
    ic_theme_free(theme);
    unlink(theme_path);

    /* an installed tree, made in a temporary directory */
    char root[] = "/tmp/ic_fonts_dir_XXXXXX";
    CHECK(mkdtemp(root) != NULL);
    char bin[256], share[256], fonts[256], prog[512]; /* root is short */
    snprintf(bin, sizeof bin, "%s/bin", root);
    snprintf(share, sizeof share, "%s/share", root);
    snprintf(fonts, sizeof fonts, "%s/share/infochart", root);
    CHECK(mkdir(bin, 0755) == 0 && mkdir(share, 0755) == 0 && mkdir(fonts, 0755) == 0);
    snprintf(fonts, sizeof fonts, "%s/share/infochart/fonts", root);
    CHECK(mkdir(fonts, 0755) == 0);
    snprintf(prog, sizeof prog, "%s/test_fonts_dir", bin);
    CHECK(copy_file("/proc/self/exe", prog, 0755) == 0);

    /* a fonts directory without Inter-Regular.otf does not count */
    char line[PATH_MAX];
    char *by_path[] = {prog, "--print", NULL};
    CHECK(run(by_path, "/", "/usr/bin:/bin", line, sizeof line) == 0);
    CHECK_STR(line, IC_SOURCE_DIR "/fonts");

    char font[512];
    snprintf(font, sizeof font, "%s/Inter-Regular.otf", fonts);
    CHECK(copy_file(IC_SOURCE_DIR "/fonts/Inter-Regular.otf", font, 0644) == 0);

    /* started by its absolute path, from / */
    CHECK(run(by_path, "/", "/usr/bin:/bin", line, sizeof line) == 0);
    CHECK_STR(line, fonts);

    /* started through PATH (argv[0] has no directory), from elsewhere */
    char *by_name[] = {"test_fonts_dir", "--print", NULL};
    char path_env[512];
    snprintf(path_env, sizeof path_env, "%s:/usr/bin:/bin", bin);
    CHECK(run(by_name, share, path_env, line, sizeof line) == 0);
    CHECK_STR(line, fonts);

    /* started by a relative path */
    char *relative[] = {"./bin/test_fonts_dir", "--print", NULL};
    CHECK(run(relative, root, "/usr/bin:/bin", line, sizeof line) == 0);
    CHECK_STR(line, fonts);

    unlink(font);
    unlink(prog);
    rmdir(fonts);
    snprintf(fonts, sizeof fonts, "%s/share/infochart", root);
    rmdir(fonts);
    rmdir(share);
    rmdir(bin);
    rmdir(root);
    return CHECK_DONE();
}

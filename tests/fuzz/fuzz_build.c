/* libFuzzer target: one `infochart build` pass (src/cli: build.c, cache.c,
 * pool.c, report.c, hash.c, common.c) on files made from the fuzzer's bytes.
 *
 * The input is split at lines "--8<--" into up to six parts:
 *
 *     0  IN/chart.json            a spec
 *     1  IN/data.csv              a CSV
 *     2  OUT/.infochart-cache     the cache an earlier build left
 *     3  IN/sub/more.json         a second spec, in a sub-directory
 *     4  IN/sub/data.csv          its CSV
 *     5  flags, one letter each:  f --force, s --shard 1/2, S --shard 2/2,
 *                                 q -q, n no --report, 2 a second pass
 *
 * A part that is absent gives no file. Everything lives in a sandbox made
 * once per process (mkdtemp under $TMPDIR, else /tmp) and emptied after each
 * input: IN/ and OUT/ are its sub-directories "in" and "out", the report is
 * "report.json" in it. The pass runs in-process as
 *     cmd_build(IN --out OUT --report REPORT -j 1 [flags])
 * with stdout and stderr (the FILE pointers, not the descriptors, so
 * libFuzzer's and the sanitizers' reports still show) sent to /dev/null;
 * IC_FUZZ_VERBOSE=1 keeps the program's output.
 *
 * Inputs whose specs name a CSV other than a plain file name (no '/', not
 * "." or "..") are skipped, so the target never reads files outside the
 * sandbox; so are specs over 5 million pixels (width x height x scale^2),
 * which would only measure how long a large PNG takes.
 *
 * Checked (a failed check is __builtin_trap, so libFuzzer saves the input):
 *   - no crash, sanitizer report or leak;
 *   - the exit status is 0 or 1 (the arguments are always valid);
 *   - the input files are unchanged, and nothing but the report and files
 *     under OUT was created; no temporary file is left;
 *   - the report is JSON whose summary counts its charts; each chart is
 *     "rendered", "up-to-date" or "failed" and the exit status is 1 exactly
 *     when one failed; the outputs of the others exist under OUT and are
 *     distinct (facet values never share a file name);
 *   - the cache starts with its header and ends with a line break;
 *   - with flag 2: a second pass (no --force) over the same files finds every
 *     chart the first pass rendered up to date. */
#include "cli/cli.h"
#include "spec/spec.h"

#include <dirent.h>
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_check.h"

#define SEPARATOR "--8<--\n"
#define NPARTS 6

/* where each part goes, relative to the sandbox; NULL: the flags */
static const char *const part_path[NPARTS] = {
    "in/chart.json", "in/data.csv", "out/.infochart-cache", "in/sub/more.json", "in/sub/data.csv", NULL,
};

static char g_root[PATH_MAX]; /* the sandbox */
static FILE *g_null;          /* /dev/null, for the program's output */
static int g_verbose;

typedef struct part {
    const char *p;
    size_t n;
    int present;
} part;

static void path_in_root(char *buf, size_t size, const char *rel)
{
    snprintf(buf, size, "%s/%s", g_root, rel);
}

/* Removes everything under `dir` (symbolic links are removed, not followed);
 * removes `dir` itself when `self`. */
static void remove_tree(const char *dir, int self)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            struct stat st;
            if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(path, 1);
            else
                unlink(path);
        }
        closedir(d);
    }
    if (self)
        rmdir(dir);
}

static void cleanup(void)
{
    remove_tree(g_root, 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_temp_dir(g_root, sizeof g_root, "build");
    g_null = fopen("/dev/null", "w");
    if (!g_null) {
        perror("fuzz_build: /dev/null");
        abort();
    }
    g_verbose = getenv("IC_FUZZ_VERBOSE") != NULL;
    atexit(cleanup);
    return 0;
}

/* Splits the input at SEPARATOR lines into parts[NPARTS]. */
static void split(const char *data, size_t size, part *parts)
{
    memset(parts, 0, NPARTS * sizeof *parts);
    const size_t seplen = strlen(SEPARATOR);
    size_t start = 0;
    for (int k = 0; k < NPARTS; k++) {
        size_t end = start;
        /* the next separator at the start of a line */
        while (end < size && !((end == start || data[end - 1] == '\n') && size - end >= seplen &&
                               memcmp(data + end, SEPARATOR, seplen) == 0))
            end++;
        parts[k] = (part){data + start, end - start, 1};
        if (end >= size)
            break;
        start = end + seplen;
        if (start >= size && k + 1 < NPARTS) {
            parts[k + 1] = (part){data + size, 0, 1}; /* a separator at the end: an empty part */
            break;
        }
    }
}

/* 1 when a "data" value keeps to the spec's directory: a plain file name. */
static int plain_name(const char *s)
{
    return s && s[0] && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

/* 1 when the spec part may be given to the build: both readers of it (the
 * library's spec parser and build.c's own look at "data" with jansson) see a
 * plain CSV name or none, and the canvas is not huge. */
static int spec_is_safe(const part *p, const char *path)
{
    json_error_t jerr;
    json_t *root = json_loadb(p->p, p->n, 0, &jerr);
    json_t *data = json_object_get(root, "data");
    int ok = !json_is_string(data) || plain_name(json_string_value(data));
    json_decref(root);
    if (!ok)
        return 0;

    ic_error err;
    memset(&err, 0, sizeof err);
    ic_spec *s = ic_spec_parse(p->p, p->n, path, &err);
    if (!s)
        return 1; /* the build will refuse it before reading its CSV */
    size_t dirlen = strrchr(path, '/') - path;
    ok = strncmp(s->data, path, dirlen) == 0 && s->data[dirlen] == '/' && plain_name(s->data + dirlen + 1);
    ok &= (double)s->width * s->height * s->scale * s->scale <= 5e6;
    ic_spec_free(s);
    return ok;
}

static int same_contents(const char *path, const part *p)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    int same = 1;
    for (size_t i = 0; same && i <= p->n; i++) {
        int c = fgetc(f);
        same = i < p->n ? c == (unsigned char)p->p[i] : c == EOF;
    }
    fclose(f);
    return same;
}

/* 1 for the temporary files of src/output/atomic.c (".<name>.ic-tmp-<pid>-…",
 * used for the outputs, the cache and the report alike). */
static int is_temporary(const char *name)
{
    return strstr(name, ".ic-tmp-") || strncmp(name, ".infochart-cache.", 17) == 0 ||
           strncmp(name, ".report.json.", 13) == 0;
}

/* Every entry under `dir` (relative name `rel`) must be an input, the report
 * or under out/, and not a leftover temporary file. */
static void check_tree(const char *dir, const char *rel, const part *parts)
{
    DIR *d = opendir(dir);
    CHECK(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[PATH_MAX], name[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(name, sizeof name, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        struct stat st;
        CHECK(lstat(path, &st) == 0);
        int known = strcmp(name, "in") == 0 || strcmp(name, "in/sub") == 0 || strcmp(name, "out") == 0 ||
                    strcmp(name, "report.json") == 0 || strncmp(name, "out/", 4) == 0;
        for (int k = 0; k < NPARTS; k++)
            if (part_path[k] && parts[k].present && strcmp(name, part_path[k]) == 0) {
                known = 1;
                if (k != 2) { /* inputs are never written */
                    if (!same_contents(path, &parts[k]))
                        fprintf(stderr, "fuzz_build: input %s was changed\n", name);
                    CHECK(same_contents(path, &parts[k]));
                }
            }
        int temp = is_temporary(e->d_name);
        if (!known || temp)
            fprintf(stderr, "fuzz_build: unexpected file %s\n", name);
        CHECK(known);
        CHECK(!temp);
        if (S_ISDIR(st.st_mode))
            check_tree(path, name, parts);
    }
    closedir(d);
}

/* Checks the report; returns it (json_decref) or NULL when there is none. */
static json_t *check_report(int rc)
{
    char path[PATH_MAX], out[PATH_MAX];
    path_in_root(path, sizeof path, "report.json");
    path_in_root(out, sizeof out, "out/");
    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    struct stat st;
    CHECK(root || stat(path, &st) != 0);
    if (!root)
        return NULL;
    json_t *charts = json_object_get(root, "charts");
    json_t *sum = json_object_get(root, "summary");
    CHECK(json_is_array(charts) && json_is_object(sum));
    CHECK(json_integer_value(json_object_get(sum, "charts")) == (json_int_t)json_array_size(charts));
    size_t failed = 0, i;
    json_t *c;
    json_array_foreach(charts, i, c) {
        const char *status = json_string_value(json_object_get(c, "status"));
        CHECK(status);
        CHECK(strcmp(status, "rendered") == 0 || strcmp(status, "up-to-date") == 0 ||
              strcmp(status, "failed") == 0);
        if (strcmp(status, "failed") == 0) {
            failed++;
            continue;
        }
        json_t *outputs = json_object_get(c, "outputs"), *o;
        size_t k;
        CHECK(json_is_array(outputs) && json_array_size(outputs) > 0);
        json_array_foreach(outputs, k, o) {
            const char *p = json_string_value(o);
            CHECK(p && strncmp(p, out, strlen(out)) == 0 && !strstr(p, "/../"));
            CHECK(stat(p, &st) == 0 && S_ISREG(st.st_mode));
            for (size_t m = 0; m < k; m++) /* distinct facet values: distinct files */
                CHECK(strcmp(p, json_string_value(json_array_get(outputs, m))) != 0);
        }
    }
    CHECK(json_integer_value(json_object_get(sum, "failed")) == (json_int_t)failed);
    CHECK(rc == (failed ? EXIT_FAIL : EXIT_OK));
    return root;
}

static void check_cache(void)
{
    char path[PATH_MAX];
    path_in_root(path, sizeof path, "out/.infochart-cache");
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    char head[32] = "";
    size_t n = fread(head, 1, 18, f);
    CHECK(n == 18 && memcmp(head, "infochart-cache 1\n", 18) == 0);
    CHECK(fseek(f, -1, SEEK_END) == 0 && fgetc(f) == '\n');
    fclose(f);
}

/* One pass; returns the exit status. */
static int build(int force, const char *shard, int quiet, int report)
{
    char in[PATH_MAX], out[PATH_MAX], rep[PATH_MAX];
    path_in_root(in, sizeof in, "in");
    path_in_root(out, sizeof out, "out");
    path_in_root(rep, sizeof rep, "report.json");
    char *argv[16];
    int argc = 0;
    argv[argc++] = "build";
    argv[argc++] = in;
    argv[argc++] = "--out";
    argv[argc++] = out;
    argv[argc++] = "-j";
    argv[argc++] = "1";
    if (report) {
        argv[argc++] = "--report";
        argv[argc++] = rep;
    }
    if (force)
        argv[argc++] = "--force";
    if (shard) {
        argv[argc++] = "--shard";
        argv[argc++] = (char *)shard;
    }
    if (quiet)
        argv[argc++] = "-q";
    argv[argc] = NULL;

    FILE *saved_out = stdout, *saved_err = stderr;
    if (!g_verbose)
        stdout = stderr = g_null;
    int rc = cmd_build(argc, argv);
    fflush(stdout);
    fflush(stderr);
    stdout = saved_out;
    stderr = saved_err;
    if (g_verbose)
        fprintf(stderr, "fuzz_build: exit %d\n", rc);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    part parts[NPARTS];
    split((const char *)data, size, parts);
    char path[PATH_MAX];
    for (int k = 0; k < NPARTS; k++) {
        if (!part_path[k] || !parts[k].present || k == 2)
            continue;
        path_in_root(path, sizeof path, part_path[k]);
        if ((k == 0 || k == 3) && !spec_is_safe(&parts[k], path)) {
            if (g_verbose)
                fprintf(stderr, "fuzz_build: skipped: %s names a CSV outside its directory or is huge\n",
                        part_path[k]);
            return 0;
        }
    }
    const part *flags = &parts[5];
    int force = flags->present && memchr(flags->p, 'f', flags->n);
    int quiet = flags->present && memchr(flags->p, 'q', flags->n);
    int report = !(flags->present && memchr(flags->p, 'n', flags->n));
    int again = flags->present && memchr(flags->p, '2', flags->n);
    const char *shard = NULL;
    if (flags->present && memchr(flags->p, 's', flags->n))
        shard = "1/2";
    else if (flags->present && memchr(flags->p, 'S', flags->n))
        shard = "2/2";

    /* the sandbox: in/, in/sub/ (with a part for it), out/ (with a cache) */
    path_in_root(path, sizeof path, "in");
    CHECK(mkdir(path, 0755) == 0);
    if (parts[3].present || parts[4].present) {
        path_in_root(path, sizeof path, "in/sub");
        CHECK(mkdir(path, 0755) == 0);
    }
    if (parts[2].present) {
        path_in_root(path, sizeof path, "out");
        CHECK(mkdir(path, 0755) == 0);
    }
    for (int k = 0; k < NPARTS; k++) {
        if (!part_path[k] || !parts[k].present)
            continue;
        path_in_root(path, sizeof path, part_path[k]);
        CHECK(fuzz_write_file(path, parts[k].p, parts[k].n) == 0);
    }

    int rc = build(force, shard, quiet, report);
    CHECK(rc == EXIT_OK || rc == EXIT_FAIL);
    check_tree(g_root, "", parts);
    check_cache();
    json_t *first = check_report(rc);

    if (again) {
        char rep[PATH_MAX];
        path_in_root(rep, sizeof rep, "report.json");
        unlink(rep);
        int rc2 = build(0, shard, quiet, 1);
        CHECK(rc2 == EXIT_OK || rc2 == EXIT_FAIL);
        check_tree(g_root, "", parts);
        check_cache();
        json_t *second = check_report(rc2);
        CHECK(second);
        /* what the first pass rendered is now up to date */
        json_t *charts1 = json_object_get(first, "charts"), *charts2 = json_object_get(second, "charts");
        CHECK(!first || json_array_size(charts1) == json_array_size(charts2));
        size_t i;
        json_t *c;
        json_array_foreach(charts1, i, c) {
            const char *s1 = json_string_value(json_object_get(c, "status"));
            const char *s2 = json_string_value(json_object_get(json_array_get(charts2, i), "status"));
            if (strcmp(s1, "failed") != 0 && strcmp(s2, "up-to-date") != 0)
                fprintf(stderr, "fuzz_build: %s was %s, then %s\n",
                        json_string_value(json_object_get(c, "spec")), s1, s2);
            CHECK(strcmp(s1, "failed") == 0 || strcmp(s2, "up-to-date") == 0);
        }
        json_decref(second);
    }
    json_decref(first);
    remove_tree(g_root, 0);
    return 0;
}

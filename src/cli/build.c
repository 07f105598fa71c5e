/* infochart build [DIR]: render every spec under DIR, in parallel, skipping
 * charts that are up to date. */
#include "cli/batch.h"
#include "cli/cli.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help[] =
    "Usage: infochart build [DIR] [--out OUTDIR] [-j N] [--force] [--shard K/N]\n"
    "                       [--report FILE.json|-] [--watch] [--fonts DIR] [--theme FILE.json]\n"
    "                       [--limit NAME=VALUE]... [-q]\n"
    "\n"
    "Renders every chart spec found under DIR (default: datasets) into OUTDIR\n"
    "(default: out), keeping sub-directories. A chart spec is a *.json file whose\n"
    "top level is an object with a \"chart\" key; other JSON files (metadata,\n"
    "themes, package.json...) are skipped and listed on stderr as notes. A file\n"
    "that is not valid JSON is taken as a broken spec and reported as a failure.\n"
    "A broken spec does not stop the others; every failure is listed at the end\n"
    "and the exit status is then 1.\n"
    "\n"
    "  -j, --jobs N        render on N threads (default: the number of cores)\n"
    "  --force             render every chart, even those that are up to date\n"
    "  --shard K/N         render only shard K of N (1 <= K <= N): a spec's shard\n"
    "                      depends only on its path relative to DIR, so N jobs\n"
    "                      cover every spec exactly once\n"
    "  --report FILE.json  write what happened to every chart as JSON; '-' writes\n"
    "                      it to standard output (progress then goes to stderr)\n"
    "  --watch             keep running; re-render the charts whose spec or CSV\n"
    "                      changes, until interrupted (Ctrl-C, SIGTERM)\n"
    "  --fonts DIR         fonts directory (default: $INFOCHART_FONTS, else the\n"
    "                      installed fonts)\n"
    "  --theme FILE.json   organisation theme for every chart, in place of the\n"
    "                      themes the specs name\n"
    "  --limit NAME=VALUE  raise or lower a limit on input (repeatable; see\n"
    "                      'infochart render --help' for the names)\n"
    "  -q, --quiet         print no progress, notes or summary (errors still)\n"
    "  -h, --help          show this help\n"
    "\n"
    "Every option also takes its value as --opt=VALUE (-jN for -j).\n"
    "\n"
    "A chart is up to date when its spec, its CSV, the font files and the\n"
    "program are unchanged since it was last rendered into OUTDIR and all its\n"
    "outputs exist (hashes are kept in OUTDIR/.infochart-cache).\n"
    "On a terminal a live status line shows progress; otherwise one line per\n"
    "chart is printed: 'rendered SPEC', 'up to date SPEC' or 'failed SPEC'.\n"
    "\n"
    CLI_SEE_ALSO;

typedef struct spec_list {
    char **paths;
    size_t n, cap;
} spec_list;

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_push(spec_list *list, char *path)
{
    if (list->n == list->cap) {
        size_t nc = list->cap ? list->cap * 2 : 16;
        char **np = realloc(list->paths, nc * sizeof *np);
        if (!np)
            return -1;
        list->paths = np;
        list->cap = nc;
    }
    list->paths[list->n++] = path;
    return 0;
}

/* The directory walk: every directory is visited once, known by device and
 * inode, so symlink loops end and a tree reached twice is read once. Real
 * sub-directories are walked first and symlinked ones after the whole real
 * tree, so a chart is found under its real path when it has one; entries
 * are taken in name order, so the result does not depend on readdir. */
typedef struct walk {
    const char *suffix; /* collect files ending in it; NULL: the directories */
    spec_list *found;
    spec_list links;    /* symlinked directories, walked last */
    struct { dev_t dev; ino_t ino; } *seen;
    size_t nseen, capseen;
} walk;

/* 1 when the directory was visited already, else records it and returns 0
 * (-1 when out of memory). */
static int visited(walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
            return 1;
    if (w->nseen == w->capseen) {
        size_t nc = w->capseen ? w->capseen * 2 : 32;
        void *ns = realloc(w->seen, nc * sizeof *w->seen);
        if (!ns)
            return -1;
        w->seen = ns;
        w->capseen = nc;
    }
    w->seen[w->nseen].dev = st->st_dev;
    w->seen[w->nseen].ino = st->st_ino;
    w->nseen++;
    return 0;
}

/* The non-hidden names in `dir`, sorted. */
static int list_dir(const char *dir, spec_list *names)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *n = strdup(e->d_name);
        if (!n || list_push(names, n) != 0) {
            free(n);
            rc = -1;
        }
    }
    closedir(d);
    if (names->n > 1)
        qsort(names->paths, names->n, sizeof *names->paths, cmp_str);
    return rc;
}

static int walk_dir(walk *w, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return -1;
    int v = visited(w, &st);
    if (v != 0)
        return v > 0 ? 0 : -1;
    spec_list names = {0};
    int rc = list_dir(dir, &names);
    if (rc == 0 && !w->suffix) {
        char *self = strdup(dir);
        if (!self || list_push(w->found, self) != 0) {
            free(self);
            rc = -1;
        }
    }
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        size_t len = strlen(dir) + strlen(names.paths[i]) + 2;
        char *path = malloc(len);
        if (!path) {
            rc = -1;
            break;
        }
        snprintf(path, len, "%s/%s", dir, names.paths[i]);
        struct stat lst;
        int is_link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
        int is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
        spec_list *to = NULL;
        if (is_dir && is_link)
            to = &w->links;
        else if (!is_dir && w->suffix && has_suffix(path, w->suffix))
            to = w->found;
        if (is_dir && !is_link)
            rc = walk_dir(w, path);
        if (to && list_push(to, path) == 0)
            path = NULL;
        else if (to)
            rc = -1;
        free(path);
    }
    cli_strv_free(names.paths, names.n);
    return rc;
}

/* Collects files under `dir` whose names end in `suffix` (hidden entries
 * skipped); with suffix NULL, collects the directories (dir included). */
static int collect(const char *dir, const char *suffix, spec_list *list)
{
    walk w = { .suffix = suffix, .found = list };
    int rc = walk_dir(&w, dir);
    /* links found while walking links are appended: the loop reaches them */
    for (size_t i = 0; i < w.links.n && rc == 0; i++)
        rc = walk_dir(&w, w.links.paths[i]);
    cli_strv_free(w.links.paths, w.links.n);
    free(w.seen);
    return rc;
}

int cli_collect_dirs(const char *dir, char ***dirs, size_t *n)
{
    spec_list list = {0};
    int rc = collect(dir, NULL, &list);
    *dirs = list.paths;
    *n = list.n;
    return rc;
}

/* The spec's path relative to DIR (what shards and the cache are keyed on). */
static const char *relative(const char *path, const char *dir)
{
    const char *rel = path + strlen(dir);
    while (*rel == '/')
        rel++;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    return rel;
}

/* Shard of a relative spec path, 1..n. */
static int shard_of(const char *rel, int n)
{
    return (int)(cli_hash_mix(cli_hash_str(IC_HASH_INIT, rel)) % (uint64_t)n) + 1;
}

void cli_jobs_free(cli_batch *b)
{
    for (size_t i = 0; i < b->njobs; i++) {
        cli_job *j = &b->jobs[i];
        free(j->spec);
        free(j->target);
        free(j->data);
        free(j->error);
        cli_strv_free(j->outputs, j->noutputs);
    }
    free(b->jobs);
    b->jobs = NULL;
    b->njobs = 0;
    cli_strv_free(b->skipped, b->nskipped);
    b->skipped = NULL;
    b->nskipped = 0;
}

const char *cli_report_file(const cli_batch *b)
{
    return b->report && strcmp(b->report, "-") != 0 ? b->report : NULL;
}

/* Is the *.json file at `path` a chart spec, i.e. is its top level an object
 * with a "chart" key? 0 with *why set when it is valid JSON of another kind
 * (metadata, a theme, package.json...). A file that cannot be read or is not
 * JSON at all counts as a spec (1): it may be a broken one, and rendering it
 * reports its error instead of hiding it. */
static int is_chart_spec(const char *path, size_t max, const char **why)
{
    size_t len = 0;
    char *text = ic_read_file(path, max, &len, NULL);
    if (!text)
        return 1;
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a UTF-8 BOM */
    json_error_t jerr;
    json_t *root = json_loadb(text + skip, len - skip, 0, &jerr);
    int spec = !root || json_object_get(root, "chart") != NULL;
    if (!spec)
        *why = json_is_object(root) ? "no \"chart\" key" : "not a JSON object";
    json_decref(root);
    free(text);
    return spec;
}

/* Lists a file that is not a chart spec: a note on stderr (unless quiet, and
 * once per --watch session) and an entry of the report. */
static void skip_file(cli_batch *b, char *path, const char *why)
{
    if (!b->quiet && b->first_pass) {
        cli_fputs_safe(path, stderr);
        fprintf(stderr, ": note: skipped (not a chart spec: %s)\n", why);
    }
    char **grown = realloc(b->skipped, (b->nskipped + 1) * sizeof *grown);
    if (!grown) {
        free(path); /* out of memory only shortens the report's list */
        return;
    }
    b->skipped = grown;
    b->skipped[b->nskipped++] = path;
}

/* Does the file at `path` hold a build report (ours, from an earlier run)
 * rather than a chart spec? */
static int is_build_report(const char *path, size_t max)
{
    size_t len = 0;
    char *text = ic_read_file(path, max, &len, NULL);
    json_t *root = text ? json_loadb(text, len, 0, NULL) : NULL;
    int yes = json_is_object(root) && json_object_get(root, "infochart") &&
              json_is_array(json_object_get(root, "charts"));
    json_decref(root);
    free(text);
    return yes;
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* 1 (with a usage error printed) when the existing report file `rst` is a
 * file spec `path` is drawn from, its CSV or another (of any shard: their
 * inputs are as much inputs of the build). The library says which files
 * (ic_spec_dependencies); a spec it refuses names none. */
static int report_is_data_of(const cli_batch *b, const char *path, const struct stat *rst)
{
    size_t n = 0;
    char **deps = ic_spec_dependencies(path, &b->limits, &n, NULL);
    int same = 0;
    struct stat dst;
    for (size_t i = 1; i < n && !same; i++) /* [0] is the spec itself */
        if (stat(deps[i], &dst) == 0 && same_file(&dst, rst)) {
            same = 1;
            if (i == 1)
                cli_usage_error("build: --report '%s' is an input of this build (the data of %s)", b->report, path);
            else
                cli_usage_error("build: --report '%s' is an input of this build (a file %s is drawn from)",
                                b->report, path);
        }
    ic_strings_free(deps, n);
    return same;
}

/* The jobs of this pass: every spec of our shard, sorted by path. A report
 * of an earlier run found under DIR is not a spec; --report naming a real
 * spec (of any shard) is a usage error: returns EXIT_USAGE then. */
static int scan(cli_batch *b)
{
    spec_list list = {0};
    if (collect(b->dir, ".json", &list) != 0) {
        cli_fputs_safe(b->dir, stderr);
        fputs(": error: cannot read the directory tree\n", stderr);
        cli_strv_free(list.paths, list.n);
        return -1;
    }
    if (list.n > 1)
        qsort(list.paths, list.n, sizeof *list.paths, cmp_str);
    b->jobs = calloc(list.n ? list.n : 1, sizeof *b->jobs);
    if (!b->jobs) {
        cli_strv_free(list.paths, list.n);
        return -1;
    }
    size_t outlen = strlen(b->out);
    struct stat rst, sst;
    const char *report = cli_report_file(b);
    int have_report = report && stat(report, &rst) == 0;
    for (size_t i = 0; i < list.n; i++) {
        char *path = list.paths[i];
        const char *rel = relative(path, b->dir);
        int is_report = have_report && stat(path, &sst) == 0 && same_file(&sst, &rst);
        if (is_report && !is_build_report(path, (size_t)256 << 20)) {
            cli_usage_error("build: --report '%s' is an input of this build (a chart spec)", b->report);
            for (size_t k = i; k < list.n; k++)
                free(list.paths[k]);
            free(list.paths);
            return EXIT_USAGE;
        }
        if (!is_report && have_report && report_is_data_of(b, path, &rst)) {
            for (size_t k = i; k < list.n; k++)
                free(list.paths[k]);
            free(list.paths);
            return EXIT_USAGE;
        }
        if (is_report || (b->shard_n > 0 && shard_of(rel, b->shard_n) != b->shard_k)) {
            free(path);
            continue;
        }
        const char *why = NULL;
        if (!is_chart_spec(path, b->limits.spec_bytes, &why)) {
            skip_file(b, path, why);
            continue;
        }
        cli_job *j = &b->jobs[b->njobs++];
        j->spec = path;
        j->rel = rel;
        /* mirror the spec's sub-directory under OUTDIR */
        const char *slash = strrchr(rel, '/');
        size_t len = outlen + strlen(rel) + 2;
        j->target = malloc(len);
        if (!j->target) {
            for (size_t k = i + 1; k < list.n; k++)
                free(list.paths[k]);
            free(list.paths);
            return -1;
        }
        if (slash)
            snprintf(j->target, len, "%s/%.*s", b->out, (int)(slash - rel), rel);
        else
            snprintf(j->target, len, "%s", b->out);
    }
    free(list.paths);
    return 0;
}

/* 1 when `path` names OUTDIR/.infochart-cache however it is spelled,
 * whether or not it exists (the output set's file identity decides). */
static int is_cache_file(const char *path, const char *out)
{
    char *cache = cli_cache_path(out);
    ic_output_set *set = ic_output_set_new();
    ic_error err = {0};
    int same = cache && set && ic_output_set_protect(set, cache, "the build cache", &err) == 0 &&
               ic_output_set_reserve(set, path, &err) != 0 && err.code == IC_ERR_USAGE;
    ic_output_set_free(set);
    free(cache);
    return same;
}

/* --report naming the CSV of a chart or the build cache: a usage error
 * (EXIT_USAGE), else 0. */
static int report_is_data(const cli_batch *b)
{
    struct stat rst, dst;
    const char *report = cli_report_file(b);
    if (report && is_cache_file(report, b->out))
        return cli_usage_error("build: --report '%s' is the build cache of %s", report, b->out);
    if (!report || stat(report, &rst) != 0)
        return 0;
    for (size_t i = 0; i < b->njobs; i++) {
        const cli_job *j = &b->jobs[i];
        if (j->data && stat(j->data, &dst) == 0 && same_file(&dst, &rst))
            return cli_usage_error("build: --report '%s' is an input of this build (the data of %s)", b->report,
                                   j->spec);
    }
    return 0;
}

/* The job one of whose outputs is the report file, or NULL. */
static const cli_job *report_is_output(const cli_batch *b)
{
    struct stat rst, ost;
    const char *report = cli_report_file(b);
    if (!report || stat(report, &rst) != 0)
        return NULL;
    for (size_t i = 0; i < b->njobs; i++)
        for (size_t k = 0; k < b->jobs[i].noutputs; k++)
            if (stat(b->jobs[i].outputs[k], &ost) == 0 && same_file(&ost, &rst))
                return &b->jobs[i];
    return NULL;
}

/* Hash of the program: its version and its build ID (or, without one, its
 * executable file), so that any rebuild invalidates what it drew. */
static uint64_t program_salt(void)
{
    uint64_t h = cli_hash_str(IC_HASH_INIT, ic_version());
    unsigned char id[64];
    size_t n = cli_build_id(id, sizeof id);
    if (n > 0)
        return ic_hash_bytes(cli_hash_str(h, "build-id"), id, n);
    /* never a FIFO or device: cli_hash_file takes regular files only */
    char exe[4096];
    if (cli_program_path(exe, sizeof exe) == 0)
        (void)cli_hash_file(&h, exe);
    return h;
}

/* Hash of every (non-hidden) file in the fonts directory, in name order. */
static uint64_t fonts_hash(const char *dir)
{
    uint64_t h = cli_hash_str(IC_HASH_INIT, "fonts");
    DIR *d = opendir(dir);
    if (!d)
        return h;
    spec_list names = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char *n = e->d_name[0] == '.' ? NULL : strdup(e->d_name);
        if (n && list_push(&names, n) != 0)
            free(n);
    }
    closedir(d);
    if (names.n > 1)
        qsort(names.paths, names.n, sizeof *names.paths, cmp_str);
    for (size_t i = 0; i < names.n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names.paths[i]);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        h = cli_hash_str(h, names.paths[i]);
        (void)cli_hash_file(&h, path);
    }
    cli_strv_free(names.paths, names.n);
    return h;
}

/* Computes the job's key: the fonts, the limits and every file the chart
 * is drawn from, as the library lists them (ic_spec_dependencies: the spec,
 * its CSV, a theme and the files it names), each by path and content. Marks
 * the job up to date when the cache agrees. A spec the library refuses, or
 * an input that cannot be read, gives no key: the chart is rendered, which
 * reports why. */
static void plan(cli_batch *b, cli_job *j, const cli_cache *cache, uint64_t fonts)
{
    double t0 = cli_now_ms();
    uint64_t h = ic_hash_bytes(b->salt, &fonts, sizeof fonts);
    /* other limits may refuse a chart that was drawn: not up to date then */
    h = ic_hash_bytes(h, &b->limits, sizeof b->limits);
    size_t n = 0;
    char **deps = ic_spec_dependencies(j->spec, &b->limits, &n, NULL);
    j->key_ok = deps != NULL;
    for (size_t i = 0; i < n; i++) {
        h = cli_hash_str(h, deps[i]);
        if (cli_hash_file(&h, deps[i]) != 0)
            j->key_ok = 0;
    }
    free(j->data);
    j->data = n > 1 ? deps[1] : NULL; /* the CSV, for the report */
    if (n > 1)
        deps[1] = NULL;
    ic_strings_free(deps, n);
    j->key = h;
    j->status = JOB_PENDING;
    if (!b->force && j->key_ok && cli_cache_fresh(cache, b->out, j->rel, j->key, &j->outputs, &j->noutputs))
        j->status = JOB_UPTODATE;
    j->ms = cli_now_ms() - t0;
}

static void summary(const cli_batch *b)
{
    if (b->rendered == 0 && b->failed == 0 && b->uptodate > 0) {
        fprintf(b->progress, "nothing to do: %zu chart%s up to date\n", b->uptodate, b->uptodate == 1 ? "" : "s");
        return;
    }
    fprintf(b->progress, "%zu chart%s rendered, %zu up to date, %zu failed\n", b->rendered, b->rendered == 1 ? "" : "s",
           b->uptodate, b->failed);
}

/* Prints "WHAT SPEC" on the progress stream, the path's control characters escaped. */
static void say(const cli_batch *b, const char *what, const char *spec)
{
    fputs(what, b->progress);
    cli_fputs_safe(spec, b->progress);
    fputc('\n', b->progress);
}

int cli_batch_pass(cli_batch *b)
{
    b->rendered = b->uptodate = b->failed = 0;
    cli_jobs_free(b);
    int rc = scan(b);
    if (rc != 0)
        return rc == EXIT_USAGE ? EXIT_USAGE : EXIT_FAIL;
    const char *fdir = b->fonts_dir ? b->fonts_dir : ic_fonts_default_dir();
    uint64_t fh = fonts_hash(fdir);
    /* --theme: its files are part of every chart's key */
    if (cli_theme_refresh(&fh) != 0)
        return EXIT_FAIL;
    cli_cache *cache = b->force ? NULL : cli_cache_load(b->out);
    for (size_t i = 0; i < b->njobs; i++)
        plan(b, &b->jobs[i], cache, fh);
    cli_cache_free(cache);
    if (report_is_data(b) != 0)
        return EXIT_USAGE;
    /* what a killed build left (this pass writes nothing before this) */
    cli_sweep_temps(b->out);
    size_t pending = 0;
    for (size_t i = 0; i < b->njobs; i++) {
        cli_job *j = &b->jobs[i];
        if (j->status == JOB_UPTODATE) {
            b->uptodate++;
            if (!b->quiet && !b->tty && b->first_pass)
                say(b, "up to date ", j->spec);
        } else {
            pending++;
        }
    }
    fflush(stdout);

    if (pending > 0 && (!b->fonts || b->fonts_hash != fh)) {
        ic_error err = {0};
        ic_fonts_free(b->fonts);
        b->fonts = ic_fonts_load(fdir, &err);
        b->fonts_hash = fh;
        if (!b->fonts) {
            char msg[2200];
            ic_error_format(&err, msg, sizeof msg);
            for (size_t i = 0; i < b->njobs; i++) {
                cli_job *j = &b->jobs[i];
                if (j->status != JOB_PENDING)
                    continue;
                j->status = JOB_FAILED;
                j->error = strdup(msg);
                b->failed++;
                if (!b->quiet && !b->tty)
                    say(b, "failed ", j->spec);
            }
            pending = 0;
        }
    }
    if (pending > 0)
        cli_pool_run(b);

    /* the cache lives in OUTDIR: only once something was written there */
    struct stat st;
    if (b->rendered + b->uptodate > 0 || stat(b->out, &st) == 0) {
        ic_error err = {0};
        if (cli_cache_save(b->out, b->dir, b->jobs, b->njobs, &err) != 0) {
            fputs("warning: ", stderr);
            cli_fputs_safe(err.file, stderr);
            fputs(": ", stderr);
            cli_fputs_safe(err.message, stderr);
            fputs(" (the next build will render everything again)\n", stderr);
        }
    }
    if (b->report) {
        ic_error err = {0};
        const cli_job *owner = report_is_output(b);
        if (owner) {
            err.code = IC_ERR_USAGE;
            snprintf(err.file, sizeof err.file, "%.1000s", b->report);
            snprintf(err.message, sizeof err.message,
                     "--report names an output of %s; the report was not written", owner->spec);
            cli_print_error(&err);
            b->failed++;
        } else if (cli_report_write(b, &err) != 0) {
            cli_print_error(&err);
            b->failed++;
        }
    }
    /* failures, in spec order, after the progress display is gone */
    for (size_t i = 0; i < b->njobs; i++) {
        if (b->jobs[i].status == JOB_FAILED && b->jobs[i].error) {
            cli_fputs_safe(b->jobs[i].error, stderr);
            fputc('\n', stderr);
        }
    }
    if (!b->quiet && (b->first_pass || b->rendered + b->failed > 0))
        summary(b);
    fflush(b->progress);
    fflush(stdout);
    return b->failed ? EXIT_FAIL : EXIT_OK;
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

enum {
    OPT_OUT = 1, OPT_FONTS, OPT_THEME, OPT_JOBS, OPT_SHARD, OPT_REPORT, OPT_LIMIT, OPT_FORCE, OPT_WATCH, OPT_QUIET,
    OPT_HELP
};

static const cli_option options[] = {
    { OPT_OUT, "--out", 0, "a directory" },
    { OPT_FONTS, "--fonts", 0, "a directory" },
    { OPT_THEME, "--theme", 0, "a theme file" },
    { OPT_JOBS, "--jobs", 'j', "a number of threads" },
    { OPT_SHARD, "--shard", 0, "K/N" },
    { OPT_REPORT, "--report", 0, "a file name (or -)" },
    { OPT_LIMIT, "--limit", 0, "NAME=VALUE" },
    { OPT_FORCE, "--force", 0, NULL },
    { OPT_WATCH, "--watch", 0, NULL },
    { OPT_QUIET, "--quiet", 'q', NULL },
    { OPT_HELP, "--help", 'h', NULL },
    { 0, NULL, 0, NULL },
};

int cmd_build(int argc, char **argv)
{
    cli_batch b = { .out = "out", .stop_fd = -1, .first_pass = 1 };
    const char *theme_file = NULL;
    ic_limits_default(&b.limits);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    b.nthreads = cores > 0 ? (int)(cores > 256 ? 256 : cores) : 1;
    cli_args args = { .argc = argc, .argv = argv, .i = 1, .command = "build" };
    const char *val;
    int opt;
    while ((opt = cli_next_option(&args, options, &val)) != CLI_OPT_END) {
        switch (opt) {
        case CLI_OPT_ERROR:
            return EXIT_USAGE;
        case OPT_HELP:
            fputs(help, stdout);
            return EXIT_OK;
        case OPT_OUT:
            b.out = val;
            break;
        case OPT_FONTS:
            b.fonts_dir = val;
            break;
        case OPT_THEME:
            theme_file = val;
            break;
        case OPT_REPORT:
            b.report = val;
            break;
        case OPT_LIMIT:
            if (cli_limit_option(&b.limits, val) != 0)
                return EXIT_USAGE;
            break;
        case OPT_JOBS: {
            long n;
            if (parse_int(val, 1, 256, &n) != 0)
                return cli_usage_error("build: -j wants a number of threads from 1 to 256, got '%s'", val);
            b.nthreads = (int)n;
            break;
        }
        case OPT_SHARD: {
            char k[32] = "", n[32] = "";
            const char *slash = strchr(val, '/');
            long kv, nv;
            if (slash && slash - val < 31 && strlen(slash + 1) < 31) {
                snprintf(k, sizeof k, "%.*s", (int)(slash - val), val);
                snprintf(n, sizeof n, "%s", slash + 1);
            }
            if (!slash || parse_int(n, 1, 1000000, &nv) != 0 || parse_int(k, 1, nv, &kv) != 0)
                return cli_usage_error("build: --shard wants K/N with 1 <= K <= N (e.g. 2/4), got '%s'", val);
            b.shard_k = (int)kv;
            b.shard_n = (int)nv;
            break;
        }
        case OPT_FORCE:
            b.force = 1;
            break;
        case OPT_WATCH:
            b.watching = 1;
            break;
        case OPT_QUIET:
            b.quiet = 1;
            break;
        default: /* CLI_OPT_ARG */
            if (b.dir)
                return cli_usage_error("build: one DIR at a time");
            b.dir = val;
        }
    }
    if (!b.dir)
        b.dir = "datasets";
    struct stat st;
    if (stat(b.dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return cli_usage_error("build: '%s' is not a directory", b.dir);
    b.tty = !b.quiet && isatty(STDERR_FILENO);
    /* stdout carries the report alone */
    b.progress = b.report && strcmp(b.report, "-") == 0 ? stderr : stdout;
    b.salt = program_salt();
    if (cli_theme_use(theme_file) != 0)
        return EXIT_FAIL;

    int rc;
    if (b.watching) {
        rc = cli_watch(&b);
    } else {
        rc = cli_batch_pass(&b);
        if (b.njobs == 0 && rc != EXIT_USAGE) {
            cli_fputs_safe(b.dir, stderr);
            fprintf(stderr, ": warning: no chart specs (*.json) found%s\n", b.shard_n ? " in this shard" : "");
        }
    }
    cli_jobs_free(&b);
    ic_fonts_free(b.fonts);
    cli_theme_release();
    return rc;
}

/* The corpus of real public datasets (tests/corpus/, sources and licences in
 * tests/corpus/README.md), every chart at every size preset (issue 10,
 * item 8). Each layout must either succeed with every scene check passing —
 * text inside the canvas, no two texts overlapping, texts at or above the
 * floor of where they are published (check_text_floors), the story safe
 * zones empty, bars and stacks truthful — or, where the library cannot draw
 * the chart, be refused with a layout error (never out of memory). Both a check failure and a refusal fail the
 * test, except for the (spec, preset) pairs in `known` below, which the
 * library has still to learn to draw. A summary table says what happened
 * where; a known failure that now passes is reported so its entry can go.
 *
 * IC_CORPUS_ONLY=name limits the run to one spec (name without .json);
 * IC_CORPUS_VERBOSE=1 prints the refusal message of known failures too. */
#include "check.h"
#include "chart_fixture.h"
#include "scene_checks.h"
#include "charts/chart.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

/* Charts the library does not draw yet, by spec (file name without .json)
 * and presets (a space-separated list, or "*" for every preset), measured
 * after the type scale and fitting ladders of issue 10. Each entry says why; remove it when the library draws
 * the chart. A run with IC_CORPUS_VERBOSE=1 prints the full refusals.
 * "capacity": the rows cannot all stand one per line at the floor size on
 * that canvas (the library names the most that fit), so a refusal is an
 * honest answer there until some other layout (columns, smaller frame) is
 * found; the other entries are charts that should fit. */
static const struct known_failure {
    const char *spec, *presets, *reason;
} known[] = {
    {"airline_fatalities_dumbbell", "instagram-square x-post facebook linkedin",
     "capacity: 26 dumbbell rows, a line box each at the floor, under a legend"},
    {"drinks_top40_litres", "instagram-square instagram-portrait x-post facebook linkedin",
     "capacity: 40 rows of names; fit: 28 square, 38 portrait, 12 x-post, 11 facebook, 11 linkedin"},
    {"engineers_share_by_state", "instagram-square instagram-portrait story x-post facebook linkedin",
     "capacity: 52 rows of names (paper grows to fit); fit: 29 square, 40 portrait, 47 story, 13 x-post, 12 facebook, 12 linkedin"},
    {"gapminder_life_expectancy_dumbbell", "facebook linkedin",
     "capacity: 15 dumbbell rows under a legend on the 630-px landscapes"},
    {"gapminder_life_expectancy_lowest30", "instagram-square x-post facebook linkedin",
     "capacity: 30 rows of names; fit: 29 square, 20 x-post, 19 facebook, 18 linkedin"},
    {"gapminder_population_top50", "instagram-square instagram-portrait story x-post facebook linkedin",
     "capacity: 50 rows of names; fit: 27 square, 38 portrait, 45 story, 11 x-post, 10 facebook, 10 linkedin"},
    {"sp500_monthly_columns", "*",
     "123 months written 'Jan 1 2000' are text, not dates (issue 11): never thinned, so refused"},
    {"wb_aggregates_population_2014", "instagram-square x-post facebook linkedin",
     "capacity: 33 rows of names up to 46 characters; fit: 25 square, 10 x-post, 9 facebook, 9 linkedin"},
};

/* 1 when `preset` is one of the space-separated `list`, or `list` is "*". */
static int in_list(const char *list, const char *preset)
{
    if (strcmp(list, "*") == 0)
        return 1;
    size_t n = strlen(preset);
    for (const char *p = list; (p = strstr(p, preset)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

static const struct known_failure *known_for(const char *spec, const char *preset)
{
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strcmp(known[i].spec, spec) == 0 && in_list(known[i].presets, preset))
            return &known[i];
    return NULL;
}

/* Presets with safe zones (story) keep them free of every mark but the
 * background. */
static int check_safe(const ic_scene *s, const ic_chart *c, const char *what)
{
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role != IC_ROLE_BACKGROUND &&
            (m->y < c->spec->safe_top - 0.01 || m->y + m->h > s->height - c->spec->safe_bottom + 0.01)) {
            fprintf(stderr, "%s: mark %zu (role %d, '%s') at y %.1f..%.1f is in a safe zone\n", what, i, (int)m->role,
                    m->text ? m->text : "", m->y, m->y + m->h);
            return 1;
        }
    }
    return 0;
}

/* 1 when the layout left value labels out (and said so). */
static int values_left_out(const ic_scene *s)
{
    for (size_t i = 0; i < s->nwarnings; i++)
        if (strstr(s->warnings[i], "value labels left out"))
            return 1;
    return 0;
}

/* The number of problems in the scene. */
static int problems(const ic_scene *s, const ic_chart *c, const char *what)
{
    int bad = check_text_inside(s, what) + check_no_text_overlap(s, what) + check_text_floors(s, c->spec->print, what) + check_ticks_even(s, what) +
              check_safe(s, c, what);
    if (strcmp(c->spec->chart, "bar") == 0) {
        if (c->spec->stack == IC_STACK_NONE)
            bad += check_bars_truthful(s, what, c->spec->value_labels && !values_left_out(s));
        else
            bad += check_stacks_truthful(s, what, c->spec->stack == IC_STACK_PERCENT);
    }
    return bad;
}

/* Sends stderr to /dev/null; returns the saved descriptor for
 * restore_stderr, or -1 (nothing changed). */
static int quiet_stderr(void)
{
    fflush(stderr);
    int saved = dup(2), null = open("/dev/null", O_WRONLY);
    if (saved < 0 || null < 0 || dup2(null, 2) < 0) {
        if (saved >= 0)
            close(saved);
        saved = -1;
    }
    if (null >= 0)
        close(null);
    return saved;
}

static void restore_stderr(int saved)
{
    if (saved < 0)
        return;
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
}

enum { MAXSPECS = 256, NAMELEN = 128 };

static int by_name(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();
    /* the specs, in name order so the summary reads the same every run */
    static char names[MAXSPECS][NAMELEN];
    size_t nspecs = 0;
    DIR *d = opendir(IC_TEST_DATA "/corpus");
    CHECK(d != NULL);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        if (fixture_is_spec(e->d_name) && strlen(e->d_name) < NAMELEN && nspecs < MAXSPECS)
            snprintf(names[nspecs++], NAMELEN, "%.*s", (int)strlen(e->d_name) - 5, e->d_name);
    if (d)
        closedir(d);
    qsort(names, nspecs, NAMELEN, by_name);
    CHECK(nspecs >= 32); /* issue 10 asks for at least 30 */

    const char *only = getenv("IC_CORPUS_ONLY");
    int verbose = getenv("IC_CORPUS_VERBOSE") != NULL;
    int passed = 0, failed = 0, refused = 0, known_hit = 0, stale = 0, ran = 0;
    const char *const *presets = ic_preset_names();
    fprintf(stderr, "corpus: . laid out and clean, F check failed, R refused, lower case: known failure\n");
    for (size_t i = 0; i < nspecs; i++) {
        if (only && strcmp(only, names[i]) != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/corpus/%s.json", IC_TEST_DATA, names[i]);
        ic_error lerr = {0};
        ic_chart *chart = ic_chart_load(path, &lerr);
        if (!chart) {
            fprintf(stderr, "%s: not loaded: %s\n", path, lerr.message);
            CHECK(chart != NULL);
            continue;
        }
        char row[64] = {0};
        size_t p = 0;
        for (; presets[p] && p < sizeof row - 1; p++) {
            const struct known_failure *k = known_for(names[i], presets[p]);
            char what[512];
            snprintf(what, sizeof what, "%s at %s", names[i], presets[p]);
            CHECK(fixture_resize(chart, presets[p]) == 0);
            ic_error e2 = {0};
            ic_scene *s = ic_chart_layout(chart, fonts, &e2);
            ran++;
            char mark;
            if (!s) {
                /* a refusal names its reason; never out of memory */
                CHECK(e2.code != IC_ERR_NOMEM && e2.code != IC_OK && e2.message[0]);
                if (!k || verbose)
                    fprintf(stderr, "%s: refused: %s\n", what, e2.message);
                mark = 'R';
            } else {
                /* a known failure's problems are printed only when verbose */
                int quiet = k && !verbose ? quiet_stderr() : -1;
                int bad = problems(s, chart, what);
                restore_stderr(quiet);
                mark = bad ? 'F' : '.';
                ic_scene_free(s);
            }
            if (k && mark == '.') {
                fprintf(stderr, "%s: now passes; remove its known failure (%s)\n", what, k->reason);
                stale++;
                passed++;
            } else if (k) {
                mark = (char)(mark == 'R' ? 'r' : 'f');
                known_hit++;
            } else if (mark == '.') {
                passed++;
            } else {
                CHECK(mark == '.');
                if (mark == 'R')
                    refused++;
                else
                    failed++;
            }
            row[p] = mark;
        }
        ic_chart_free(chart);
        fprintf(stderr, "corpus: %-40s %s\n", names[i], row);
    }
    fprintf(stderr, "corpus: presets in order:");
    for (size_t p = 0; presets[p]; p++)
        fprintf(stderr, " %s", presets[p]);
    fprintf(stderr, "\ncorpus: %d layouts: %d clean, %d failed checks, %d refused, %d known failures, %d known "
                    "failures that now pass\n",
            ran, passed, failed, refused, known_hit, stale);
    CHECK(ran > 0);
    ic_fonts_free(fonts);
    return CHECK_DONE();
}

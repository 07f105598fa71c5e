/* Facets share scales and positions ("facet_scale": "shared", the default):
 * a property test over random faceted tables (fixed seed) of every kind
 * that draws facets, each laid out at every size preset. Every facet of
 * one spec must have the same gridlines and tick labels (value domain,
 * ticks, number format and plot rectangle), the same category order, the
 * same donut ring (centre and radii), the same waffle cells and the same
 * stat number; bars stay proportional to their values on the shared axis;
 * and the usual scene checks hold for every facet (nothing outside the
 * canvas, no overlap, text at or above its floor). With "independent" a
 * carousel whose panels differ shows that the test can fail. */
#include "check.h"
#include "chart_fixture.h"
#include "scene_checks.h"
#include "core/buf.h"
#include "layout/facet_scale.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NSEEDS 300
#define MAX_FACETS 4

static uint64_t rng = 0x2545F4914F6CDD1Du;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int pick(int lo, int hi) /* lo..hi inclusive */
{
    return lo + (int)(next() % (uint64_t)(hi - lo + 1));
}

static const char *const kinds[] = {"bar", "line", "area", "dumbbell", "donut", "pie", "waffle", "stat"};
#define NKINDS (sizeof kinds / sizeof *kinds)

/* Facet values of different lengths, so titles wrap differently. */
static const char *const facet_names[] = {"2004", "Central African Republic", "Lao", "Bosnia and Herzegovina",
                                          "2022", "São Tomé and Príncipe"};
static const char *const categories[] = {"Women", "Men", "Girls", "Boys", "Unknown", "Other adults"};

/* Two marks drawn alike: same kind, role, text and box. */
static int same_mark(const ic_mark *a, const ic_mark *b)
{
    const double e = 1e-9;
    return a->kind == b->kind && a->role == b->role && fabs(a->x - b->x) < e && fabs(a->y - b->y) < e &&
           fabs(a->w - b->w) < e && fabs(a->h - b->h) < e && fabs(a->x2 - b->x2) < e && fabs(a->y2 - b->y2) < e &&
           fabs(a->r - b->r) < e && fabs(a->r0 - b->r0) < e &&
           ((!a->text && !b->text) || (a->text && b->text && strcmp(a->text, b->text) == 0));
}

/* The marks of `role` in `a` and `b` are the same, in the same order
 * (`geometry_only`: arcs compared by centre and radii, not angles). */
static int same_role(const ic_scene *a, const ic_scene *b, ic_role role, const char *what)
{
    size_t i = 0, j = 0, n = 0;
    for (;; i++, j++) {
        while (i < a->n && a->marks[i].role != role)
            i++;
        while (j < b->n && b->marks[j].role != role)
            j++;
        if (i >= a->n || j >= b->n || (role == IC_ROLE_RULE && n == 1))
            break; /* the frame's rule comes first (slices' separators are rules too) */
        const ic_mark *x = &a->marks[i], *y = &b->marks[j];
        int same = role == IC_ROLE_SLICE ? fabs(x->x2 - y->x2) < 1e-9 && fabs(x->y2 - y->y2) < 1e-9 &&
                                               fabs(x->r - y->r) < 1e-9 && fabs(x->r0 - y->r0) < 1e-9
                                         : same_mark(x, y);
        if (!same) {
            fprintf(stderr, "%s: %s mark %zu differs: (%.2f,%.2f %.2fx%.2f r %.2f \"%s\") vs (%.2f,%.2f %.2fx%.2f "
                            "r %.2f \"%s\")\n",
                    what, ic_role_name(role), n, x->x, x->y, x->w, x->h, x->r, x->text ? x->text : "", y->x, y->y,
                    y->w, y->h, y->r, y->text ? y->text : "");
            return 0;
        }
        n++;
    }
    if ((i < a->n) != (j < b->n) && role != IC_ROLE_SLICE && role != IC_ROLE_RULE) {
        fprintf(stderr, "%s: the facets have different numbers of %s marks\n", what, ic_role_name(role));
        return 0;
    }
    return 1;
}

/* The first mark of `role` (NULL for none). */
static const ic_mark *first_of(const ic_scene *s, ic_role role)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == role)
            return &s->marks[i];
    return NULL;
}

/* A random faceted table for kind k: the facets list the categories in
 * their own orders, some facets lack one (not for stat cards), and values
 * have a scale that differs from facet to facet. */
static void make_data(int k, int nf, int ncat, ic_buf *csv)
{
    int parts = k >= 4 && k <= 6, two = k == 3;
    ic_buf_puts(csv, two ? "f,x,v0,v1\n" : "f,x,v0\n");
    for (int f = 0; f < nf; f++) {
        int order[8];
        for (int i = 0; i < ncat; i++)
            order[i] = i;
        for (int i = ncat - 1; i > 0; i--) {
            int j = pick(0, i), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double scale = pick(1, 9) * (f == 0 ? 1 : pick(1, 3) == 1 ? 10 : 1);
        int left = 100, drop = k != 7 && pick(0, 2) == 0 ? pick(0, ncat - 1) : -1;
        for (int i = 0; i < ncat; i++) {
            if (order[i] == drop)
                continue; /* the shared chart shows it as a gap */
            const char *x = k == 1 || k == 2 ? NULL : categories[order[i]];
            int year = 2000 + order[i];
            if (x)
                ic_buf_printf(csv, "\"%s\",%s", facet_names[f], x);
            else /* lines run over years, in order */
                ic_buf_printf(csv, "\"%s\",%d", facet_names[f], year);
            if (k == 6) { /* waffle: shares of 100 */
                int v = i == ncat - 1 ? left : pick(1, left - (ncat - 1 - i));
                v = v < 1 ? 1 : v;
                left -= v;
                ic_buf_printf(csv, ",%d\n", v);
            } else if (parts)
                ic_buf_printf(csv, ",%d\n", pick(1, 90));
            else if (two)
                ic_buf_printf(csv, ",%.3g,%.3g\n", scale * pick(1, 100), scale * pick(1, 100));
            else /* bars and lines may go below zero, a stacked area not */
                ic_buf_printf(csv, ",%.3g\n", scale * pick(k == 2 ? 0 : -20, 100) / 10.0);
        }
    }
}

/* Lays every facet of `c` (kind k, nf facets) out at `preset` and checks
 * them; returns the problems found, *all = 1 when every facet was laid out. */
static int at_preset(const ic_fonts *fonts, ic_chart *c, int seed, int k, int nf, const char *preset, int *all_out)
{
    CHECK(fixture_resize(c, preset) == 0);
    ic_scene *s[MAX_FACETS] = {0};
    int all = (int)ic_chart_facet_count(c) == nf, bad = 0;
    CHECK(all);
    for (int f = 0; all && f < nf; f++) {
        ic_error ferr = {0};
        ic_chart *fc = ic_chart_facet(c, (size_t)f, &ferr);
        s[f] = fc ? ic_chart_layout(fc, fonts, &ferr) : NULL;
        if (!s[f]) {
            /* a refusal is a layout decision with a reason */
            CHECK(ferr.code != IC_ERR_NOMEM && ferr.message[0]);
            if (getenv("IC_RANDOM_VERBOSE"))
                fprintf(stderr, "seed %d (%s) at %s, facet %d: refused: %s\n", seed, kinds[k], preset, f,
                        ferr.message);
            all = 0;
        }
        ic_chart_free(fc);
    }
    char what[160];
    for (int f = 0; f < nf; f++) {
        if (!s[f])
            continue;
        snprintf(what, sizeof what, "seed %d (%s, %d facets) at %s, facet %d", seed, kinds[k], nf, preset, f);
        bad += check_text_inside(s[f], what) + check_no_text_overlap(s[f], what) +
               check_text_floors(s[f], c->spec->print, what);
        if (k == 0)
            bad += check_bars_truthful(s[f], what, 0);
    }
    snprintf(what, sizeof what, "seed %d (%s, %d facets) at %s", seed, kinds[k], nf, preset);
    for (int f = 1; all && f < nf; f++) {
        /* the frame's rule and the plot's gridlines and ticks: the same
         * domain, ticks, format and plot rectangle */
        bad += !same_role(s[0], s[f], IC_ROLE_RULE, what);
        bad += !same_role(s[0], s[f], IC_ROLE_GRIDLINE, what);
        bad += !same_role(s[0], s[f], IC_ROLE_TICK_LABEL, what);
        bad += !same_role(s[0], s[f], IC_ROLE_BASELINE, what);
        if (k == 0 || k == 3) /* one category order, in the same places */
            bad += !same_role(s[0], s[f], IC_ROLE_CATEGORY_LABEL, what);
        if (k == 4 || k == 5)
            bad += !same_role(s[0], s[f], IC_ROLE_SLICE, what);
        if (k == 6)
            bad += !same_role(s[0], s[f], IC_ROLE_CELL, what);
        if (k == 7) {
            const ic_mark *a = first_of(s[0], IC_ROLE_CENTER_VALUE), *b = first_of(s[f], IC_ROLE_CENTER_VALUE);
            CHECK(a && b);
            if (a && b && (fabs(a->by - b->by) > 1e-9 || fabs(a->size - b->size) > 1e-9)) {
                fprintf(stderr, "%s: the stat number moves: baseline %.2f size %.2f vs %.2f %.2f\n", what, a->by,
                        a->size, b->by, b->size);
                bad++;
            }
        }
    }
    *all_out = all;
    for (int f = 0; f < nf; f++)
        ic_scene_free(s[f]);
    return bad;
}

static int one_spec(const ic_fonts *fonts, const char *dir, int seed, int *compared)
{
    int k = seed % (int)NKINDS;
    const char *const *presets = ic_preset_names();
    size_t npresets = 0;
    while (presets[npresets])
        npresets++;
    int nf = pick(2, MAX_FACETS), ncat = k >= 4 ? pick(2, 5) : k == 7 ? 2 : pick(2, 6);
    ic_buf csv = IC_BUF_INIT, spec = IC_BUF_INIT;
    make_data(k, nf, ncat, &csv);
    ic_buf_printf(&spec,
                  "{\"chart\":\"%s\",\"data\":\"data.csv\",\"facet\":\"f\",\"x\":\"x\",\"y\":%s,"
                  "\"title\":\"Detected victims in {facet}\",\"subtitle\":\"Share of all, {facet}\","
                  "\"source\":\"Generated\"%s%s}",
                  kinds[k], k == 3 ? "[\"v0\",\"v1\"]" : "\"v0\"", k == 2 ? ",\"stack\":\"normal\"" : "",
                  /* "sort" orders by the totals over all facets */
                  k != 1 && k != 2 && k != 7 && pick(0, 2) == 0 ? ",\"sort\":\"descending\"" : "");
    char *csv_text = ic_buf_take(&csv), *spec_text = ic_buf_take(&spec);
    ic_error err = {0};
    ic_chart *c = fixture_chart(dir, csv_text, spec_text, &err);
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "seed %d (%s): not loaded: %s\n", seed, kinds[k], err.message);
        free(csv_text);
        free(spec_text);
        return 1;
    }
    /* every preset: the scene checks hold for every facet at each */
    int bad = 0;
    for (size_t p = 0; p < npresets; p++) {
        int all = 0;
        bad += at_preset(fonts, c, seed, k, nf, presets[p], &all);
        *compared += all;
    }
    ic_chart_free(c);
    free(csv_text);
    free(spec_text);
    return bad;
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    char dir[] = "/tmp/ic-facet-scales-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    int compared = 0;
    for (int seed = 0; fonts && seed < NSEEDS; seed++)
        CHECK(one_spec(fonts, dir, seed, &compared) == 0);
    size_t npresets = 0;
    while (ic_preset_names()[npresets])
        npresets++;
    fprintf(stderr, "%d of %zu faceted specs and presets laid out in every facet and compared\n", compared,
            (size_t)NSEEDS * npresets);
    CHECK((size_t)compared > (size_t)NSEEDS * npresets / 2);
    fixture_remove(dir);
    ic_fonts_free(fonts);
    return CHECK_DONE();
}

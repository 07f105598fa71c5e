/* libFuzzer target: ic_spec_parse (src/spec/spec.c, jsonpos.c, presets.c) on
 * arbitrary bytes, as the spec file "fuzz.json".
 *
 * Checked (a failed check is __builtin_trap, so libFuzzer saves the input):
 *   - every spec is freed (LeakSanitizer reports anything left);
 *   - a result is either a spec with err.code == IC_OK or NULL with an error;
 *   - IC_ERR_SPEC errors name the file and carry line >= 1 and column >= 1
 *     (spec.h promises file:line:col);
 *   - a spec holds what spec.h and docs/spec.md promise: the required strings,
 *     at least one y column with positions for y/highlight/types, a size of
 *     100..10000, scale 0.25..8, text_scale 0.5..3, decimals -1 or 0..6, a
 *     finite non-zero multiply, a known delimiter and at least one output, each
 *     a plain file name; hole 0..0.9, cells 10..400 (or 0 when unset), trend and
 *     annotation arrays present when counted, annotation values finite. */
#include "spec/spec.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_check.h"

static const char PATH[] = "fuzz.json";

static void check_spec(const ic_spec *s)
{
    CHECK(s->path && strcmp(s->path, PATH) == 0 && s->dir);
    CHECK(s->chart && s->data && s->x && s->title && s->source);
    CHECK(s->ny >= 1 && s->y && s->pos_y);
    for (size_t i = 0; i < s->ny; i++)
        CHECK(s->y[i]);
    CHECK(s->nhighlight == 0 || (s->highlight && s->pos_highlight));
    CHECK(s->ntypes == 0 || (s->types && s->pos_types));
    for (size_t i = 0; i < s->ntypes; i++)
        CHECK(s->types[i].column && s->types[i].type != IC_COL_AUTO);
    CHECK(s->width >= 100 && s->width <= 10000 && s->height >= 100 && s->height <= 10000);
    CHECK(s->scale >= 0.25 && s->scale <= 8);
    CHECK(s->text_scale >= 0.5 && s->text_scale <= 3);
    CHECK(s->number.decimals >= -1 && s->number.decimals <= 6);
    CHECK(isfinite(s->number.multiply) && s->number.multiply != 0);
    /* 0: detected from the data */
    CHECK(s->delimiter == 0 || s->delimiter == ',' || s->delimiter == ';' || s->delimiter == '\t' ||
          s->delimiter == '|');
    CHECK(s->decimal == 0 || s->decimal == '.' || s->decimal == ',');
    CHECK(s->thousands == 0 || s->thousands == -1 || s->thousands == ',' || s->thousands == '.' ||
          s->thousands == ' ' || s->thousands == '\'');
    CHECK(s->thousands != (s->decimal ? s->decimal : '.'));
    CHECK(s->aggregate >= IC_AGG_NONE && s->aggregate <= IC_AGG_MAX);
    CHECK(s->noutputs >= 1 && s->outputs);
    for (size_t i = 0; i < s->noutputs; i++)
        CHECK(s->outputs[i] && !strchr(s->outputs[i], '/') && !strstr(s->outputs[i], ".."));
    for (size_t i = 0; i < s->npalette; i++)
        CHECK(s->palette[i]);
    /* options of particular chart kinds */
    CHECK(s->hole >= 0 && s->hole <= 0.9);
    CHECK(s->cells == 0 || (s->cells >= 10 && s->cells <= 400));
    CHECK(s->ntrends == 0 || s->trends);
    CHECK(s->nannotations == 0 || s->annotations);
    for (size_t i = 0; i < s->nannotations; i++)
        CHECK(isfinite(s->annotations[i].value));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ic_error err;
    memset(&err, 0, sizeof err);
    ic_spec *spec = ic_spec_parse((const char *)data, size, PATH, &err);
    if (spec) {
        CHECK(err.code == IC_OK);
        check_spec(spec);
        ic_spec_free(spec);
        return 0;
    }
    CHECK(err.code != IC_OK);
    if (err.code == IC_ERR_SPEC) {
        if (strcmp(err.file, PATH) != 0 || err.line < 1 || err.column < 1) {
            char buf[2200];
            fprintf(stderr, "fuzz_spec: error without file:line:col: %s (line %d, column %d)\n",
                    ic_error_format(&err, buf, sizeof buf), err.line, err.column);
        }
        CHECK(strcmp(err.file, PATH) == 0);
        CHECK(err.line >= 1 && err.column >= 1);
    }
    return 0;
}

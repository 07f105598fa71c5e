/* Font subsetting for the SVG writer: hb-subset with the options that keep
 * shaping intact and the file small. */
#include "output/font_subset.h"

#include <hb-subset.h>
#include <string.h>

/* Name records kept: copyright (0), family (1), style (2), unique id (3),
 * full name (4), version (5), PostScript name (6), licence (13) and its URL
 * (14); the OFL asks that the copyright and licence stay with the font. */
static const unsigned kept_names[] = {0, 1, 2, 3, 4, 5, 6, 13, 14};

int ic_font_subset(hb_face_t *face, const uint32_t *cps, size_t n, unsigned max_glyphs, ic_buf *out)
{
    int rc = -1;
    hb_face_t *sub = NULL;
    hb_subset_plan_t *plan = NULL;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return -1;
    hb_set_t *unicodes = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n; i++)
        hb_set_add(unicodes, cps[i]);
    hb_set_t *names = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID);
    hb_set_clear(names);
    for (size_t i = 0; i < sizeof kept_names / sizeof *kept_names; i++)
        hb_set_add(names, kept_names[i]);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    plan = hb_subset_plan_create_or_fail(face, in);
    if (!plan)
        goto done;
    if (max_glyphs && hb_map_get_population(hb_subset_plan_old_to_new_glyph_mapping(plan)) > max_glyphs) {
        rc = 1;
        goto done;
    }
    sub = hb_subset_plan_execute_or_fail(plan);
    if (!sub)
        goto done;
    hb_blob_t *blob = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    if (len > 0 && ic_buf_append(out, data, len) == 0)
        rc = 0;
    hb_blob_destroy(blob);
done:
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    return rc;
}

int ic_font_is_cff(const unsigned char *sfnt, size_t len)
{
    return len >= 4 && memcmp(sfnt, "OTTO", 4) == 0;
}

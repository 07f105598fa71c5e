/* Canvas size presets. Social-media sizes are in pixels; report sizes are in
 * points (1/72 in), the unit of a PDF page, sized to the text block of the page. */
#include "spec/spec.h"

#include <string.h>

typedef struct preset {
    const char *name;
    int width, height;
    int safe_top, safe_bottom; /* bands the app draws over: background only */
    int print;                 /* sized in points for a printed page */
    int max_height;            /* print: how tall the chart may grow (the page's text block) */
} preset;

static const preset presets[] = {
    { "instagram-square", 1080, 1080, 0, 0, 0, 0 },
    { "instagram-portrait", 1080, 1350, 0, 0, 0, 0 },
    /* Instagram/Facebook stories, 9:16: the app's header (profile, progress
     * bar) and reply bar cover about the top and bottom 250 px */
    { "story", 1080, 1920, 250, 250, 0, 0 },
    { "x-post", 1600, 900, 0, 0, 0, 0 },          /* 16:9 image in a post on X */
    { "facebook", 1200, 630, 0, 0, 0, 0 },        /* link/post image */
    { "linkedin", 1200, 627, 0, 0, 0, 0 },
    { "a4-full", 453, 283, 0, 0, 1, 700 },     /* A4 text block 160 x 247 mm, 16:10 */
    { "a4-column", 221, 170, 0, 0, 1, 700 },   /* one of two columns on A4 */
    { "letter-full", 468, 292, 0, 0, 1, 648 }, /* US Letter text block 6.5 x 9 in */
    { "letter-column", 228, 175, 0, 0, 1, 648 }, /* one of two columns on US Letter */
};

#define NPRESETS (sizeof presets / sizeof presets[0])

/* Kept in step with `presets` (checked by the unit test). */
static const char *const preset_names[NPRESETS + 1] = {
    "instagram-square", "instagram-portrait", "story", "x-post", "facebook", "linkedin",
    "a4-full", "a4-column", "letter-full", "letter-column", NULL,
};

int ic_preset_size(const char *name, int *width, int *height)
{
    for (size_t i = 0; name && i < NPRESETS; i++) {
        if (strcmp(presets[i].name, name) == 0) {
            if (width)
                *width = presets[i].width;
            if (height)
                *height = presets[i].height;
            return 0;
        }
    }
    return -1;
}

const char *const *ic_preset_names(void)
{
    return preset_names;
}

void ic_preset_safe_zones(const char *name, double *top, double *bottom)
{
    *top = *bottom = 0;
    for (size_t i = 0; name && i < NPRESETS; i++) {
        if (strcmp(presets[i].name, name) == 0) {
            *top = presets[i].safe_top;
            *bottom = presets[i].safe_bottom;
        }
    }
}

int ic_preset_max_height(const char *name)
{
    for (size_t i = 0; name && i < NPRESETS; i++)
        if (strcmp(presets[i].name, name) == 0)
            return presets[i].max_height;
    return 0;
}

int ic_preset_is_print(const char *name)
{
    for (size_t i = 0; name && i < NPRESETS; i++)
        if (strcmp(presets[i].name, name) == 0)
            return presets[i].print;
    return 0;
}

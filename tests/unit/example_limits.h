/* Example charts a preset cannot hold, with the reason: the example tests
 * accept a clear refusal there (and nowhere else). Keep this list short and
 * every reason measured. */
#ifndef IC_TEST_EXAMPLE_LIMITS_H
#define IC_TEST_EXAMPLE_LIMITS_H

#include <string.h>

static const struct example_limit {
    const char *spec, *preset, *reason;
} example_limits[] = {
    /* Nastaliq lines are 2.5 em tall (the font's own metrics; its ink
     * reaches 1.7-2.6 em): at the 24 px floor of a 1200 px wide canvas the
     * two-line title, subtitle, two-line note and source take about 500 of
     * the 630 px, too little is left for a line chart's axis */
    {"ur_child_share_line.json", "facebook", "Urdu frame at the floor fills the 630 px height"},
    /* with Arabic script set 1.15 times larger (font.c), the two-line title,
     * two-line subtitle, note and source at the floors of a 1600 px canvas
     * take about 690 of its 900 px, and in a side column (up to 40 % of the
     * width) they wrap to more than its height: the plot would be under
     * 3 tick labels tall */
    {"ur_child_share_line.json", "x-post", "Urdu frame at the floor fills the 900 px height"},
    {"ur_child_share_line.json", "linkedin", "Urdu frame at the floor fills the 627 px height"},
};

/* The reason `spec` (a file name) may be refused at `preset`, or NULL. */
static inline const char *example_limit(const char *spec, const char *preset)
{
    for (size_t i = 0; i < sizeof example_limits / sizeof *example_limits; i++)
        if (strcmp(example_limits[i].spec, spec) == 0 && strcmp(example_limits[i].preset, preset) == 0)
            return example_limits[i].reason;
    return NULL;
}

#endif

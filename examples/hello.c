/* The smallest program using libinfochart: draws the chart of a spec file.
 *
 *   hello SPEC.json OUT.png|OUT.svg|OUT.pdf
 *
 * Build it against an installed infochart (see docs/install.md):
 *   cc hello.c -o hello $(pkg-config --cflags --libs infochart)
 * or with CMake: find_package(infochart CONFIG REQUIRED) and
 * target_link_libraries(hello PRIVATE infochart::infochart). */
#include <infochart.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s SPEC.json OUT.png|OUT.svg|OUT.pdf\n", argv[0]);
        return 2;
    }
    int format = ic_format_from_path(argv[2]);
    if (format < 0) {
        fprintf(stderr, "%s: error: the output name must end in .png, .svg or .pdf\n", argv[2]);
        return 2;
    }

    int status = 1;
    ic_error err = {0};
    ic_fonts *fonts = NULL;
    ic_scene *scene = NULL;
    ic_chart *chart = ic_chart_load(argv[1], &err);
    if (!chart)
        goto done;
    /* INFOCHART_FONTS, else the fonts installed with the library */
    fonts = ic_fonts_load(ic_fonts_default_dir(), &err);
    if (!fonts)
        goto done;
    scene = ic_chart_layout(chart, fonts, &err);
    if (!scene || ic_scene_write(scene, argv[2], (ic_format)format, &err) != 0)
        goto done;
    printf("wrote %s (%g x %g)\n", argv[2], ic_scene_width(scene), ic_scene_height(scene));
    status = 0;
done:
    if (status != 0) {
        char msg[2200];
        fprintf(stderr, "%s\n", ic_error_format(&err, msg, sizeof msg));
    }
    ic_scene_free(scene);
    ic_fonts_free(fonts);
    ic_chart_free(chart);
    return status;
}

/* Output dispatch: format from file name, and the public write entry points.
 * Every file is written to a temporary name first; with several files, none
 * is renamed into place unless all of them were written. */
#include "output/write.h"
#include "core/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int ic_format_from_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return -1;
    if (strcasecmp(dot, ".png") == 0)
        return IC_FORMAT_PNG;
    if (strcasecmp(dot, ".svg") == 0)
        return IC_FORMAT_SVG;
    if (strcasecmp(dot, ".pdf") == 0)
        return IC_FORMAT_PDF;
    return -1;
}

int ic_write_format_to(const ic_scene *scene, FILE *f, const char *path, int format, ic_error *err)
{
    switch (format) {
    case IC_FORMAT_PNG: return ic_write_png_to(scene, f, path, err);
    case IC_FORMAT_SVG: return ic_write_svg_to(scene, f, path, err);
    case IC_FORMAT_PDF: return ic_write_pdf_to(scene, f, path, err);
    case IC_OUTPUT_SCENE_JSON: return ic_write_json_to(scene, f, path, err);
    }
    return ic_error_set(err, IC_ERR_USAGE, path, 0, 0, "unknown output format (use .png, .svg or .pdf)");
}

int ic_scene_write_all(const ic_scene *scene, const char *const *paths, const int *formats, size_t n,
                       ic_error *err)
{
    ic_output_set *set = ic_output_set_new();
    if (!set)
        return ic_error_set(err, IC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = ic_output_set_write(set, scene, paths[i], formats[i], err);
    if (rc == 0)
        rc = ic_output_set_commit(set, err);
    ic_output_set_free(set);
    return rc;
}

int ic_scene_write(const ic_scene *scene, const char *path, ic_format format, ic_error *err)
{
    int f = (int)format;
    return ic_scene_write_all(scene, &path, &f, 1, err);
}

int ic_scene_write_json(const ic_scene *scene, const char *path, ic_error *err)
{
    int f = IC_OUTPUT_SCENE_JSON;
    return ic_scene_write_all(scene, &path, &f, 1, err);
}

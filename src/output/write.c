/* Output dispatch: format from file name, and the public write entry points.
 * Every file is written to a temporary name first; with several files, none
 * is renamed into place unless all of them were written. */
#include "output/write.h"
#include "core/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int ic_sink_put(ic_sink *sink, const void *data, size_t len)
{
    if (sink->error)
        return -1;
    if (len == 0)
        return 0;
    if (sink->file) {
        errno = 0;
        if (fwrite(data, 1, len, sink->file) == len)
            return 0;
        sink->error = errno ? errno : EIO;
        return -1;
    }
    if (sink->write(sink->closure, data, len) == 0)
        return 0;
    sink->error = -1;
    return -1;
}

int ic_sink_error(const ic_sink *sink, const char *what, const char *path, ic_error *err)
{
    if (sink->error == -1)
        return ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot write the %s: the write callback stopped it", what);
    return ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot write the %s file: %s", what,
                        strerror(sink->error > 0 ? sink->error : EIO));
}

int ic_write_alt_text_sink(const ic_scene *scene, ic_sink *out, const char *path, ic_error *err)
{
    const char *text = scene->desc ? scene->desc : "";
    if (ic_sink_put(out, text, strlen(text)) != 0 || ic_sink_put(out, "\n", 1) != 0)
        return ic_sink_error(out, "alt text", path, err);
    return 0;
}

int ic_write_png_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err)
{
    ic_sink out = {.file = file};
    return ic_write_png_sink(scene, &out, path, err);
}

int ic_write_svg_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err)
{
    ic_sink out = {.file = file};
    return ic_write_svg_sink(scene, &out, path, err);
}

int ic_write_pdf_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err)
{
    ic_sink out = {.file = file};
    return ic_write_pdf_sink(scene, &out, path, err);
}

int ic_scene_write_to(const ic_scene *scene, ic_format format, ic_write_fn write, void *closure, ic_error *err)
{
    if (!scene || !write)
        return ic_error_set(err, IC_ERR_USAGE, NULL, 0, 0, "ic_scene_write_to: %s is NULL",
                            !scene ? "the scene" : "the write callback");
    ic_sink out = {.write = write, .closure = closure};
    switch (format) {
    case IC_FORMAT_PNG: return ic_write_png_sink(scene, &out, NULL, err);
    case IC_FORMAT_SVG: return ic_write_svg_sink(scene, &out, NULL, err);
    case IC_FORMAT_PDF: return ic_write_pdf_sink(scene, &out, NULL, err);
    }
    if ((int)format == IC_OUTPUT_ALT_TEXT)
        return ic_write_alt_text_sink(scene, &out, NULL, err);
    return ic_error_set(err, IC_ERR_USAGE, NULL, 0, 0, "ic_scene_write_to: unknown format %d", (int)format);
}

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
    if (strcasecmp(dot, ".txt") == 0)
        return IC_OUTPUT_ALT_TEXT;
    return -1;
}

int ic_write_format_to(const ic_scene *scene, FILE *f, const char *path, int format, ic_error *err)
{
    switch (format) {
    case IC_FORMAT_PNG: return ic_write_png_to(scene, f, path, err);
    case IC_FORMAT_SVG: return ic_write_svg_to(scene, f, path, err);
    case IC_FORMAT_PDF: return ic_write_pdf_to(scene, f, path, err);
    case IC_OUTPUT_SCENE_JSON: return ic_write_json_to(scene, f, path, err);
    case IC_OUTPUT_ALT_TEXT: {
        ic_sink out = {.file = f};
        return ic_write_alt_text_sink(scene, &out, path, err);
    }
    }
    return ic_error_set(err, IC_ERR_USAGE, path, 0, 0, "unknown output format (use .png, .svg, .pdf or .txt)");
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

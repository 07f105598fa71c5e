/* Output dispatch: format from file name, and the public write entry point. */
#include "output/write.h"
#include "core/error.h"

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

int ic_scene_write(const ic_scene *scene, const char *path, ic_format format, ic_error *err)
{
    switch (format) {
    case IC_FORMAT_PNG: return ic_write_png(scene, path, err);
    case IC_FORMAT_SVG: return ic_write_svg(scene, path, err);
    case IC_FORMAT_PDF: return ic_write_pdf(scene, path, err);
    }
    return ic_error_set(err, IC_ERR_USAGE, path, 0, 0, "unknown output format");
}

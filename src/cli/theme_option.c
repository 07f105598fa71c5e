/* --theme FILE.json: one organisation theme applied to every chart that
 * `render` or `build` draws, in place of the themes their specs name. It is
 * loaded once (before any rendering thread starts) and then only read. */
#include "cli/cli.h"
#include "cli/batch.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static char *theme_path;     /* --theme as given, NULL: none */
static ic_theme *theme;      /* loaded from it */
static uint64_t theme_files; /* hash of its files when loaded */

/* Hash of the theme file and every file it names, as they are now; the
 * names come from the loaded theme (a theme edited to name other files is
 * seen through the theme file's own change). */
static uint64_t files_hash(void)
{
    uint64_t h = cli_hash_str(IC_HASH_INIT, "theme");
    h = cli_hash_str(h, theme_path);
    for (size_t i = 0; i < ic_theme_dependency_count(theme); i++) {
        const char *f = ic_theme_dependency(theme, i);
        h = cli_hash_str(h, f);
        if (cli_hash_file(&h, f) != 0)
            h = cli_hash_str(h, "(unreadable)");
    }
    return h;
}

int cli_theme_use(const char *path)
{
    cli_theme_release();
    if (!path)
        return 0;
    ic_error err = {0};
    theme = ic_theme_load(path, &err);
    if (!theme || !(theme_path = strdup(path))) {
        if (!theme)
            cli_print_error(&err);
        cli_theme_release();
        return -1;
    }
    theme_files = files_hash();
    return 0;
}

int cli_theme_refresh(uint64_t *key)
{
    if (!theme_path)
        return 0;
    uint64_t now = files_hash();
    if (now != theme_files) {
        /* edited since it was loaded (build --watch): load it again */
        ic_error err = {0};
        ic_theme *fresh = ic_theme_load(theme_path, &err);
        if (!fresh) {
            cli_print_error(&err);
            return -1;
        }
        ic_theme_free(theme);
        theme = fresh;
        now = files_hash();
        theme_files = now;
    }
    *key = ic_hash_bytes(*key, &now, sizeof now);
    return 0;
}

int cli_theme_apply(ic_chart *chart, ic_error *err)
{
    return theme ? ic_chart_set_theme(chart, theme, err) : 0;
}

void cli_theme_release(void)
{
    ic_theme_free(theme);
    theme = NULL;
    free(theme_path);
    theme_path = NULL;
    theme_files = 0;
}

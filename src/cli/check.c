/* infochart check SPEC: validate a spec and its data, draw nothing. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "Usage: infochart check SPEC...\n"
    "\n"
    "Reads each spec and its CSV and checks everything that can be checked\n"
    "before drawing: JSON syntax, keys and types, the CSV's structure, column\n"
    "names and types. Prints 'ok: SPEC' or the first error as\n"
    "file:line:col: error: message. Exit status 1 when any spec fails.\n";

int cmd_check(int argc, char **argv)
{
    int nspecs = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(help, stdout);
            return EXIT_OK;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("check: unknown option '%s'", argv[i]);
    }
    for (int i = 1; i < argc; i++) {
        ic_error err = {0};
        nspecs++;
        ic_chart *chart = ic_chart_load(argv[i], &err);
        if (!chart) {
            cli_print_error(&err);
            failed++;
            continue;
        }
        printf("ok: %s\n", argv[i]);
        ic_chart_free(chart);
    }
    if (nspecs == 0)
        return cli_usage_error("check: missing SPEC");
    return failed ? EXIT_FAIL : EXIT_OK;
}

/* The spec reader's verdict on spec files, for tests/schema/check.py: one
 * line per file, "ok FILE", "error FILE MESSAGE" or "limit FILE MESSAGE"
 * (a resource limit, which the schema cannot know), each "ok" followed by
 * its warnings as "warning LINE". Reads the spec only (ic_spec_load), never
 * its data. Exit status 0 unless a file could not be judged at all. */
#include "spec/spec.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        ic_error err = {0};
        ic_spec *spec = ic_spec_load(argv[i], &err);
        if (!spec) {
            printf("%s %s %s\n", err.code == IC_ERR_LIMIT ? "limit" : "error", argv[i], err.message);
            continue;
        }
        printf("ok %s\n", argv[i]);
        for (size_t w = 0; w < spec->nwarnings; w++)
            printf("warning %s\n", spec->warnings[w]);
        ic_spec_free(spec);
    }
    return 0;
}

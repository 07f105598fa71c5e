/* The JSON Schema (docs/schema/infochart.schema.json) and the spec reader
 * know the same keys: top-level, the members of "number", of trend items and
 * of annotation items, and per chart kind the keys the registry declares.
 * Also the reader's side of per-kind keys: a key of another kind is a
 * warning at its position, "$schema" is accepted as a string. */
#include "check.h"
#include "charts/registry.h"
#include "spec/spec.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The reader's keys of `object` (ic_spec_key_name) into `names`; their number. */
static size_t reader_keys(const char *object, const char **names, size_t max)
{
    size_t n = 0;
    while (n < max && ic_spec_key_name(object, n))
        names[n] = ic_spec_key_name(object, n), n++;
    return n;
}

static int in_list(const char *const *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

/* The keys of schema object `props` equal the reader's `names`, both ways. */
static void same_keys(const char *what, const json_t *props, const char *const *names, size_t n)
{
    CHECK(json_is_object(props));
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)props, key, v) {
        int known = in_list(names, n, key);
        if (!known)
            fprintf(stderr, "%s: '%s' is in the schema, not in the reader\n", what, key);
        CHECK(known);
    }
    for (size_t i = 0; i < n; i++) {
        int described = json_object_get(props, names[i]) != NULL;
        if (!described)
            fprintf(stderr, "%s: '%s' is in the reader, not in the schema\n", what, names[i]);
        CHECK(described);
        /* every key is explained for editors */
        const json_t *p = json_object_get(props, names[i]);
        if (p && json_is_object(p) && !json_object_get(p, "description") && !json_object_get(p, "$ref"))
            fprintf(stderr, "%s: '%s' has no description\n", what, names[i]);
        CHECK(!p || !json_is_object(p) || json_object_get(p, "description") || json_object_get(p, "$ref"));
    }
}

static void test_keys_match(const json_t *schema)
{
    const char *names[128];
    size_t n = reader_keys(NULL, names, 128);
    CHECK(n > 40 && n < 128);
    const json_t *props = json_object_get(schema, "properties");
    same_keys("top level", props, names, n);
    CHECK(json_is_false(json_object_get(schema, "additionalProperties")));

    n = reader_keys("number", names, 128);
    const json_t *number = json_object_get(json_object_get(props, "number"), "anyOf");
    const json_t *number_object = json_array_get(number, 1);
    same_keys("number", json_object_get(number_object, "properties"), names, n);

    const json_t *defs = json_object_get(schema, "$defs");
    n = reader_keys("trend", names, 128);
    same_keys("trend", json_object_get(json_object_get(defs, "trend"), "properties"), names, n);
    n = reader_keys("annotations", names, 128);
    same_keys("annotations", json_object_get(json_object_get(defs, "annotation"), "properties"), names, n);

    CHECK(n == 7);
    CHECK(ic_spec_key_name("nothing", 0) == NULL);
}

/* Every kind has a block in $defs/kinds: its own keys `true`, every other
 * kind-specific key deprecated with the reader's warning text; and the
 * "chart" enum lists exactly the registry's kinds. */
static void test_kinds_match(const json_t *schema)
{
    const char *keys[128];
    size_t nkeys = reader_keys(NULL, keys, 128);
    const json_t *kinds = json_object_get(json_object_get(schema, "$defs"), "kinds");
    const json_t *chart_enum = json_object_get(json_object_get(json_object_get(schema, "properties"), "chart"), "enum");
    size_t nkinds = 0;
    for (const ic_chart_kind *k = ic_chart_kinds(); k->name; k++, nkinds++) {
        const json_t *block = json_object_get(json_object_get(kinds, k->name), "properties");
        if (!block)
            fprintf(stderr, "kind %s: no block in $defs/kinds\n", k->name);
        CHECK(block != NULL);
        int listed = 0;
        for (size_t i = 0; i < json_array_size(chart_enum); i++)
            listed |= strcmp(json_string_value(json_array_get(chart_enum, i)), k->name) == 0;
        CHECK(listed);
        /* the kind's keys are keys of the reader */
        for (const char *const *key = k->keys; key && *key; key++)
            CHECK(in_list(keys, nkeys, *key));
        for (size_t i = 0; block && i < nkeys; i++) {
            const json_t *p = json_object_get(block, keys[i]);
            if (ic_chart_kind_uses(k, keys[i])) {
                if (!json_is_true(p))
                    fprintf(stderr, "kind %s: '%s' should be true in its block\n", k->name, keys[i]);
                CHECK(json_is_true(p));
            } else if (ic_chart_key_is_kind_specific(keys[i])) {
                const json_t *dep = json_object_get(p, "deprecated");
                if (!json_is_true(dep))
                    fprintf(stderr, "kind %s: '%s' should be deprecated in its block\n", k->name, keys[i]);
                CHECK(json_is_true(dep));
            } else {
                if (p)
                    fprintf(stderr, "kind %s: common key '%s' should not be in its block\n", k->name, keys[i]);
                CHECK(p == NULL);
            }
        }
        /* and nothing else */
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)block, key, v) CHECK(ic_chart_key_is_kind_specific(key));
    }
    CHECK(json_array_size(chart_enum) == nkinds);
    CHECK(json_object_size(kinds) == nkinds);
}

static const char *base_spec = "{\n"
                               "  \"chart\": \"%s\",\n"
                               "  \"data\": \"d.csv\",\n"
                               "  \"x\": \"a\",\n"
                               "  \"y\": \"b\",\n"
                               "  \"title\": \"T\",\n"
                               "  \"source\": \"S\"%s\n"
                               "}\n";

static ic_spec *parse(const char *kind, const char *extra, ic_error *err)
{
    char text[1024];
    snprintf(text, sizeof text, base_spec, kind, extra);
    return ic_spec_parse(text, strlen(text), "spec.json", err);
}

static void test_warnings(void)
{
    ic_error err = {0};
    ic_spec *s = parse("bar", ",\n  \"hole\": 0.5,\n  \"trend\": {\"show\": \"ratio\"},\n  \"sort\": \"ascending\"", &err);
    CHECK(s != NULL);
    if (s) {
        CHECK(s->nwarnings == 2);
        if (s->nwarnings == 2) {
            CHECK_STR(s->warnings[0], "spec.json:8:3: warning: 'hole' is used by donut charts, not by bar charts; "
                                      "it is ignored");
            CHECK_STR(s->warnings[1], "spec.json:9:3: warning: 'trend' is used by line and area charts, not by bar "
                                      "charts; it is ignored");
        }
    }
    ic_spec_free(s);
    /* the key before "chart" is found too; three users are listed with commas */
    const char *text = "{\"icon\": \"child\", \"chart\": \"stat\", \"data\": \"d.csv\", \"x\": \"a\", \"y\": \"b\",\n"
                       " \"title\": \"T\", \"source\": \"S\", \"mirror_time\": true}";
    s = ic_spec_parse(text, strlen(text), "s.json", &err);
    CHECK(s != NULL && s->nwarnings == 2);
    if (s && s->nwarnings == 2) {
        CHECK_STR(s->warnings[0], "s.json:1:2: warning: 'icon' is used by waffle charts, not by stat charts; it is "
                                  "ignored");
        CHECK_STR(s->warnings[1], "s.json:2:31: warning: 'mirror_time' is used by bar, line and area charts, not by "
                                  "stat charts; it is ignored");
    }
    ic_spec_free(s);
    /* a kind's own keys and common keys: no warning; a spec without a path */
    s = parse("donut", ",\n  \"hole\": 0.5,\n  \"center_label\": \"x\",\n  \"number\": \"percent\"", &err);
    CHECK(s != NULL && s->nwarnings == 0);
    ic_spec_free(s);
    text = "{\"chart\": \"pie\", \"data\": \"d\", \"x\": \"a\", \"y\": \"b\", \"title\": \"T\", \"source\": \"S\", "
           "\"hole\": 0}";
    s = ic_spec_parse(text, strlen(text), NULL, &err);
    CHECK(s != NULL && s->nwarnings == 1);
    if (s && s->nwarnings == 1)
        CHECK_STR(s->warnings[0], "<spec>:1:80: warning: 'hole' is used by donut charts, not by pie charts; it is "
                                  "ignored");
    ic_spec_free(s);
    CHECK(err.code == IC_OK);
}

static void test_schema_key(void)
{
    ic_error err = {0};
    ic_spec *s = parse("line", ",\n  \"$schema\": \"../docs/schema/infochart.schema.json\"", &err);
    CHECK(s != NULL && s->nwarnings == 0);
    ic_spec_free(s);
    s = parse("line", ",\n  \"$schema\": 3", &err);
    CHECK(s == NULL);
    CHECK(err.code == IC_ERR_SPEC && err.line == 8 && err.column == 14);
    CHECK(strstr(err.message, "'$schema' must be a string, got 3") != NULL);
}

int main(void)
{
    json_error_t je;
    json_t *schema = json_load_file(IC_SOURCE_DIR "/docs/schema/infochart.schema.json", 0, &je);
    if (!schema)
        fprintf(stderr, "schema: %s:%d: %s\n", je.source, je.line, je.text);
    CHECK(schema != NULL);
    if (schema) {
        CHECK_STR(json_string_value(json_object_get(schema, "$schema")),
                  "https://json-schema.org/draft/2020-12/schema");
        test_keys_match(schema);
        test_kinds_match(schema);
    }
    json_decref(schema);
    test_warnings();
    test_schema_key();
    return CHECK_DONE();
}

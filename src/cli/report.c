/* --report FILE.json: what happened to every chart of a build, for pipelines. */
#include "cli/batch.h"
#include "cli/cli.h"
#include "output/atomic.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *status_name(cli_job_status s)
{
    switch (s) {
    case JOB_RENDERED: return "rendered";
    case JOB_UPTODATE: return "up-to-date";
    case JOB_FAILED: return "failed";
    default: return "skipped"; /* interrupted before its turn (--watch) */
    }
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

int cli_report_write(const cli_batch *b, ic_error *err)
{
    json_t *root = json_object(), *charts = json_array();
    char *text = NULL;
    int rc = -1;
    if (!root || !charts)
        goto nomem;
    char shard[64];
    snprintf(shard, sizeof shard, "%d/%d", b->shard_k, b->shard_n);
    json_object_set_new(root, "infochart", json_string(ic_version()));
    json_object_set_new(root, "dir", json_string(b->dir));
    json_object_set_new(root, "out", json_string(b->out));
    json_object_set_new(root, "shard", b->shard_n ? json_string(shard) : json_null());
    json_object_set_new(root, "jobs", json_integer(b->nthreads));
    json_object_set_new(root, "force", json_boolean(b->force));
    json_t *sum = json_object();
    json_object_set_new(sum, "charts", json_integer((json_int_t)b->njobs));
    json_object_set_new(sum, "rendered", json_integer((json_int_t)b->rendered));
    json_object_set_new(sum, "up_to_date", json_integer((json_int_t)b->uptodate));
    json_object_set_new(sum, "failed", json_integer((json_int_t)b->failed));
    json_object_set_new(root, "summary", sum);
    for (size_t i = 0; i < b->njobs; i++) {
        const cli_job *j = &b->jobs[i];
        json_t *c = json_object(), *inputs = json_object(), *outs = json_array();
        if (!c || !inputs || !outs) {
            json_decref(c);
            json_decref(inputs);
            json_decref(outs);
            goto nomem;
        }
        json_object_set_new(inputs, "spec", json_string(j->spec));
        json_object_set_new(inputs, "data", str_or_null(j->data));
        for (size_t k = 0; k < j->noutputs; k++)
            json_array_append_new(outs, json_string(j->outputs[k]));
        json_object_set_new(c, "spec", json_string(j->spec));
        json_object_set_new(c, "inputs", inputs);
        json_object_set_new(c, "outputs", outs);
        json_object_set_new(c, "status", json_string(status_name(j->status)));
        json_object_set_new(c, "error", str_or_null(j->status == JOB_FAILED ? j->error : NULL));
        json_object_set_new(c, "time_ms", json_real(round(j->ms * 1000.0) / 1000.0));
        json_array_append_new(charts, c);
    }
    json_object_set_new(root, "charts", charts);
    charts = NULL;
    json_t *skipped = json_array();
    for (size_t i = 0; skipped && i < b->nskipped; i++)
        json_array_append_new(skipped, json_string(b->skipped[i]));
    if (!skipped || json_object_set_new(root, "skipped", skipped) != 0)
        goto nomem;
    text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    if (!text)
        goto nomem;
    size_t len = strlen(text);
    char *with_nl = realloc(text, len + 2);
    if (!with_nl)
        goto nomem;
    text = with_nl;
    text[len++] = '\n';
    text[len] = '\0';
    if (cli_report_file(b)) {
        rc = ic_atomic_write(b->report, text, len, err);
    } else if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        err->code = IC_ERR_IO;
        snprintf(err->file, sizeof err->file, "<stdout>");
        snprintf(err->message, sizeof err->message, "cannot write the report to standard output");
    } else {
        rc = 0;
    }
    goto done;
nomem:
    err->code = IC_ERR_NOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
done:
    free(text);
    json_decref(charts);
    json_decref(root);
    return rc;
}

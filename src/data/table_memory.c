/* ic_data: a table given from memory, read through the CSV reader. */
#include "data/table_memory.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLUMNS_NAME "<data>"

typedef struct data_column {
    char *name;
    double *numbers;    /* [nrows], NaN a gap; NULL for a column of strings */
    char **strings;     /* [nrows], NULL a gap */
} data_column;

struct ic_data {
    data_column *cols;
    size_t ncols, nrows;
    char *csv;          /* CSV text (set_csv), or NULL */
    size_t csv_len;
    char *csv_name;
};

struct ic_data_map {
    int refs;           /* references (ic_data_map_ref), changed atomically */
    char *name;         /* the data's name, as errors give it */
    char *text;         /* the CSV text written for the columns */
    size_t len;
    size_t *starts;     /* [(nrows + 1) * ncols] where each cell starts, header first */
    size_t ncells, ncols;
    char **names;       /* [ncols] */
};

ic_data *ic_data_new(void)
{
    return calloc(1, sizeof(ic_data));
}

static void free_columns(ic_data *d)
{
    for (size_t i = 0; i < d->ncols; i++) {
        free(d->cols[i].name);
        free(d->cols[i].numbers);
        for (size_t r = 0; d->cols[i].strings && r < d->nrows; r++)
            free(d->cols[i].strings[r]);
        free(d->cols[i].strings);
    }
    free(d->cols);
    d->cols = NULL;
    d->ncols = d->nrows = 0;
}

void ic_data_free(ic_data *d)
{
    if (!d)
        return;
    free_columns(d);
    free(d->csv);
    free(d->csv_name);
    free(d);
}

const char *ic_data_name(const ic_data *d)
{
    return d->csv ? d->csv_name : COLUMNS_NAME;
}

/* The checks every added column passes; 0 or -1 with IC_ERR_USAGE. */
static int check_column(const ic_data *d, const char *name, const void *values, size_t n, ic_error *err)
{
    const char *what = "ic_data_add";
    if (!d || !name || !values)
        return ic_error_set(err, IC_ERR_USAGE, NULL, 0, 0, "%s: %s is NULL", what,
                            !d ? "the data" : !name ? "the column name" : "the values");
    if (d->csv)
        return ic_error_set(err, IC_ERR_USAGE, COLUMNS_NAME, 0, 0,
                            "column '%s': the data already holds CSV text (columns and CSV text do not mix)", name);
    if (!*name)
        return ic_error_set(err, IC_ERR_USAGE, COLUMNS_NAME, 0, 0, "a column name must not be empty");
    if (n == 0)
        return ic_error_set(err, IC_ERR_USAGE, COLUMNS_NAME, 0, 0, "column '%s': no values", name);
    for (size_t i = 0; i < d->ncols; i++)
        if (strcmp(d->cols[i].name, name) == 0)
            return ic_error_set(err, IC_ERR_USAGE, COLUMNS_NAME, 0, 0, "column '%s' is given twice", name);
    if (d->ncols > 0 && n != d->nrows)
        return ic_error_set(err, IC_ERR_USAGE, COLUMNS_NAME, 0, 0,
                            "column '%s' has %zu values, the other columns %zu (every column must have as many)",
                            name, n, d->nrows);
    return 0;
}

/* Adds `col` (its allocations taken). Returns 0 or -1 (nothing taken). */
static int push_column(ic_data *d, data_column col, size_t n, ic_error *err)
{
    data_column *grown = realloc(d->cols, (d->ncols + 1) * sizeof *grown);
    if (!grown)
        return ic_error_set(err, IC_ERR_NOMEM, COLUMNS_NAME, 0, 0, "out of memory");
    d->cols = grown;
    d->cols[d->ncols++] = col;
    d->nrows = n;
    return 0;
}

int ic_data_add_numbers(ic_data *d, const char *name, const double *values, size_t n, ic_error *err)
{
    if (check_column(d, name, values, n, err) != 0)
        return -1;
    for (size_t r = 0; r < n; r++)
        if (isinf(values[r]))
            return ic_error_set(err, IC_ERR_USAGE, COLUMNS_NAME, 0, 0,
                                "row %zu, column '%s': the value is infinite (NaN marks a gap)", r + 1, name);
    data_column col = {ic_strdup(name), malloc(n * sizeof(double)), NULL};
    if (!col.name || !col.numbers) {
        free(col.name);
        free(col.numbers);
        return ic_error_set(err, IC_ERR_NOMEM, COLUMNS_NAME, 0, 0, "out of memory");
    }
    memcpy(col.numbers, values, n * sizeof(double));
    if (push_column(d, col, n, err) != 0) {
        free(col.name);
        free(col.numbers);
        return -1;
    }
    return 0;
}

int ic_data_add_strings(ic_data *d, const char *name, const char *const *values, size_t n, ic_error *err)
{
    if (check_column(d, name, values, n, err) != 0)
        return -1;
    data_column col = {ic_strdup(name), NULL, calloc(n, sizeof(char *))};
    int ok = col.name && col.strings;
    for (size_t r = 0; ok && r < n; r++)
        ok = !values[r] || (col.strings[r] = ic_strdup(values[r]));
    if (ok && push_column(d, col, n, err) == 0)
        return 0;
    for (size_t r = 0; col.strings && r < n; r++)
        free(col.strings[r]);
    free(col.strings);
    free(col.name);
    return ok ? -1 : ic_error_set(err, IC_ERR_NOMEM, COLUMNS_NAME, 0, 0, "out of memory");
}

int ic_data_set_csv(ic_data *d, const char *csv, size_t len, const char *name, ic_error *err)
{
    if (!d || (!csv && len))
        return ic_error_set(err, IC_ERR_USAGE, name, 0, 0, "ic_data_set_csv: %s is NULL", !d ? "the data" : "csv");
    char *text = malloc(len ? len : 1);
    char *copy = ic_strdup(name ? name : COLUMNS_NAME);
    if (!text || !copy) {
        free(text);
        free(copy);
        return ic_error_set(err, IC_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    if (len)
        memcpy(text, csv, len);
    free_columns(d);
    free(d->csv);
    free(d->csv_name);
    d->csv = text;
    d->csv_len = len;
    d->csv_name = copy;
    return 0;
}

/* ---- columns written as CSV text ----------------------------------------- */

/* A cell of text: quoted when it holds a delimiter, a quote or a line break
 * (quotes doubled), else as it is, as a person would write it. */
static void put_text(ic_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        ic_buf_puts(b, s);
        return;
    }
    ic_buf_puts(b, "\"");
    for (const char *q; (q = strchr(s, '"')); s = q + 1) {
        ic_buf_append(b, s, (size_t)(q - s));
        ic_buf_puts(b, "\"\"");
    }
    ic_buf_puts(b, s);
    ic_buf_puts(b, "\"");
}

/* The shortest text that reads back as `v` (no thousands separators), with
 * `decimal` as the decimal separator; a gap is left empty. */
static void put_number(ic_buf *b, double v, char decimal)
{
    if (isnan(v))
        return;
    char s[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(s, sizeof s, "%.*g", digits, v);
        if (strtod(s, NULL) == v)
            break;
    }
    char *dot = strchr(s, '.');
    if (dot && decimal == ',') {
        *dot = ',';
        ic_buf_printf(b, "\"%s\"", s); /* the comma would end the cell */
        return;
    }
    ic_buf_puts(b, s);
}

static ic_data_map *write_columns(const ic_data *d, char decimal)
{
    ic_data_map *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->refs = 1;
    m->ncols = d->ncols;
    m->ncells = (d->nrows + 1) * d->ncols;
    m->starts = malloc(m->ncells * sizeof *m->starts);
    m->names = calloc(d->ncols, sizeof *m->names);
    m->name = ic_strdup(COLUMNS_NAME);
    if (!m->starts || !m->names || !m->name) {
        ic_data_map_free(m);
        return NULL;
    }
    ic_buf b = IC_BUF_INIT;
    size_t k = 0;
    for (size_t c = 0; c < d->ncols; c++) {
        m->names[c] = ic_strdup(d->cols[c].name);
        if (c > 0)
            ic_buf_puts(&b, ",");
        m->starts[k++] = b.len;
        put_text(&b, d->cols[c].name);
    }
    ic_buf_puts(&b, "\n");
    for (size_t r = 0; r < d->nrows; r++) {
        for (size_t c = 0; c < d->ncols; c++) {
            const data_column *col = &d->cols[c];
            if (c > 0)
                ic_buf_puts(&b, ",");
            m->starts[k++] = b.len;
            if (col->numbers)
                put_number(&b, col->numbers[r], decimal);
            else if (col->strings[r])
                put_text(&b, col->strings[r]);
        }
        ic_buf_puts(&b, "\n");
    }
    m->len = b.len;
    m->text = ic_buf_take(&b);
    for (size_t c = 0; m->text && c < d->ncols; c++)
        if (!m->names[c])
            m->text = (free(m->text), NULL);
    if (!m->text) {
        ic_data_map_free(m);
        return NULL;
    }
    return m;
}

ic_table *ic_data_table(const ic_data *d, const ic_csv_options *opt, ic_data_map **map, ic_error *err)
{
    if (map)
        *map = NULL;
    if (d->csv)
        return ic_table_parse(d->csv, d->csv_len, d->csv_name, opt, err);
    if (d->ncols == 0)
        return ic_error_set(err, IC_ERR_USAGE, COLUMNS_NAME, 0, 0,
                            "the data is empty (add columns, or CSV text, before loading a chart)"),
               NULL;
    ic_data_map *m = write_columns(d, opt->decimal == ',' ? ',' : '.');
    if (!m) {
        ic_error_set(err, IC_ERR_NOMEM, COLUMNS_NAME, 0, 0, "out of memory");
        return NULL;
    }
    ic_csv_options o = *opt;
    o.delimiter = ','; /* the text's own; "decimal" and "thousands" stay the spec's */
    ic_table *t = ic_table_parse(m->text, m->len, m->name, &o, err);
    if (!t)
        ic_data_map_error(m, err);
    for (size_t i = 0; t && i < t->nnotes; i++) {
        char *note = ic_data_map_note(m, t->notes[i]);
        if (note) {
            free(t->notes[i]);
            t->notes[i] = note;
        }
    }
    if (map && t)
        *map = m;
    else
        ic_data_map_free(m);
    return t;
}

/* The cell at `line`:`col` (1-based, col in characters) of the map's text:
 * 0 and *cell set, or -1. */
static int find_cell(const ic_data_map *m, int line, int col, size_t *cell)
{
    size_t at = 0;
    for (int l = 1; l < line; l++) {
        const char *nl = memchr(m->text + at, '\n', m->len - at);
        if (!nl)
            return -1;
        at = (size_t)(nl - m->text) + 1;
    }
    for (int c = 1; c < col && at < m->len; c++)
        do
            at++;
        while (at < m->len && ((unsigned char)m->text[at] & 0xC0) == 0x80);
    if (m->ncells == 0 || at < m->starts[0])
        return -1;
    size_t lo = 0, hi = m->ncells; /* the last start <= at */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (m->starts[mid] <= at)
            lo = mid;
        else
            hi = mid;
    }
    *cell = lo;
    return 0;
}

/* `text` with every "line N" (a line of the map's text, as messages name
 * other cells: "first on line 3") written "row R". A heap string, or NULL
 * when out of memory. */
static char *lines_as_rows(const ic_data_map *m, const char *text)
{
    ic_buf b = IC_BUF_INIT;
    const char *p = text;
    for (const char *q; (q = strstr(p, "line ")); ) {
        char *end;
        long line = strtol(q + 5, &end, 10);
        size_t cell;
        int word = q == text || q[-1] == ' ' || q[-1] == '(';
        if (!word || end == q + 5 || line <= 0 || line > 1000000000 || find_cell(m, (int)line, 1, &cell) != 0 ||
            cell / m->ncols == 0) {
            ic_buf_append(&b, p, (size_t)(q + 5 - p));
            p = q + 5;
            continue;
        }
        ic_buf_append(&b, p, (size_t)(q - p));
        ic_buf_printf(&b, "row %zu", cell / m->ncols);
        p = end;
    }
    ic_buf_puts(&b, p);
    return ic_buf_take(&b);
}

/* "row R, column 'C'" (or "column 'C'" in the header) into `out`. */
static void cell_place(const ic_data_map *m, size_t cell, char *out, size_t size)
{
    size_t row = cell / m->ncols, col = cell % m->ncols;
    if (row == 0)
        snprintf(out, size, "column '%s'", m->names[col]);
    else
        snprintf(out, size, "row %zu, column '%s'", row, m->names[col]);
}

void ic_data_map_error(const ic_data_map *m, ic_error *err)
{
    size_t cell;
    if (!m || !err || err->line <= 0 || strcmp(err->file, m->name) != 0 ||
        find_cell(m, err->line, err->column > 0 ? err->column : 1, &cell) != 0)
        return;
    char place[300];
    cell_place(m, cell, place, sizeof place);
    /* the reader's messages often start by naming the column already */
    size_t col = cell % m->ncols;
    char *named = ic_asprintf("column '%s'", m->names[col]);
    if (!named)
        return;
    size_t nn = strlen(named);
    int said = strncmp(err->message, named, nn) == 0 && err->message[nn] == ':';
    free(named);
    char *rows = lines_as_rows(m, said ? err->message + nn : err->message);
    char *message = rows ? ic_asprintf("%s%s%s", place, said ? "" : ": ", rows) : NULL;
    free(rows);
    if (!message)
        return;
    size_t n = strlen(message);
    n = n < sizeof err->message - 1 ? n : sizeof err->message - 1;
    memcpy(err->message, message, n);
    err->message[n] = '\0';
    free(message);
    err->line = err->column = 0;
}

char *ic_data_map_note(const ic_data_map *m, const char *note)
{
    size_t n = strlen(m->name);
    int line, col, used = 0;
    if (strncmp(note, m->name, n) != 0 || sscanf(note + n, ":%d:%d: %n", &line, &col, &used) != 2 || used == 0)
        return NULL;
    size_t cell;
    if (find_cell(m, line, col, &cell) != 0)
        return NULL;
    char place[300];
    cell_place(m, cell, place, sizeof place);
    const char *rest = note + n + used; /* "warning: ..." */
    const char *colon = strstr(rest, ": ");
    if (!colon)
        return NULL;
    char *rows = lines_as_rows(m, colon + 2);
    char *out = rows ? ic_asprintf("%s: %.*s: %s: %s", m->name, (int)(colon - rest), rest, place, rows) : NULL;
    free(rows);
    return out;
}

ic_data_map *ic_data_map_ref(ic_data_map *m)
{
    if (m)
        __atomic_add_fetch(&m->refs, 1, __ATOMIC_RELAXED);
    return m;
}

void ic_data_map_free(ic_data_map *m)
{
    if (!m || __atomic_sub_fetch(&m->refs, 1, __ATOMIC_ACQ_REL) > 0)
        return;
    for (size_t i = 0; m->names && i < m->ncols; i++)
        free(m->names[i]);
    free(m->names);
    free(m->starts);
    free(m->text);
    free(m->name);
    free(m);
}

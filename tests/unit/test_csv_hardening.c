/* The CSV reader against hostile input: forbidden characters, inputs that
 * are not regular files, size and column limits, memory that must grow with
 * the data, and cell positions for error messages. */
#include "check.h"
#include "core/buf.h"
#include "data/table.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Expects parsing `csv` to fail with this code, position and message. */
static void expect_err(int at, const char *csv, size_t len, const ic_csv_options *opt, ic_error_code code,
                       int line, int col, const char *message)
{
    ic_error err;
    memset(&err, 0, sizeof err);
    ic_table *t = ic_table_parse(csv, len, "t.csv", opt, &err);
    int ok = !t && err.code == code && err.line == line && err.column == col &&
             strcmp(err.message, message) == 0;
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  test_csv_hardening.c:%d: got code %d at %d:%d \"%s\"; expected code %d at %d:%d "
                "\"%s\"\n", at, (int)err.code, err.line, err.column, err.message, (int)code, line, col, message);
    ic_table_free(t);
}

#define EXPECT_ERR(csv, opt, code, line, col, message) \
    expect_err(__LINE__, (csv), strlen(csv), (opt), (code), (line), (col), (message))

static int parses(const char *csv, const ic_csv_options *opt)
{
    ic_error err;
    memset(&err, 0, sizeof err);
    ic_table *t = ic_table_parse(csv, strlen(csv), "t.csv", opt, &err);
    if (!t)
        fprintf(stderr, "  unexpected error %d:%d %s\n", err.line, err.column, err.message);
    ic_table_free(t);
    return t != NULL;
}

/* A temporary directory for files, FIFOs and links; removed by cleanup(). */
static char tmpdir[64];

static char *tmp_path(const char *name)
{
    ic_buf b = IC_BUF_INIT;
    ic_buf_printf(&b, "%s/%s", tmpdir, name);
    return ic_buf_take(&b);
}

static char *write_file(const char *name, const char *data, size_t len)
{
    char *path = tmp_path(name);
    FILE *f = path ? fopen(path, "wb") : NULL;
    int ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    CHECK(ok);
    return path;
}

/* Any read that blocks fails the test instead of hanging ctest. */
static void watchdog(int sig)
{
    (void)sig;
    static const char msg[] = "test_csv_hardening: timed out (a read blocked)\n";
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    _exit(1);
}

static long max_rss_kb(void)
{
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_maxrss;
}

/* Runs first, while the process's peak memory is still low: the per-column
 * storage must start small (it used to reserve 4 KiB per column). */
static void test_wide_header_memory(void)
{
    size_t n = 200000;
    ic_buf b = IC_BUF_INIT;
    for (size_t j = 0; j < n; j++)
        ic_buf_printf(&b, "%sc%zu", j ? "," : "", j);
    ic_buf_puts(&b, "\n");
    for (size_t j = 0; j < n; j++)
        ic_buf_puts(&b, j ? ",1" : "1");
    ic_buf_puts(&b, "\n");
    size_t len = b.len;
    char *csv = ic_buf_take(&b);
    CHECK(csv != NULL);
    if (!csv)
        return;

    ic_csv_options o = {0};
    o.max_columns = n;
    ic_error err;
    memset(&err, 0, sizeof err);
    long before = max_rss_kb();
    ic_table *t = ic_table_parse(csv, len, "t.csv", &o, &err);
    long grown_mb = (max_rss_kb() - before) / 1024;
    CHECK(t != NULL && t->ncols == n && t->nrows == 1);
    /* sanitizers keep shadow memory for every allocation: a looser bound */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    const long bound_mb = 600;
#else
    const long bound_mb = 200;
#endif
    CHECK(grown_mb < bound_mb);
    if (grown_mb >= bound_mb)
        fprintf(stderr, "  200,000 columns took %ld MB\n", grown_mb);
    if (t) {
        CHECK_STR(t->cols[n - 1].name, "c199999");
        CHECK_STR(ic_cell_text(&t->cols[n - 1], 0), "1");
        CHECK(t->cols[n - 1].type == IC_COL_NUMBER);
    }
    ic_table_free(t);
    free(csv);
}

static void test_column_limit(void)
{
    /* 10,000 columns by default; the 10,001st is refused where it starts */
    ic_buf b = IC_BUF_INIT, row = IC_BUF_INIT;
    for (size_t j = 0; j < 10000; j++) {
        ic_buf_printf(&b, "%sc%zu", j ? "," : "", j);
        ic_buf_puts(&row, j ? ",1" : "1");
    }
    size_t header_len = b.len;
    ic_buf_printf(&b, "\n%s\n", row.data);
    char *ok_csv = ic_buf_take(&b);
    CHECK(ok_csv && parses(ok_csv, NULL));

    ic_buf_append(&b, ok_csv ? ok_csv : "", header_len);
    ic_buf_printf(&b, ",extra\n%s,1\n", row.data);
    char *wide = ic_buf_take(&b);
    CHECK(wide != NULL);
    if (wide)
        EXPECT_ERR(wide, NULL, IC_ERR_LIMIT, 1, (int)header_len + 2,
                   "too many columns: more than the limit of 10000 (limit 'columns')");
    free(ok_csv);
    free(wide);
    ic_buf_free(&row);

    ic_csv_options o = {0};
    o.max_columns = 3;
    CHECK(parses("a,b,c\n1,2,3\n", &o));
    EXPECT_ERR("a,b,c,d\n1,2,3,4\n", &o, IC_ERR_LIMIT, 1, 7,
               "too many columns: more than the limit of 3 (limit 'columns')");
    EXPECT_ERR("\"a\",\"b\r\nb\",  \"c\",\"d\"\n1,2,3,4\n", &o, IC_ERR_LIMIT, 2, 10,
               "too many columns: more than the limit of 3 (limit 'columns')");
}

static void test_row_and_field_limits(void)
{
    ic_csv_options o = {0};
    o.max_rows = 2;
    EXPECT_ERR("a\n1\n2\n3\n", &o, IC_ERR_LIMIT, 4, 1,
               "too many rows: more than the limit of 2 data rows (limit 'rows')");
    ic_csv_options f = {0};
    f.max_field_bytes = 4;
    EXPECT_ERR("a,b\n1,12345\n", &f, IC_ERR_LIMIT, 2, 3,
               "field is larger than the limit of 4 bytes (limit 'field_bytes')");
}

static void test_forbidden_characters(void)
{
    const char *ctl = "control character U+001B is not allowed in text";
    EXPECT_ERR("g,s\nWomen,39\nMen,\x1b[31mred\n", NULL, IC_ERR_CSV, 3, 5, ctl);
    EXPECT_ERR("g,s\r\nWomen,39\r\nMen,\"x\r\ny\x1b\"\r\n", NULL, IC_ERR_CSV, 4, 2, ctl);
    EXPECT_ERR("g,s\nWömen€,39\nMän€,a\x1b\n", NULL, IC_ERR_CSV, 3, 7, ctl);
    EXPECT_ERR("g,s\x1b\n1,2\n", NULL, IC_ERR_CSV, 1, 4, ctl); /* header */
    EXPECT_ERR("\xEF\xBB\xBFg,s\x1b\n1,2\n", NULL, IC_ERR_CSV, 1, 4, ctl); /* after a BOM */
    EXPECT_ERR("g,s\n1,\x01\n", NULL, IC_ERR_CSV, 2, 3, "control character U+0001 is not allowed in text");
    EXPECT_ERR("g,s\n1,a\x7f\n", NULL, IC_ERR_CSV, 2, 4, "control character U+007F is not allowed in text");
    EXPECT_ERR("g,s\n1,a\x0b\n", NULL, IC_ERR_CSV, 2, 4, "control character U+000B is not allowed in text");
    EXPECT_ERR("g,s\n1,\xC2\x85\n", NULL, IC_ERR_CSV, 2, 3, "control character U+0085 is not allowed in text");
    EXPECT_ERR("g,s\n1,ab\xEF\xBF\xBE\n", NULL, IC_ERR_CSV, 2, 5, "noncharacter U+FFFE is not allowed in text");
    EXPECT_ERR("g,s\n1,\xEF\xBF\xBF\n", NULL, IC_ERR_CSV, 2, 3, "noncharacter U+FFFF is not allowed in text");
    EXPECT_ERR("g,s\n1,\xEF\xB7\x90\n", NULL, IC_ERR_CSV, 2, 3, "noncharacter U+FDD0 is not allowed in text");
    EXPECT_ERR("g,s\n1,\xF0\x9F\xBF\xBF\n", NULL, IC_ERR_CSV, 2, 3, "noncharacter U+1FFFF is not allowed in text");
    EXPECT_ERR("g,s\n1,\xF4\x8F\xBF\xBE\n", NULL, IC_ERR_CSV, 2, 3, "noncharacter U+10FFFE is not allowed in text");

    /* the first problem in the file wins, whatever it is */
    EXPECT_ERR("g,s\n1,a\"b\x1b\n", NULL, IC_ERR_CSV, 2, 4,
               "stray quote in an unquoted field (expected the whole field in quotes, with quotes inside it doubled)");
    EXPECT_ERR("g,s\n1,\x1b\xff\n", NULL, IC_ERR_CSV, 2, 3, ctl);
    EXPECT_ERR("g,s\n1,\xff\x1b\n", NULL, IC_ERR_CSV, 2, 3, "invalid UTF-8 byte 0xFF (expected UTF-8 text)");
    expect_err(__LINE__, "g,s\n1,a\0\x1b\n", 10, NULL, IC_ERR_CSV, 2, 4,
               "NUL byte in the data (expected text; is the file UTF-16 or binary?)");

    /* neighbours of forbidden characters are fine */
    CHECK(parses("g,s\n\tx\t,\"a\r\nb\"\r\n", NULL));
    CHECK(parses("g,s\n\xC2\xA0\xC2\xBF,\xEF\xBF\xBD\xEF\xB7\x8F\xEF\xB7\xB0\n", NULL));       /* U+00A0 U+00BF U+FFFD U+FDCF U+FDF0 */
    CHECK(parses("g,s\n\xF0\x9F\x98\x80,\xF0\x9F\xBF\xBD\xC3\xA9~ \n", NULL));                  /* U+1F600 U+1FFFD */

    /* read from a file, the character sits across a read-chunk boundary */
    size_t pad = 65536 - 8; /* U+FFFE takes bytes 65534..65536 */
    char *doc = malloc(pad + 64);
    CHECK(doc != NULL);
    if (!doc)
        return;
    memcpy(doc, "k,v\np,", 6);
    memset(doc + 6, 'a', pad);
    memcpy(doc + 6 + pad, "\xEF\xBF\xBE\n", 4);
    char *path = write_file("chunk.csv", doc, pad + 10);
    ic_error err;
    memset(&err, 0, sizeof err);
    ic_table *t = path ? ic_table_read(path, NULL, &err) : NULL;
    CHECK(!t && err.code == IC_ERR_CSV && err.line == 2 && err.column == (int)pad + 3 &&
          strcmp(err.message, "noncharacter U+FFFE is not allowed in text") == 0);
    ic_table_free(t);
    if (path)
        unlink(path);
    free(path);
    free(doc);
}

/* ic_table_read on `path` fails with IC_ERR_IO "not a regular file", at no line. */
static void expect_not_regular(int at, const char *path)
{
    ic_error err;
    memset(&err, 0, sizeof err);
    ic_table *t = ic_table_read(path, NULL, &err);
    int ok = !t && err.code == IC_ERR_IO && err.line == 0 && strcmp(err.message, "not a regular file") == 0;
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  test_csv_hardening.c:%d: %s: got code %d \"%s\"\n", at, path, (int)err.code,
                err.message);
    ic_table_free(t);
}

static void test_not_regular_files(void)
{
    char *fifo = tmp_path("fifo.csv");
    char *link = tmp_path("zero.csv");
    CHECK(fifo && mkfifo(fifo, 0600) == 0);
    CHECK(link && symlink("/dev/zero", link) == 0);
    alarm(20);
    expect_not_regular(__LINE__, fifo);
    expect_not_regular(__LINE__, "/dev/zero");
    expect_not_regular(__LINE__, link);
    expect_not_regular(__LINE__, tmpdir);
    alarm(0);
    unlink(fifo);
    unlink(link);
    free(fifo);
    free(link);
}

static void test_size_limit(void)
{
    const char *csv = "a,b\n1,2\n3,4\n"; /* 12 bytes */
    char *path = write_file("size.csv", csv, strlen(csv));
    if (!path)
        return;
    ic_csv_options o = {0};
    o.max_bytes = 12;
    ic_error err;
    memset(&err, 0, sizeof err);
    ic_table *t = ic_table_read(path, &o, &err);
    CHECK(t != NULL);
    ic_table_free(t);
    o.max_bytes = 11;
    memset(&err, 0, sizeof err);
    t = ic_table_read(path, &o, &err);
    CHECK(!t && err.code == IC_ERR_LIMIT && err.line == 0 && strcmp(err.file, path) == 0 &&
          strcmp(err.message, "file is larger than the limit of 11 bytes (limit 'csv_bytes')") == 0);
    ic_table_free(t);
    unlink(path);
    free(path);
}

/* Finding a cell's position reads the CSV again: that must not hang when the
 * file was replaced by a FIFO or /dev/zero, nor fail where the table itself
 * was allowed past the default limits. */
static void test_positions_after_reading(void)
{
    const char *csv = "g,s\nWomen,39\nMen,abc\n";
    char *path = write_file("pos.csv", csv, strlen(csv));
    if (!path)
        return;
    ic_error err;
    memset(&err, 0, sizeof err);
    ic_table *t = ic_table_read(path, NULL, &err);
    CHECK(t != NULL);
    if (!t) {
        free(path);
        return;
    }
    ic_cell_pos p = ic_cell_position(&t->cols[1], 1);
    CHECK(p.line == 3 && p.col == 5);

    alarm(20);
    unlink(path);
    CHECK(mkfifo(path, 0600) == 0);
    p = ic_cell_position(&t->cols[1], 1);
    CHECK(p.line == 0 && p.col == 0);
    unlink(path);
    CHECK(symlink("/dev/zero", path) == 0);
    p = ic_cell_position(&t->cols[1], 1);
    CHECK(p.line == 0 && p.col == 0);
    alarm(0);
    unlink(path);

    /* a file that grew without end (here: a huge last field) is read only as far as it was */
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs("g,s\nWomen,39\nMen,abc", f);
        for (int i = 0; i < 64; i++)
            for (int k = 0; k < 65536; k++)
                fputc('x', f);
        fclose(f);
    }
    p = ic_cell_position(&t->cols[1], 1);
    CHECK(p.line == 3 && p.col == 5);
    unlink(path);
    ic_table_free(t);
    free(path);

    /* limits the table was read with hold when its positions are looked up */
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, "g,big,s\nx,\"");
    for (size_t i = 0; i < ((size_t)3 << 20); i++)
        ic_buf_puts(&b, "y");
    ic_buf_puts(&b, "\",1\nŸ,2,3\n");
    size_t len = b.len;
    char *big = ic_buf_take(&b);
    path = big ? write_file("limits.csv", big, len) : NULL;
    ic_csv_options o = {0};
    o.max_field_bytes = (size_t)4 << 20;
    memset(&err, 0, sizeof err);
    t = path ? ic_table_read(path, &o, &err) : NULL;
    CHECK(t != NULL);
    if (t) {
        p = ic_cell_position(&t->cols[2], 1);
        CHECK(p.line == 3 && p.col == 5);
    }
    ic_table_free(t);
    if (path)
        unlink(path);
    free(path);
    free(big);

    ic_buf_printf(&b, "c0");
    for (size_t j = 1; j < 10005; j++)
        ic_buf_printf(&b, ",c%zu", j);
    ic_buf_puts(&b, "\n");
    for (size_t r = 0; r < 2; r++)
        for (size_t j = 0; j < 10005; j++)
            ic_buf_puts(&b, j + 1 < 10005 ? "1," : "1\n");
    char *wide = ic_buf_take(&b);
    o.max_columns = 20000;
    memset(&err, 0, sizeof err);
    t = wide ? ic_table_parse(wide, strlen(wide), "t.csv", &o, &err) : NULL;
    CHECK(t != NULL);
    if (t) {
        p = ic_cell_position(&t->cols[10004], 1);
        CHECK(p.line == 3 && p.col == 2 * 10004 + 1);
    }
    ic_table_free(t);
    free(wide);
}

/* The cell to name when a column is not of the wanted type is the first one
 * that does not fit it, not the first that is present. */
static void test_first_mismatch(void)
{
    ic_error err;
    memset(&err, 0, sizeof err);
    const char *csv = "group,share,year,day\r\n"
                      "\"Wö,men\",39,2001,2024-01-01\r\n"
                      "Men,NA,1999,\r\n"
                      "\"Gi\r\nrls\",\"abc\",20x1,2024-13-01\r\n"
                      "Boys,\"also\",,n/a\r\n";
    ic_table *t = ic_table_parse(csv, strlen(csv), "t.csv", NULL, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    const ic_column *share = &t->cols[1];
    CHECK(share->type == IC_COL_TEXT);
    size_t r = ic_column_first_not(share, IC_COL_NUMBER);
    CHECK(r == 2);
    ic_cell_pos p = ic_cell_position(share, r);
    CHECK(p.line == 5 && p.col == 6);
    CHECK(ic_column_first_not(&t->cols[2], IC_COL_YEAR) == 2);
    CHECK(ic_column_first_not(&t->cols[2], IC_COL_DATE) == 0);
    CHECK(ic_column_first_not(&t->cols[3], IC_COL_DATE) == 2);
    CHECK(ic_column_first_not(&t->cols[0], IC_COL_TEXT) == t->nrows);
    ic_table_free(t);

    memset(&err, 0, sizeof err);
    t = ic_table_parse("a,b\n1,2\n3,\n", 11, "t.csv", NULL, &err);
    CHECK(t && ic_column_first_not(&t->cols[1], IC_COL_NUMBER) == t->nrows);
    ic_table_free(t);
}

int main(void)
{
    signal(SIGALRM, watchdog);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ic_test_csv_hard_XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_wide_header_memory();
    test_column_limit();
    test_row_and_field_limits();
    test_forbidden_characters();
    test_not_regular_files();
    test_size_limit();
    test_positions_after_reading();
    test_first_mismatch();
    rmdir(tmpdir);
    return CHECK_DONE();
}

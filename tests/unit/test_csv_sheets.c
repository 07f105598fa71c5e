/* Spreadsheet CSVs (docs/csv.md): delimiter detection, decimal and
 * thousands separators, trailing empty columns and rows, and the messages
 * that point at "delimiter" and "decimal". */
#include "check.h"
#include "core/buf.h"
#include "data/table.h"
#include "spec/spec.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ic_table *parse_n(const char *csv, size_t len, const ic_csv_options *opt, ic_error *err)
{
    memset(err, 0, sizeof *err);
    return ic_table_parse(csv, len, "t.csv", opt, err);
}

static ic_table *parse(const char *csv, const ic_csv_options *opt, ic_error *err)
{
    return parse_n(csv, strlen(csv), opt, err);
}

/* Expects parsing to fail with this code and position, and a message
 * containing `sub`. */
static void expect_err(int at, const char *csv, const ic_csv_options *opt, ic_error_code code, int line,
                       int col, const char *sub)
{
    ic_error err;
    ic_table *t = parse(csv, opt, &err);
    int ok = !t && err.code == code && err.line == line && err.column == col && strstr(err.message, sub);
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  test_csv_sheets.c:%d: got code %d at %d:%d \"%s\"; expected code %d at %d:%d "
                "with \"%s\"\n", at, (int)err.code, err.line, err.column, err.message, (int)code, line, col,
                sub);
    ic_table_free(t);
}

#define EXPECT_ERR(csv, opt, code, line, col, sub) expect_err(__LINE__, (csv), (opt), (code), (line), (col), (sub))

/* Parses `csv` with detection; expects `delim`, `ncols` columns and whether
 * the delimiter was detected (not the fallback). Returns the table. */
static ic_table *expect_delim(int at, const char *csv, char delim, size_t ncols, int detected)
{
    ic_error err;
    ic_table *t = parse(csv, NULL, &err);
    int ok = t && t->delimiter == delim && t->ncols == ncols && t->delimiter_detected == detected;
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  test_csv_sheets.c:%d: got %s, delimiter '%c' (detected %d), %zu columns; "
                "expected '%c' (%d), %zu\n", at, t ? "a table" : err.message, t ? t->delimiter : '?',
                t ? t->delimiter_detected : -1, t ? t->ncols : 0, delim, detected, ncols);
    return t;
}

static int has_note(const ic_table *t, const char *note)
{
    for (size_t i = 0; t && i < t->nnotes; i++)
        if (strcmp(t->notes[i], note) == 0)
            return 1;
    return 0;
}

static void test_detection(void)
{
    /* the file: ';' with decimal commas */
    ic_table *t = expect_delim(__LINE__, "country;value\nA;466,0\nB;1.234,5\n", ';', 2, 1);
    if (t) {
        CHECK(t->nnotes == 1);
        CHECK(has_note(t, "t.csv: note: read as ';'-separated (set \"delimiter\" to change)"));
        CHECK_STR(ic_cell_text(&t->cols[1], 0), "466,0");
        CHECK(t->cols[1].type == IC_COL_TEXT); /* no "decimal": the spec check explains (below) */
    }
    ic_table_free(t);

    t = expect_delim(__LINE__, "a\tb\n1\t2\n", '\t', 2, 1);
    CHECK(has_note(t, "t.csv: note: read as tab-separated (set \"delimiter\" to change)"));
    if (t)
        CHECK(t->cols[1].value[0] == 2.0);
    ic_table_free(t);
    t = expect_delim(__LINE__, "a|b|c\n1|2|3\n4|5|6\n", '|', 3, 1);
    CHECK(has_note(t, "t.csv: note: read as '|'-separated (set \"delimiter\" to change)"));
    ic_table_free(t);
    /* ',' is detected too, but says nothing */
    t = expect_delim(__LINE__, "a,b\n1,2\n", ',', 2, 1);
    CHECK(t && t->nnotes == 0);
    ic_table_free(t);
    /* a BOM, CRLF and blank lines do not disturb it */
    t = expect_delim(__LINE__, "\xEF\xBB\xBF" "a;b\r\n\r\n1;2\r\n  \r\n3;4\r\n", ';', 2, 1);
    CHECK(t && t->nrows == 2 && strcmp(t->cols[0].name, "a") == 0);
    ic_table_free(t);

    /* quoted fields: delimiters and line breaks inside them do not count */
    t = expect_delim(__LINE__, "\"a;x\",b\n\"1;2\",3\n\"4;5\",6\n", ',', 2, 1);
    if (t)
        CHECK_STR(ic_cell_text(&t->cols[0], 1), "4;5");
    ic_table_free(t);
    t = expect_delim(__LINE__, "name;note\n\"Smith, J.\";\"a,\nb, c\"\nDoe;\"x;y\"\n", ';', 2, 1);
    if (t) {
        CHECK_STR(ic_cell_text(&t->cols[1], 0), "a,\nb, c");
        CHECK_STR(ic_cell_text(&t->cols[1], 1), "x;y");
    }
    ic_table_free(t);
    t = expect_delim(__LINE__, "a\tb\n\"1\t2\"\t3\n\"x\"\"\ty\"\t4\n", '\t', 2, 1);
    if (t)
        CHECK_STR(ic_cell_text(&t->cols[0], 1), "x\"\ty");
    ic_table_free(t);

    /* a one-column file: nothing to detect, ',' as before */
    t = expect_delim(__LINE__, "value\n1\n2\n", ',', 1, 0);
    CHECK(t && t->nnotes == 0);
    ic_table_free(t);
    t = expect_delim(__LINE__, "note\na;b\nc|d\n", ',', 1, 0);
    if (t)
        CHECK_STR(ic_cell_text(&t->cols[0], 0), "a;b");
    ic_table_free(t);

    /* a header alone decides when the sample holds no other record */
    EXPECT_ERR("a;b;c\n", NULL, IC_ERR_CSV, 2, 1, "header but no data rows");
    size_t big = 70000;
    char *doc = malloc(big + 32);
    CHECK(doc != NULL);
    if (doc) {
        memcpy(doc, "a;b\n\"", 5);
        memset(doc + 5, 'x', big);
        memcpy(doc + 5 + big, "\";1\n", 5);
        t = expect_delim(__LINE__, doc, ';', 2, 1);
        CHECK(t && t->nrows == 1 && t->cols[1].value[0] == 1.0);
        ic_table_free(t);
        /* the same from a file, read in 64 KiB chunks */
        char path[] = "/tmp/ic_test_sheets_XXXXXX";
        int fd = mkstemp(path);
        CHECK(fd >= 0);
        if (fd >= 0) {
            size_t len = strlen(doc);
            CHECK(write(fd, doc, len) == (ssize_t)len);
            close(fd);
            ic_error err = {0};
            t = ic_table_read(path, NULL, &err);
            CHECK(t && t->delimiter == ';' && t->ncols == 2 && t->nrows == 1);
            if (t)
                CHECK(ic_cell_position(&t->cols[1], 0).line == 2 && ic_cell_position(&t->cols[1], 0).col == 70004);
            ic_table_free(t);
            unlink(path);
        }
        free(doc);
    }

    /* ties: most matching records, then most fields, then tab, ';', '|', ',' */
    t = expect_delim(__LINE__, "a,b;c\n1,2;3\n", ';', 2, 1);
    if (t)
        CHECK_STR(t->cols[0].name, "a,b");
    ic_table_free(t);
    t = expect_delim(__LINE__, "a;b\tc\n1;2\t3\n", '\t', 2, 1);
    ic_table_free(t);
    t = expect_delim(__LINE__, "a|b,c\n1|2,3\n", '|', 2, 1);
    ic_table_free(t);
    t = expect_delim(__LINE__, "a,b,c;d\n1,2,3;4\n", ',', 3, 1);
    ic_table_free(t);
    /* "Wert, in %" splits the header by ',' too, but not the rows */
    t = expect_delim(__LINE__, "Land;Wert, in %\nA;1,5\nB;2\nC;3,25\n", ';', 2, 1);
    ic_table_free(t);

    /* a ';' file with one ragged row among many is still ';': the error is the real one */
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, "k;v\n");
    for (int i = 0; i < 30; i++)
        ic_buf_printf(&b, "%d;%d,5\n", i, i);
    ic_buf_puts(&b, "x;1;2\n");
    char *ragged = ic_buf_take(&b);
    CHECK(ragged != NULL);
    if (ragged)
        EXPECT_ERR(ragged, NULL, IC_ERR_CSV, 32, 5, "row has 3 fields, expected 2 like the header");
    free(ragged);

    /* detection looks no further than 50 records: a ';' file whose first
     * 50 rows hold no ';' is read as ',' */
    ic_buf b2 = IC_BUF_INIT;
    ic_buf_puts(&b2, "k\n");
    for (int i = 0; i < 60; i++)
        ic_buf_printf(&b2, "%d\n", i);
    ic_buf_puts(&b2, "x;1\n");
    char *late = ic_buf_take(&b2);
    CHECK(late != NULL);
    if (late) {
        t = expect_delim(__LINE__, late, ',', 1, 0);
        if (t)
            CHECK_STR(ic_cell_text(&t->cols[0], 60), "x;1");
        ic_table_free(t);
    }
    free(late);

    /* a given delimiter is used as given */
    ic_csv_options comma = {.delimiter = ','};
    t = parse("a;b\n1;2\n", &comma, &(ic_error){0});
    CHECK(t && t->ncols == 1 && t->delimiter == ',' && !t->delimiter_detected && t->nnotes == 0);
    ic_table_free(t);
}

static void test_delimiter_hints(void)
{
    /* a ','-read file that is really ';' or tab separated */
    ic_csv_options comma = {.delimiter = ','};
    EXPECT_ERR("country;value\nA;466,0\nB;2\n", &comma, IC_ERR_CSV, 2, 7,
               "row has 2 fields, expected 1 like the header (is the file ';'-separated? set \"delimiter\": \";\")");
    EXPECT_ERR("a\tb\tc\n1,5\t2,5\t3\n", &comma, IC_ERR_CSV, 2, 3,
               "row has 3 fields, expected 1 like the header (is the file tab-separated? set \"delimiter\": \"\\t\")");
    ic_csv_options semi = {.delimiter = ';'};
    EXPECT_ERR("a,b\n1,2\n3,4;5\n", &semi, IC_ERR_CSV, 3, 5,
               "row has 2 fields, expected 1 like the header (is the file ','-separated? set \"delimiter\": \",\")");
    /* ragged rows with nothing better: no hint */
    ic_error err;
    ic_table *t = parse("a,b\n1,2\n3,4,5\n", NULL, &err);
    CHECK(!t && strcmp(err.message, "row has 3 fields, expected 2 like the header") == 0);
    ic_table_free(t);
    t = parse("a;b,c\n1,2,3\n", &comma, &err);
    CHECK(!t && strstr(err.message, "(is the file") == NULL);
    ic_table_free(t);
}

/* Numbers with "decimal" and "thousands". */
static void test_separators(void)
{
    ic_error err;
    const char *csv = "k;v\na;466,0\nb;1.234,5\nc;1 234,5\nd;1\xC2\xA0" "234,5\ne;-0,25\nf;12,5%\ng;1.234.567\nh;NA\n";
    ic_csv_options dec = {.decimal = ','};
    ic_table *t = parse(csv, &dec, &err);
    CHECK(t != NULL);
    if (t) {
        const ic_column *v = &t->cols[1];
        CHECK(t->decimal == ',' && t->thousands == 0 && t->delimiter == ';');
        CHECK(v->type == IC_COL_NUMBER && v->has_percent);
        CHECK(v->value[0] == 466.0 && v->value[1] == 1234.5 && v->value[2] == 1234.5);
        CHECK(v->value[3] == 1234.5 && v->value[4] == -0.25 && v->value[5] == 12.5);
        CHECK(v->value[6] == 1234567.0 && v->missing[7] && isnan(v->value[7]));
    }
    ic_table_free(t);

    /* "1.5" is no number with ',' decimals: the column is text, and the cell to name is found */
    t = parse("k;v\na;1,5\nb;1.5\n", &dec, &err);
    CHECK(t && t->cols[1].type == IC_COL_TEXT && ic_column_first_not(&t->cols[1], IC_COL_NUMBER) == 1);
    ic_table_free(t);
    /* no thousands separator */
    ic_csv_options none = {.decimal = ',', .thousands = -1};
    t = parse("k;v\na;1234,5\n", &none, &err);
    CHECK(t && t->cols[1].type == IC_COL_NUMBER && t->cols[1].value[0] == 1234.5);
    ic_table_free(t);
    t = parse("k;v\na;1.234,5\n", &none, &err);
    CHECK(t && t->cols[1].type == IC_COL_TEXT);
    ic_table_free(t);
    /* spaces and apostrophes with '.' decimals */
    ic_csv_options space = {.thousands = ' '};
    t = parse("k,v\na,1 234.5\nb,\"1\xE2\x80\xAF" "234\"\n", &space, &err);
    CHECK(t && t->cols[1].type == IC_COL_NUMBER && t->cols[1].value[0] == 1234.5 && t->cols[1].value[1] == 1234);
    ic_table_free(t);
    ic_csv_options apos = {.thousands = '\''};
    t = parse("k,v\na,1'234.5\nb,\"12'345'678\"\n", &apos, &err);
    CHECK(t && t->cols[1].type == IC_COL_NUMBER && t->cols[1].value[1] == 12345678.0);
    ic_table_free(t);

    /* the default is today's: ',' groups and '.' decimals */
    t = parse("k,v\na,\"1,234.5\"\nb,2\n", NULL, &err);
    CHECK(t && t->decimal == '.' && t->cols[1].type == IC_COL_NUMBER && t->cols[1].value[0] == 1234.5);
    ic_table_free(t);
    t = parse("k;v\na;466,0\n", NULL, &err);
    CHECK(t && t->cols[1].type == IC_COL_TEXT);
    ic_table_free(t);

    /* a forced number type reads with the same separators */
    ic_type_override ov[] = {{"v", IC_COL_NUMBER}};
    ic_csv_options forced = {.decimal = ',', .overrides = ov, .noverrides = 1};
    t = parse("k;v\na;3,5\n", &forced, &err);
    CHECK(t && t->cols[1].value[0] == 3.5);
    ic_table_free(t);
    EXPECT_ERR("k;v\na;3,5\nb;3.5\n", &forced, IC_ERR_DATA, 3, 3, "column 'v': expected a number, got '3.5'");

    /* separators that cannot work together */
    ic_csv_options clash = {.decimal = ',', .thousands = ','};
    EXPECT_ERR("a\n1\n", &clash, IC_ERR_USAGE, 0, 0, "\"thousands\": \",\" is also the decimal separator");
    ic_csv_options dot = {.thousands = '.'};
    EXPECT_ERR("a\n1\n", &dot, IC_ERR_USAGE, 0, 0, "set \"decimal\": \",\"");
    ic_csv_options odd = {.decimal = ';'};
    EXPECT_ERR("a\n1\n", &odd, IC_ERR_USAGE, 0, 0, "decimal separator");
    ic_csv_options odd2 = {.thousands = '_'};
    EXPECT_ERR("a\n1\n", &odd2, IC_ERR_USAGE, 0, 0, "thousands separator");
}

/* Excel's empty columns after the data and empty rows at the end. */
static void test_trailing_empties(void)
{
    ic_error err;
    ic_table *t = parse("a;b;;\n1;2;;\n3;4;;\n;;;\n;;;\n", NULL, &err);
    CHECK(t && t->ncols == 2 && t->nrows == 2 && t->delimiter == ';');
    if (t) {
        CHECK(t->cols[1].value[1] == 4.0);
        CHECK(ic_cell_position(&t->cols[1], 1).line == 3 && ic_cell_position(&t->cols[1], 1).col == 3);
    }
    ic_table_free(t);
    t = parse("a,b,,\"\"\n1,2,,\"\"\n", NULL, &err);
    CHECK(t && t->ncols == 2 && t->nrows == 1);
    ic_table_free(t);
    t = parse("a,b\n1,2\n,\n , \n", NULL, &err);
    CHECK(t && t->nrows == 1);
    ic_table_free(t);
    /* an empty row among data is a row of gaps, as before */
    t = parse("a,b\n,\n1,2\n", NULL, &err);
    CHECK(t && t->nrows == 2 && t->cols[0].missing[0] && t->cols[1].value[1] == 2.0);
    ic_table_free(t);
    /* a row of missing-value markers is not empty */
    t = parse("a,b\n1,2\nNA,NA\n", NULL, &err);
    CHECK(t && t->nrows == 2);
    ic_table_free(t);

    EXPECT_ERR("a;b;;\n;;;\n;;;\n", NULL, IC_ERR_CSV, 2, 1, "header but no data rows");
    /* a value under an empty name: the name was needed */
    EXPECT_ERR("a;b;;\n1;2;;\n3;4;;x\n", NULL, IC_ERR_CSV, 1, 6,
               "column 4 has an empty header name (every column needs a name; line 3 has a value in it)");
    EXPECT_ERR("a;b;;\n1;2;5;\n", NULL, IC_ERR_CSV, 1, 5, "column 3 has an empty header name");
    /* in the middle it stays an error; so does a header of empty names */
    EXPECT_ERR("a;;c\n1;;3\n", NULL, IC_ERR_CSV, 1, 3, "column 2 has an empty header name");
    EXPECT_ERR(",,\n,,1\n", NULL, IC_ERR_CSV, 1, 1, "column 1 has an empty header name");
    /* rows still need every field */
    EXPECT_ERR("a;b;;\n1;2;;\n1;2\n", NULL, IC_ERR_CSV, 3, 4, "row has 2 fields, expected 4 like the header");
}

/* Positions found again (ic_cell_position) use the detected delimiter and
 * the same dropped columns, from memory and from a file. */
static void test_positions(void)
{
    const char *csv = "\"na;me\";v;;\n\"Viet\nNam\";1,5;;\n  Chad;2;;\n;;;\n";
    char path[] = "/tmp/ic_test_sheets_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    CHECK(write(fd, csv, strlen(csv)) == (ssize_t)strlen(csv));
    close(fd);
    ic_csv_options dec = {.decimal = ','};
    ic_error err = {0};
    ic_table *a = ic_table_read(path, &dec, &err);
    ic_table *b = parse(csv, &dec, &err);
    CHECK(a && b);
    for (int k = 0; k < 2 && a && b; k++) {
        ic_table *t = k ? b : a;
        CHECK(t->ncols == 2 && t->nrows == 2 && t->delimiter == ';');
        CHECK_STR(t->cols[0].name, "na;me");
        CHECK(t->cols[1].value[0] == 1.5);
        ic_cell_pos p = ic_cell_position(&t->cols[1], 0);
        CHECK(p.line == 3 && p.col == 6);
        p = ic_cell_position(&t->cols[0], 1);
        CHECK(p.line == 4 && p.col == 3);
        p = ic_cell_position(&t->cols[1], 1);
        CHECK(p.line == 4 && p.col == 8);
        CHECK(t->nnotes == 1 && strstr(t->notes[0], "read as ';'-separated"));
    }
    ic_table_free(a);
    ic_table_free(b);
    unlink(path);
}

/* The spec check names "decimal" when a number column reads as text because
 * of its decimal separator. */
static void test_spec_messages(void)
{
    static const char spec_text[] =
        "{\"chart\": \"bar\", \"data\": \"t.csv\", \"title\": \"T\", \"source\": \"S\",\n"
        " \"x\": \"country\", \"y\": \"value\"}";
    ic_error err = {0};
    ic_spec *s = ic_spec_parse(spec_text, strlen(spec_text), "s.json", &err);
    CHECK(s != NULL);
    if (!s)
        return;
    ic_table *t = parse("country;value\nA;466,0\nB;1.234,5\n", NULL, &err);
    CHECK(t != NULL);
    if (t) {
        memset(&err, 0, sizeof err);
        CHECK(ic_spec_check_columns(s, t, &err) == -1);
        CHECK_STR(err.message, "column 'value' is text, not numbers: 'y' needs a number column (t.csv:2:3 has "
                               "'466,0'; if ',' is the decimal separator, add \"decimal\": \",\" to the spec)");
        CHECK(err.line == 2 && err.column == 23);
        if (err.line != 2 || err.column != 23)
            fprintf(stderr, "  at %d:%d\n", err.line, err.column);
    }
    ic_table_free(t);
    /* a cell that is text for another reason: no hint */
    t = parse("country;value\nA;466,0\nB;n.v.\n", &(ic_csv_options){.decimal = ','}, &err);
    if (t) {
        memset(&err, 0, sizeof err);
        CHECK(ic_spec_check_columns(s, t, &err) == -1);
        CHECK(strstr(err.message, "has 'n.v.')") != NULL);
    }
    ic_table_free(t);
    t = parse("country;value\nA;x,y\n", NULL, &err);
    if (t) {
        memset(&err, 0, sizeof err);
        CHECK(ic_spec_check_columns(s, t, &err) == -1);
        CHECK(strstr(err.message, "has 'x,y')") != NULL);
    }
    ic_table_free(t);
    /* the other way round: '.' decimals with "decimal": "," */
    t = parse("country;value\nA;466,0\nB;1.5\n", &(ic_csv_options){.decimal = ','}, &err);
    if (t) {
        memset(&err, 0, sizeof err);
        CHECK(ic_spec_check_columns(s, t, &err) == -1);
        CHECK(strstr(err.message, "(t.csv:3:3 has '1.5'; the spec says \"decimal\": \",\" but the cell has a "
                                  "decimal point)") != NULL);
    }
    ic_table_free(t);
    /* with "decimal" the column is a number column */
    t = parse("country;value\nA;466,0\nB;1.234,5\n", &(ic_csv_options){.decimal = ','}, &err);
    if (t) {
        memset(&err, 0, sizeof err);
        CHECK(ic_spec_check_columns(s, t, &err) == 0);
    }
    ic_table_free(t);
    ic_spec_free(s);
}

/* Properties over random tables: written with any of the four delimiters
 * (fields quoted only where that delimiter, a quote or a line break needs
 * it, like spreadsheet exports), a table of two or more columns is read
 * back with that delimiter detected, cell for cell. Header names are plain
 * words, cells anything: other delimiters, decimal commas, quotes, line
 * breaks, blanks. */
static unsigned rnd(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 8;
}

static void put_field(ic_buf *b, const char *text, char delim)
{
    int quote = text[0] == ' ' || (text[0] && text[strlen(text) - 1] == ' ');
    for (const char *p = text; *p; p++)
        quote |= *p == delim || *p == '"' || *p == '\n' || *p == '\r';
    if (!quote) {
        ic_buf_puts(b, text);
        return;
    }
    ic_buf_puts(b, "\"");
    for (const char *p = text; *p; p++)
        ic_buf_append(b, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
    ic_buf_puts(b, "\"");
}

static void test_random_tables(void)
{
    static const char *pieces[] = {"1,5", "2.5", "x;y", "a\tb", "p|q", "\"", "line\nbreak", "", "NA", "1.234,5",
                                   "word", " lead", "-3", "12%", ",", ";", "|", "é€"};
    static const char delims[] = {',', ';', '\t', '|'};
    unsigned seed = 11;
    int wrong = 0;
    for (int n = 0; n < 600; n++) {
        char delim = delims[rnd(&seed) % 4];
        size_t ncols = 2 + rnd(&seed) % 5, nrows = 1 + rnd(&seed) % 70;
        char cells[8][80][24];
        ic_buf b = IC_BUF_INIT;
        for (size_t j = 0; j < ncols; j++) {
            if (j)
                ic_buf_append(&b, &delim, 1);
            ic_buf_printf(&b, "col%zu", j);
        }
        ic_buf_puts(&b, rnd(&seed) % 2 ? "\r\n" : "\n");
        for (size_t i = 0; i < nrows; i++) {
            for (size_t j = 0; j < ncols; j++) {
                const char *a = pieces[rnd(&seed) % (sizeof pieces / sizeof pieces[0])];
                const char *c = pieces[rnd(&seed) % (sizeof pieces / sizeof pieces[0])];
                snprintf(cells[j][i], sizeof cells[j][i], "%s%s", a, rnd(&seed) % 3 ? "" : c);
                if (i + 1 == nrows && j == 0 && !cells[j][i][0])
                    snprintf(cells[j][i], sizeof cells[j][i], "last"); /* no empty last row */
                if (j)
                    ic_buf_append(&b, &delim, 1);
                put_field(&b, cells[j][i], delim);
            }
            ic_buf_puts(&b, "\n");
        }
        char *csv = ic_buf_take(&b);
        if (!csv)
            continue;
        ic_error err;
        ic_table *t = parse(csv, NULL, &err);
        int ok = t && t->delimiter == delim && t->delimiter_detected && t->ncols == ncols && t->nrows == nrows;
        for (size_t j = 0; ok && j < ncols; j++)
            for (size_t i = 0; ok && i < nrows; i++) {
                const char *want = cells[j][i], *got = ic_cell_text(&t->cols[j], i);
                /* unquoted fields are trimmed (put_field quotes padded ones) */
                ok = strcmp(got, want) == 0;
            }
        /* positions: the last row's cells are found again */
        for (size_t j = 0; ok && j < ncols; j++)
            ok = ic_cell_position(&t->cols[j], nrows - 1).line > 1;
        if (!ok && wrong++ < 3)
            fprintf(stderr, "  random table %d (delimiter '%c'): %s\n%s\n", n, delim,
                    t ? "read differently" : err.message, csv);
        ic_table_free(t);
        free(csv);
    }
    CHECK(wrong == 0);
}

/* Reads `path` with detection and with ',' given: the same table (or both
 * fail). */
static int same_with_comma(const char *path)
{
    ic_error e1 = {0}, e2 = {0};
    ic_csv_options comma = {.delimiter = ','};
    ic_table *a = ic_table_read(path, NULL, &e1);
    ic_table *b = ic_table_read(path, &comma, &e2);
    int same = (!a && !b) || (a && b && a->ncols == b->ncols && a->nrows == b->nrows && a->delimiter == ',');
    for (size_t j = 0; same && a && j < a->ncols; j++) {
        same = a->cols[j].type == b->cols[j].type;
        for (size_t i = 0; same && i < a->nrows; i++)
            same = strcmp(ic_cell_text(&a->cols[j], i), ic_cell_text(&b->cols[j], i)) == 0;
    }
    ic_table_free(a);
    ic_table_free(b);
    return same;
}

/* Walks `dir` (and its subdirectories, to `depth`) for .csv files. */
static void walk_csvs(const char *dir, int depth, int *files, int *differ)
{
    DIR *h = opendir(dir);
    if (!h)
        return;
    struct dirent *e;
    while ((e = readdir(h))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        if (strlen(dir) + strlen(e->d_name) + 2 > sizeof path)
            continue;
        memcpy(path, dir, strlen(dir));
        path[strlen(dir)] = '/';
        memcpy(path + strlen(dir) + 1, e->d_name, strlen(e->d_name) + 1);
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".csv") == 0) {
            if (strstr(dir, "fuzz"))
                continue; /* fuzz inputs are meant to be odd */
            int same = same_with_comma(path);
            if (!same)
                fprintf(stderr, "  %s reads differently with detection\n", path);
            *differ += !same;
            ++*files;
        } else if (depth > 0) {
            walk_csvs(path, depth - 1, files, differ);
        }
    }
    closedir(h);
}

/* Every CSV in the repository reads as it did with ',' given. */
static void test_repository_csvs(void)
{
    static const char *dirs[] = {"datasets", "tests", "bench/data"};
    int files = 0, differ = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/%s", IC_SOURCE_DIR, dirs[d]);
        walk_csvs(dir, 3, &files, &differ);
    }
    CHECK(files > 20);
    CHECK(differ == 0);
}

int main(void)
{
    test_detection();
    test_delimiter_hints();
    test_separators();
    test_trailing_empties();
    test_positions();
    test_spec_messages();
    test_random_tables();
    test_repository_csvs();
    return CHECK_DONE();
}

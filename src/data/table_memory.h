/* Tables given from memory (the public ic_data): columns set from C, or CSV
 * text. Both become an ic_table through the one CSV reader (ic_table_parse),
 * so they are typed and checked exactly as a CSV file is. Columns are first
 * written out as CSV text; the map kept from that turns positions in the
 * text back into rows and columns for messages. */
#ifndef IC_DATA_TABLE_MEMORY_H
#define IC_DATA_TABLE_MEMORY_H

#include "data/table.h"

/* Where the cells of columns written out as CSV text sit in that text. */
typedef struct ic_data_map ic_data_map;

/* The name that stands for the data in messages. */
const char *ic_data_name(const ic_data *data);

/* Reads `data` into a table with `opt` (the spec's reading options). For
 * columns set from C, *map (when not NULL) receives the map to give to
 * ic_data_map_error (NULL for CSV text); free it with ic_data_map_free.
 * Errors: IC_ERR_USAGE for empty data, else those of ic_table_parse, with
 * positions already turned into rows and columns. */
ic_table *ic_data_table(const ic_data *data, const ic_csv_options *opt, ic_data_map **map, ic_error *err);

/* When `err` is at a line and column of the CSV text written for `map`,
 * rewrites it as "row R, column 'C': message" (or "column 'C': ..." for
 * the header), without line and column. Does nothing otherwise. */
void ic_data_map_error(const ic_data_map *map, ic_error *err);

/* The same for a note "NAME:LINE:COL: ...": a new heap string, or NULL when
 * the note is not at a position of the text (or memory runs out). */
char *ic_data_map_note(const ic_data_map *map, const char *note);

/* Another reference to `map` (facets share their chart's); NULL stays
 * NULL. Each reference is given back with ic_data_map_free. */
ic_data_map *ic_data_map_ref(ic_data_map *map);
void ic_data_map_free(ic_data_map *map);

#endif

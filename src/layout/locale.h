/* The few words infochart writes itself ("Source:", "no data", "million",
 * "1 in 8"...), in the chart's language ("lang"). English is the default;
 * Urdu and Arabic translations should be checked by native speakers. */
#ifndef IC_LAYOUT_LOCALE_H
#define IC_LAYOUT_LOCALE_H

typedef struct ic_locale {
    const char *source;      /* "Source: %s" */
    const char *note;        /* "Note: %s" */
    const char *chart_by;    /* " · Chart: %s" appended to the source line */
    const char *no_data;
    const char *incomplete;  /* a stack with some parts missing */
    const char *thousand, *million, *billion, *trillion; /* long units, with their leading space */
    const char *one_in;      /* "1 in %s" */
    const char *m_in_n;      /* "{m} in {n}" */
    const char *more_than;   /* "more than 1 in {n}" */
    const char *m_of_n;      /* "{m} of {n}": a count of a whole ("38 of 100" cells) */
    const char *since;       /* default trend label: "{change} since {from}" */
    const char *other;       /* "Other": the slice that holds a donut's smallest slices */
    /* alt text (charts/describe.c) */
    const char *chart_bar, *chart_line, *chart_area, *chart_donut, *chart_pie, *chart_waffle, *chart_stat,
        *chart_dumbbell;     /* what a kind is called: "Bar chart" */
    const char *highest;     /* "Highest: {list}" ({list}: "Women (39%), Men (23%)") */
    const char *lowest;      /* "lowest: {list}" (follows highest after clause_sep) */
    const char *count;       /* "{n} values" (how many values a chart with many shows) */
    const char *highlighted; /* "Highlighted: {list}" */
    const char *stop;        /* the full stop ending a sentence: "." ("\u06D4" in Urdu) */
    const char *list_sep;    /* ", " ("\u060C " in Urdu and Arabic) */
    const char *clause_sep;  /* "; " ("\u061B " in Urdu and Arabic) */
} ic_locale;

/* 1 when infochart has its words in `lang` (English, Urdu, Arabic, with any
 * region: "ur-PK"); NULL counts as English. */
int ic_locale_known(const char *lang);

/* The words for `lang` ("ur", "ar-EG"...; NULL or unknown → English). */
const ic_locale *ic_locale_for(const char *lang);

#endif

#include "layout/locale.h"

#include <string.h>

static const ic_locale english = {
    .source = "Source: %s",
    .note = "Note: %s",
    .chart_by = " \xC2\xB7 Chart: %s",
    .no_data = "no data",
    .incomplete = "incomplete data",
    .thousand = " thousand",
    .million = " million",
    .billion = " billion",
    .trillion = " trillion",
    .one_in = "1 in %s",
    .m_in_n = "{m} in {n}",
    .more_than = "more than 1 in {n}",
    .m_of_n = "{m} of {n}",
    .since = "{change} since {from}",
    .other = "Other",
};

/* Urdu (to be checked by a native speaker) */
static const ic_locale urdu = {
    .source = "\xD9\x85\xD8\xA7\xD8\xAE\xD8\xB0: %s",                                   /* ماخذ */
    .note = "\xD9\x86\xD9\x88\xD9\xB9: %s",                                              /* نوٹ */
    .chart_by = " \xC2\xB7 \xDA\x86\xD8\xA7\xD8\xB1\xD9\xB9: %s",                          /* چارٹ */
    .no_data = "\xDA\xA9\xD9\x88\xD8\xA6\xDB\x8C \xDA\x88\xDB\x8C\xD9\xB9\xD8\xA7 \xD9\x86\xDB\x81\xDB\x8C\xDA\xBA", /* کوئی ڈیٹا نہیں */
    .incomplete = "\xD9\x86\xD8\xA7\xD9\x85\xDA\xA9\xD9\x85\xD9\x84 \xDA\x88\xDB\x8C\xD9\xB9\xD8\xA7", /* نامکمل ڈیٹا */
    .thousand = " \xDB\x81\xD8\xB2\xD8\xA7\xD8\xB1",                                      /* ہزار */
    .million = " \xD9\x85\xD9\x84\xDB\x8C\xD9\x86",                                       /* ملین */
    .billion = " \xD8\xA8\xD9\x84\xDB\x8C\xD9\x86",                                       /* بلین */
    .trillion = " " "\xD9\xB9\xD8\xB1\xDB\x8C\xD9\x84\xDB\x8C\xD9\x86",                        /* ٹریلین */
    .one_in = "\xDB\x81\xD8\xB1 %s \xD9\x85\xDB\x8C\xDA\xBA \xD8\xB3\xDB\x92 1",          /* ہر N میں سے 1 */
    .m_in_n = "\xDB\x81\xD8\xB1 {n} \xD9\x85\xDB\x8C\xDA\xBA \xD8\xB3\xDB\x92 {m}",           /* ہر {n} میں سے {m} */
    .more_than = "\xDB\x81\xD8\xB1 {n} \xD9\x85\xDB\x8C\xDA\xBA \xD8\xB3\xDB\x92 1 \xD8\xB3\xDB\x92 "
                 "\xD8\xB2\xDB\x8C\xD8\xA7\xD8\xAF\xDB\x81",                               /* ہر {n} میں سے 1 سے زیادہ */
    .m_of_n = "{n} \xD9\x85\xDB\x8C\xDA\xBA \xD8\xB3\xDB\x92 {m}",                          /* {n} میں سے {m} */
    .since = "{from} \xDA\xA9\xDB\x92 \xD8\xA8\xD8\xB9\xD8\xAF \xD8\xB3\xDB\x92 {change}", /* {from} کے بعد سے {change} */
    .other = "\xD8\xAF\xDB\x8C\xDA\xAF\xD8\xB1",                                     /* دیگر */
};

/* Arabic (to be checked by a native speaker) */
static const ic_locale arabic = {
    .source = "\xD8\xA7\xD9\x84\xD9\x85\xD8\xB5\xD8\xAF\xD8\xB1: %s",                    /* المصدر */
    .note = "\xD9\x85\xD9\x84\xD8\xA7\xD8\xAD\xD8\xB8\xD8\xA9: %s",                        /* ملاحظة */
    .chart_by = " \xC2\xB7 \xD8\xA7\xD9\x84\xD8\xB1\xD8\xB3\xD9\x85: %s",                  /* الرسم */
    .no_data = "\xD9\x84\xD8\xA7 \xD8\xAA\xD9\x88\xD8\xAC\xD8\xAF \xD8\xA8\xD9\x8A\xD8\xA7\xD9\x86\xD8\xA7\xD8\xAA", /* لا توجد بيانات */
    .incomplete = "\xD8\xA8\xD9\x8A\xD8\xA7\xD9\x86\xD8\xA7\xD8\xAA \xD9\x86\xD8\xA7\xD9\x82\xD8\xB5\xD8\xA9", /* بيانات ناقصة */
    .thousand = " \xD8\xA3\xD9\x84\xD9\x81",                                              /* ألف */
    .million = " \xD9\x85\xD9\x84\xD9\x8A\xD9\x88\xD9\x86",                               /* مليون */
    .billion = " \xD9\x85\xD9\x84\xD9\x8A\xD8\xA7\xD8\xB1",                               /* مليار */
    .trillion = " " "\xD8\xAA\xD8\xB1\xD9\x8A\xD9\x84\xD9\x8A\xD9\x88\xD9\x86",                 /* تريليون */
    .one_in = "1 \xD9\x85\xD9\x86 \xD9\x83\xD9\x84 %s",                                   /* 1 من كل N */
    .m_in_n = "{m} \xD9\x85\xD9\x86 \xD9\x83\xD9\x84 {n}",                                /* {m} من كل {n} */
    .more_than = "\xD8\xA3\xD9\x83\xD8\xAB\xD8\xB1 \xD9\x85\xD9\x86 1 \xD9\x85\xD9\x86 \xD9\x83\xD9\x84 {n}", /* أكثر من 1 من كل {n} */
    .m_of_n = "{m} \xD9\x85\xD9\x86 {n}",                                                /* {m} من {n} */
    .since = "{change} \xD9\x85\xD9\x86\xD8\xB0 {from}",                                  /* {change} منذ {from} */
    .other = "\xD8\xA3\xD8\xAE\xD8\xB1\xD9\x89",                                     /* أخرى */
};

int ic_locale_known(const char *lang)
{
    size_t n = lang ? strcspn(lang, "-_") : 0;
    return !lang || (n == 2 && strncmp(lang, "en", 2) == 0) || ic_locale_for(lang) != &english;
}

const ic_locale *ic_locale_for(const char *lang)
{
    if (!lang)
        return &english;
    size_t n = strcspn(lang, "-_");
    if (n == 2 && strncmp(lang, "ur", 2) == 0)
        return &urdu;
    if (n == 2 && strncmp(lang, "ar", 2) == 0)
        return &arabic;
    return &english;
}

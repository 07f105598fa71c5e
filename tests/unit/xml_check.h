/* A strict XML 1.0 well-formedness check for the SVG the tests write: one
 * root element, balanced and properly nested tags, quoted and unique
 * attributes, only the five named entities and valid character references,
 * no '<' in text or values, every character allowed by XML 1.0 (no C0
 * controls but tab/LF/CR, no U+FFFE/U+FFFF, no surrogates), valid UTF-8.
 * Comments, processing instructions and CDATA sections are understood;
 * DOCTYPE is not (our SVG has none). Returns NULL when well formed, else a
 * static message; *at receives the byte offset of the problem. */
#ifndef IC_TEST_XML_CHECK_H
#define IC_TEST_XML_CHECK_H

#include <stddef.h>
#include <string.h>

static int xml_char_ok(unsigned long c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

/* Decodes one UTF-8 character at s[*i] (advancing *i); ~0ul when invalid. */
static unsigned long xml_next_char(const unsigned char *s, size_t n, size_t *i)
{
    unsigned long c = s[*i];
    size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (k == 0 || *i + k > n)
        return ~0ul;
    if (k > 1)
        c &= 0x3Fu >> (k - 1);
    for (size_t j = 1; j < k; j++) {
        if ((s[*i + j] & 0xC0) != 0x80)
            return ~0ul;
        c = (c << 6) | (s[*i + j] & 0x3F);
    }
    static const unsigned long min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[k])
        return ~0ul;
    *i += k;
    return c;
}

static int xml_name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}

static int xml_name_char(unsigned char c)
{
    return xml_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Checks an entity or character reference at s[*i] == '&'. */
static int xml_reference(const unsigned char *s, size_t n, size_t *i)
{
    static const char *named[] = {"lt;", "gt;", "amp;", "quot;", "apos;"};
    size_t p = *i + 1;
    for (size_t k = 0; k < 5; k++) {
        size_t len = strlen(named[k]);
        if (p + len <= n && memcmp(s + p, named[k], len) == 0) {
            *i = p + len;
            return 1;
        }
    }
    if (p >= n || s[p] != '#')
        return 0;
    p++;
    int hex = p < n && s[p] == 'x';
    p += (size_t)hex;
    unsigned long v = 0;
    size_t digits = 0;
    for (; p < n && s[p] != ';'; p++, digits++) {
        int d = s[p] >= '0' && s[p] <= '9' ? s[p] - '0'
                : hex && s[p] >= 'a' && s[p] <= 'f' ? s[p] - 'a' + 10
                : hex && s[p] >= 'A' && s[p] <= 'F' ? s[p] - 'A' + 10 : -1;
        if (d < 0 || v > 0x10FFFF)
            return 0;
        v = v * (hex ? 16 : 10) + (unsigned long)d;
    }
    if (p >= n || digits == 0 || !xml_char_ok(v))
        return 0;
    *i = p + 1;
    return 1;
}

/* Text or an attribute value up to `stop` (0: up to '<'). */
static const char *xml_text(const unsigned char *s, size_t n, size_t *i, unsigned char stop)
{
    while (*i < n && s[*i] != (stop ? stop : '<')) {
        if (stop && s[*i] == '<')
            return "'<' in an attribute value";
        if (s[*i] == '&') {
            if (!xml_reference(s, n, i))
                return "bad entity or character reference";
            continue;
        }
        unsigned long c = xml_next_char(s, n, i);
        if (c == ~0ul)
            return "invalid UTF-8";
        if (!xml_char_ok(c))
            return "character not allowed in XML";
    }
    return NULL;
}

static const char *xml_well_formed(const char *text, size_t n, size_t *at)
{
    const unsigned char *s = (const unsigned char *)text;
    enum { MAX_DEPTH = 256 };
    size_t open_at[MAX_DEPTH], open_len[MAX_DEPTH];
    int depth = 0, roots = 0;
    size_t i = 0;
    const char *why = NULL;
#define XML_FAIL(msg) do { why = (msg); goto fail; } while (0)
    while (i < n) {
        if (s[i] != '<') {
            size_t start = i;
            if ((why = xml_text(s, n, &i, 0)) != NULL)
                goto fail;
            if (depth == 0)
                for (size_t k = start; k < i; k++)
                    if (s[k] != ' ' && s[k] != '\n' && s[k] != '\r' && s[k] != '\t')
                        XML_FAIL("text outside the root element");
            continue;
        }
        if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            const char *end = strstr(text + i + 4, "--");
            if (!end || (size_t)(end - text) + 2 >= n || end[2] != '>')
                XML_FAIL("bad comment");
            i = (size_t)(end - text) + 3;
        } else if (n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
            const char *end = strstr(text + i + 9, "]]>");
            if (!end || depth == 0)
                XML_FAIL("bad CDATA section");
            size_t k = i + 9;
            while (k < (size_t)(end - text)) {
                unsigned long c = xml_next_char(s, n, &k);
                if (c == ~0ul || !xml_char_ok(c))
                    XML_FAIL("character not allowed in XML");
            }
            i = (size_t)(end - text) + 3;
        } else if (n - i >= 2 && s[i + 1] == '?') {
            const char *end = strstr(text + i + 2, "?>");
            if (!end)
                XML_FAIL("unterminated processing instruction");
            i = (size_t)(end - text) + 2;
        } else if (n - i >= 2 && s[i + 1] == '/') {
            size_t p = i + 2, start = p;
            while (p < n && xml_name_char(s[p]))
                p++;
            if (depth == 0 || p - start != open_len[depth - 1] ||
                memcmp(s + start, s + open_at[depth - 1], p - start) != 0)
                XML_FAIL("end tag does not match the open element");
            while (p < n && (s[p] == ' ' || s[p] == '\n' || s[p] == '\t' || s[p] == '\r'))
                p++;
            if (p >= n || s[p] != '>')
                XML_FAIL("bad end tag");
            depth--;
            i = p + 1;
        } else {
            size_t p = i + 1, start = p;
            if (p >= n || !xml_name_start(s[p]))
                XML_FAIL("bad tag name");
            while (p < n && xml_name_char(s[p]))
                p++;
            size_t name_len = p - start;
            if (depth == 0 && roots++ > 0)
                XML_FAIL("more than one root element");
            size_t names[64][2], nnames = 0;
            for (;;) {
                size_t ws = p;
                while (p < n && (s[p] == ' ' || s[p] == '\n' || s[p] == '\t' || s[p] == '\r'))
                    p++;
                if (p >= n)
                    XML_FAIL("unterminated tag");
                if (s[p] == '>' || (s[p] == '/' && p + 1 < n && s[p + 1] == '>'))
                    break;
                if (p == ws || !xml_name_start(s[p]))
                    XML_FAIL("bad attribute");
                size_t a = p;
                while (p < n && xml_name_char(s[p]))
                    p++;
                for (size_t k = 0; k < nnames; k++)
                    if (names[k][1] == p - a && memcmp(s + names[k][0], s + a, p - a) == 0)
                        XML_FAIL("attribute given twice");
                if (nnames < 64) {
                    names[nnames][0] = a;
                    names[nnames++][1] = p - a;
                }
                if (p + 1 >= n || s[p] != '=' || (s[p + 1] != '"' && s[p + 1] != '\''))
                    XML_FAIL("attribute without a quoted value");
                unsigned char q = s[p + 1];
                p += 2;
                if ((why = xml_text(s, n, &p, q)) != NULL)
                    goto fail;
                if (p >= n)
                    XML_FAIL("unterminated attribute value");
                p++;
            }
            if (s[p] == '/') {
                i = p + 2;
            } else {
                if (depth == MAX_DEPTH)
                    XML_FAIL("too deep");
                open_at[depth] = start;
                open_len[depth++] = name_len;
                i = p + 1;
            }
        }
    }
    if (depth != 0)
        XML_FAIL("unclosed element");
    if (roots != 1)
        XML_FAIL("no root element");
    return NULL;
fail:
    if (at)
        *at = i;
    return why;
#undef XML_FAIL
}

#endif

/* ic_buf: base64 against the test vectors of RFC 4648 section 10, and every
 * length up to 64 decoded back. */
#include "check.h"
#include "core/buf.h"

#include <stdlib.h>
#include <string.h>

static int value_of(char c)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = strchr(digits, c);
    return c && p ? (int)(p - digits) : -1;
}

/* A plain decoder, to check the encoder against. Returns the length, -1 on
 * a malformed text. */
static int decode(const char *s, unsigned char *out)
{
    size_t n = strlen(s), o = 0;
    if (n % 4)
        return -1;
    for (size_t i = 0; i < n; i += 4) {
        int a = value_of(s[i]), b = value_of(s[i + 1]);
        int c = s[i + 2] == '=' ? 0 : value_of(s[i + 2]), d = s[i + 3] == '=' ? 0 : value_of(s[i + 3]);
        if (a < 0 || b < 0 || c < 0 || d < 0)
            return -1;
        unsigned v = (unsigned)a << 18 | (unsigned)b << 12 | (unsigned)c << 6 | (unsigned)d;
        out[o++] = (unsigned char)(v >> 16);
        if (s[i + 2] != '=')
            out[o++] = (unsigned char)(v >> 8);
        if (s[i + 3] != '=')
            out[o++] = (unsigned char)v;
    }
    return (int)o;
}

int main(void)
{
    static const char *const vectors[][2] = {
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (size_t i = 0; i < sizeof vectors / sizeof *vectors; i++) {
        ic_buf b = IC_BUF_INIT;
        ic_buf_puts(&b, "x:");
        ic_buf_base64(&b, (const unsigned char *)vectors[i][0], strlen(vectors[i][0]));
        char *got = ic_buf_take(&b);
        CHECK(got && strncmp(got, "x:", 2) == 0);
        CHECK_STR(got ? got + 2 : "", vectors[i][1]);
        free(got);
    }
    unsigned char data[64], back[64];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 37 + 11);
    for (size_t n = 0; n <= sizeof data; n++) {
        ic_buf b = IC_BUF_INIT;
        ic_buf_base64(&b, data, n);
        char *got = ic_buf_take(&b);
        CHECK(got && strlen(got) == (n + 2) / 3 * 4);
        CHECK(got && decode(got, back) == (int)n && memcmp(back, data, n) == 0);
        free(got);
    }
    return CHECK_DONE();
}

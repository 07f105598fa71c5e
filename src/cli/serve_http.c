/* A minimal HTTP/1.1 server side for `infochart serve`: reads a request
 * head within size and time limits and sends whole responses. Bodies are
 * never read: only GET is served, and a request with a body is answered and
 * the connection closed. */
#include "cli/serve.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes `n` bytes of `s` into `out` (`size` bytes); '+' becomes a
 * space when `plus`. -1 on a bad escape, an encoded NUL, or no room. */
static int url_decode(const char *s, size_t n, char *out, size_t size, int plus)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '%') {
            if (i + 2 >= n)
                return -1;
            int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                return -1;
            c = hi * 16 + lo;
            i += 2;
        } else if (c == '+' && plus) {
            c = ' ';
        }
        if (o + 1 >= size)
            return -1;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return 0;
}

const char *http_query_get(const char *query, const char *name, char *out, size_t size)
{
    size_t nlen = strlen(name);
    for (const char *p = query; p && *p;) {
        const char *end = strchr(p, '&');
        size_t plen = end ? (size_t)(end - p) : strlen(p);
        if (plen > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=')
            return url_decode(p + nlen + 1, plen - nlen - 1, out, size, 1) == 0 ? out : NULL;
        if (plen == nlen && strncmp(p, name, nlen) == 0)
            return url_decode("", 0, out, size, 1) == 0 ? out : NULL;
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

int http_host_ok(const char *host, int port)
{
    char with_port[64];
    static const char *const names[] = { "127.0.0.1", "localhost" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(host, names[i]) == 0)
            return 1;
        snprintf(with_port, sizeof with_port, "%s:%d", names[i], port);
        if (strcasecmp(host, with_port) == 0)
            return 1;
    }
    return 0;
}

/* Waits until `fd` is readable before `deadline` (ms, now_ms clock).
 * 1 readable, 0 timed out or stop_fd readable, -1 error. */
static int wait_readable(int fd, int stop_fd, long long deadline)
{
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return 0;
        struct pollfd pf[2] = { { .fd = fd, .events = POLLIN }, { .fd = stop_fd, .events = POLLIN } };
        int r = poll(pf, stop_fd >= 0 ? 2 : 1, (int)(left > 1000 ? 1000 : left));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (stop_fd >= 0 && (pf[1].revents & POLLIN))
            return 0;
        if (pf[0].revents)
            return 1;
    }
}

/* Parses the request line "GET /path?query HTTP/1.1" into `req`. */
static int parse_request_line(const char *line, http_request *req)
{
    const char *sp1 = strchr(line, ' ');
    const char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    if (!sp1 || !sp2 || sp1 == line || (size_t)(sp1 - line) >= sizeof req->method)
        return 400;
    snprintf(req->method, sizeof req->method, "%.*s", (int)(sp1 - line), line);
    const char *version = sp2 + 1;
    if (strcmp(version, "HTTP/1.1") != 0 && strcmp(version, "HTTP/1.0") != 0)
        return 400;
    req->keep_alive = strcmp(version, "HTTP/1.1") == 0;
    const char *target = sp1 + 1;
    if (*target != '/')
        return 400; /* no absolute-form or '*' targets */
    const char *q = memchr(target, '?', (size_t)(sp2 - target));
    const char *path_end = q ? q : sp2;
    if (url_decode(target, (size_t)(path_end - target), req->path, sizeof req->path, 0) != 0)
        return 400;
    if (q && (size_t)(sp2 - q - 1) >= sizeof req->query)
        return 414;
    snprintf(req->query, sizeof req->query, "%.*s", q ? (int)(sp2 - q - 1) : 0, q ? q + 1 : "");
    return 0;
}

/* Reads header line `line` into `req`; 0, or 400 for a malformed one. */
static int parse_header(const char *line, http_request *req, int *has_body)
{
    const char *colon = strchr(line, ':');
    if (!colon || colon == line)
        return 400;
    size_t nlen = (size_t)(colon - line);
    const char *v = colon + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    size_t vlen = strlen(v);
    while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
        vlen--;
    if (nlen == 4 && strncasecmp(line, "Host", 4) == 0) {
        if (req->host[0] || vlen >= sizeof req->host)
            return 400; /* two Host headers, or an absurd one */
        snprintf(req->host, sizeof req->host, "%.*s", (int)vlen, v);
    } else if (nlen == 10 && strncasecmp(line, "Connection", 10) == 0) {
        if (vlen == 5 && strncasecmp(v, "close", 5) == 0)
            req->keep_alive = 0;
        else if (vlen == 10 && strncasecmp(v, "keep-alive", 10) == 0)
            req->keep_alive = 1;
    } else if ((nlen == 14 && strncasecmp(line, "Content-Length", 14) == 0 && !(vlen == 1 && v[0] == '0')) ||
               (nlen == 17 && strncasecmp(line, "Transfer-Encoding", 17) == 0)) {
        *has_body = 1;
    }
    return 0;
}

int http_read_request(int fd, int stop_fd, http_request *req)
{
    char buf[HTTP_MAX_HEAD + 1];
    size_t len = 0;
    memset(req, 0, sizeof *req);
    /* the first byte may take the idle time; the rest of the head must follow promptly */
    if (wait_readable(fd, stop_fd, now_ms() + HTTP_IDLE_TIMEOUT_MS) <= 0)
        return 0;
    long long deadline = now_ms() + HTTP_HEAD_TIMEOUT_MS;
    char *end = NULL;
    while (!end) {
        if (len == HTTP_MAX_HEAD)
            return memchr(buf, '\n', len) ? 431 : 414;
        if (len > 0 && wait_readable(fd, stop_fd, deadline) <= 0)
            return 0;
        /* read only up to the end of this head: what follows is the next request's */
        ssize_t r = recv(fd, buf + len, 1, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        len++;
        buf[len] = '\0';
        if (!memchr(buf, '\n', len) && len > HTTP_MAX_LINE)
            return 414;
        if (len >= 4 && memcmp(buf + len - 4, "\r\n\r\n", 4) == 0)
            end = buf + len - 4;
        else if (len >= 2 && memcmp(buf + len - 2, "\n\n", 2) == 0)
            end = buf + len - 2;
    }
    *end = '\0';
    int has_body = 0;
    char *save = NULL;
    char *line = strtok_r(buf, "\n", &save);
    for (int first = 1; line; line = strtok_r(NULL, "\n", &save), first = 0) {
        size_t n = strlen(line);
        if (n > 0 && line[n - 1] == '\r')
            line[--n] = '\0';
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)line[i] < 0x20 && line[i] != '\t')
                return 400;
        int rc = first ? parse_request_line(line, req) : parse_header(line, req, &has_body);
        if (rc)
            return rc;
    }
    if (!req->method[0])
        return 400;
    if (has_body)
        req->keep_alive = 0; /* the body is never read: close after answering */
    return 1;
}

int http_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        struct pollfd pf = { .fd = fd, .events = POLLOUT };
        int r = poll(&pf, 1, HTTP_SEND_TIMEOUT_MS);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || !(pf.revents & POLLOUT))
            return -1;
        ssize_t w = send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 414: return "URI Too Long";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Content";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

int http_send(int fd, int status, const char *type, const char *extra, const void *body, size_t len,
              int keep_alive)
{
    char head[1024];
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %d %s\r\n"
                     "Content-Type: %s\r\n"
                     "Content-Length: %zu\r\n"
                     "Cache-Control: no-store\r\n"
                     "X-Content-Type-Options: nosniff\r\n"
                     "Connection: %s\r\n"
                     "%s\r\n",
                     status, reason(status), type, len, keep_alive ? "keep-alive" : "close", extra ? extra : "");
    if (n < 0 || (size_t)n >= sizeof head)
        return -1;
    if (http_write_all(fd, head, (size_t)n) != 0)
        return -1;
    return len ? http_write_all(fd, body, len) : 0;
}

int http_send_text(int fd, int status, const char *text, int keep_alive)
{
    return http_send(fd, status, "text/plain; charset=utf-8", NULL, text, strlen(text), keep_alive);
}

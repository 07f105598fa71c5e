/* The render pool of `infochart build -j N`, and its progress display.
 *
 * N POSIX threads take the pending charts in spec order and render them with
 * one shared ic_fonts (read-only: immutable HarfBuzz fonts; cairo locks its
 * FreeType faces). Every chart has its own chart, scene and cairo surface, so
 * the files are the same bytes as with -j 1. The main thread draws the live
 * status line on a terminal and watches for a stop request (--watch). */
#include "cli/batch.h"
#include "cli/cli.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

typedef struct pool {
    cli_batch *b;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next;          /* next job index to look at */
    size_t total, done;   /* all charts of the pass; finished (up to date included) */
    size_t todo, rendered_or_failed;
    int alive;            /* worker threads still running */
    const char *current;  /* the chart started last */
    double t0;
    int drawn;            /* a status line is on screen */
} pool;

static void fmt_duration(char *buf, size_t size, double ms)
{
    if (ms < 59950.0) {
        snprintf(buf, size, "%.1fs", ms / 1000.0);
        return;
    }
    long s = (long)(ms / 1000.0 + 0.5);
    if (s >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

static int term_width(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
        return ws.ws_col;
    return 80;
}

/* Redraws the status line (called with the lock held). */
static void draw(pool *p)
{
    double el = cli_now_ms() - p->t0;
    char elapsed[32], eta[48] = "", line[1024], current[512] = "";
    fmt_duration(elapsed, sizeof elapsed, el);
    if (p->rendered_or_failed > 0 && p->rendered_or_failed < p->todo) {
        char d[32];
        fmt_duration(d, sizeof d, el / (double)p->rendered_or_failed * (double)(p->todo - p->rendered_or_failed));
        snprintf(eta, sizeof eta, ", ETA %s", d);
    }
    /* the spec's path with control characters escaped (cut when long) */
    FILE *m = p->current ? fmemopen(current, sizeof current - 1, "w") : NULL;
    if (m) {
        cli_fputs_safe(p->current, m);
        fclose(m);
    }
    int n = snprintf(line, sizeof line, "[%zu/%zu] %zu failed, %s elapsed%s  %s", p->done, p->total, p->b->failed,
                     elapsed, eta, current);
    int w = term_width() - 1;
    if (n > w)
        n = w; /* one line only: never wrap */
    if (n < 0)
        n = 0;
    fprintf(stderr, "\r%.*s\033[K", n, line);
    fflush(stderr);
    p->drawn = 1;
}

static void render_one(pool *p, cli_job *j)
{
    ic_error err = {0};
    double t0 = cli_now_ms();
    char **written = NULL;
    size_t n = 0;
    cli_render_req req = { .spec_path = j->spec, .out_dir = j->target, .stdout_format = -1 };
    int rc = cli_render_core(&req, &p->b->limits, p->b->fonts, &written, &n, &err);
    double ms = cli_now_ms() - t0;
    char msg[2200];
    if (rc != 0)
        ic_error_format(&err, msg, sizeof msg);
    /* recorded before it is reported, so that a build killed from now on
     * still knows the chart is done (failing to record only costs a render) */
    if (rc == 0 && j->key_ok) {
        ic_error aerr = {0};
        (void)cli_cache_append(p->b->out, j->rel, j->key, written, n, &aerr);
    }

    pthread_mutex_lock(&p->mu);
    j->ms += ms;
    if (rc == 0) {
        j->status = JOB_RENDERED;
        j->outputs = written;
        j->noutputs = n;
        p->b->rendered++;
    } else {
        j->status = JOB_FAILED;
        j->error = strdup(msg);
        p->b->failed++;
    }
    p->done++;
    p->rendered_or_failed++;
    if (!p->b->quiet && !p->b->tty) {
        fputs(rc == 0 ? "rendered " : "failed ", p->b->progress);
        cli_fputs_safe(j->spec, p->b->progress);
        fputc('\n', p->b->progress);
        fflush(p->b->progress);
    }
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        cli_batch *b = p->b;
        while (p->next < b->njobs && b->jobs[p->next].status != JOB_PENDING)
            p->next++;
        if (p->next >= b->njobs || b->stop)
            break;
        cli_job *j = &b->jobs[p->next++];
        p->current = j->spec;
        pthread_mutex_unlock(&p->mu);
        render_one(p, j);
        pthread_mutex_lock(&p->mu);
    }
    p->alive--;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void check_stop(cli_batch *b)
{
    if (b->stop_fd < 0 || b->stop)
        return;
    struct pollfd pf = { .fd = b->stop_fd, .events = POLLIN };
    if (poll(&pf, 1, 0) > 0)
        b->stop = 1;
}

void cli_pool_run(cli_batch *b)
{
    pool p = { .b = b, .t0 = cli_now_ms() };
    for (size_t i = 0; i < b->njobs; i++)
        p.todo += b->jobs[i].status == JOB_PENDING;
    p.total = b->njobs;
    p.done = b->njobs - p.todo;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);

    size_t n = (size_t)b->nthreads < p.todo ? (size_t)b->nthreads : p.todo;
    pthread_t *tids = calloc(n ? n : 1, sizeof *tids);
    size_t started = 0;
    pthread_mutex_lock(&p.mu);
    for (size_t i = 0; tids && i < n; i++) {
        if (pthread_create(&tids[i], NULL, worker, &p) != 0)
            break;
        started++;
        p.alive++;
    }
    pthread_mutex_unlock(&p.mu);
    if (started == 0) {
        /* no thread could be made: render here, one after the other */
        p.alive = 1;
        worker(&p);
    } else {
        pthread_mutex_lock(&p.mu);
        while (p.alive > 0) {
            if (b->tty)
                draw(&p);
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 200 * 1000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&p.cv, &p.mu, &ts);
            check_stop(b);
        }
        pthread_mutex_unlock(&p.mu);
        for (size_t i = 0; i < started; i++)
            pthread_join(tids[i], NULL);
    }
    if (p.drawn) {
        fputs("\r\033[K", stderr); /* the live line goes away */
        fflush(stderr);
    }
    free(tids);
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
}

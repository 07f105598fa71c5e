/* Stopping `build --watch` and `serve`: SIGINT and SIGTERM write a byte to
 * a pipe (the self-pipe trick) whose read end every wait of theirs watches. */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int stop_pipe[2] = { -1, -1 };

int cli_nonblocking_cloexec(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 ? -1 : 0;
}

int cli_stop_open(void)
{
    if (pipe(stop_pipe) != 0)
        return -1;
    if (cli_nonblocking_cloexec(stop_pipe[0]) != 0 || cli_nonblocking_cloexec(stop_pipe[1]) != 0) {
        cli_stop_close();
        return -1;
    }
    return stop_pipe[0];
}

void cli_stop_now(void)
{
    int saved = errno;
    ssize_t r = write(stop_pipe[1], "x", 1); /* async-signal-safe */
    (void)r;
    errno = saved;
}

static void on_signal(int sig)
{
    (void)sig;
    cli_stop_now();
}

static void set_handler(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

void cli_stop_catch(void)
{
    /* a handler (not SIG_IGN), so that SIGINT stops us even when the shell
     * started us in the background with SIGINT ignored */
    set_handler(on_signal);
}

void cli_stop_ignore(void)
{
    set_handler(SIG_IGN);
}

void cli_stop_close(void)
{
    for (int i = 0; i < 2; i++) {
        if (stop_pipe[i] >= 0)
            close(stop_pipe[i]);
        stop_pipe[i] = -1;
    }
}

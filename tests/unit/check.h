/* Minimal test harness: CHECK records a failure and goes on; main returns
 * the failure count through CHECK_DONE(). */
#ifndef IC_TEST_CHECK_H
#define IC_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond) do { check_count++; if (!(cond)) { check_failures++; \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)

#define CHECK_STR(a, b) do { const char *ca_ = (a), *cb_ = (b); check_count++; \
    if (!ca_ || !cb_ || strcmp(ca_, cb_) != 0) { check_failures++; \
    fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__, \
            cb_ ? cb_ : "(null)", ca_ ? ca_ : "(null)"); } } while (0)

#define CHECK_NEAR(a, b, tol) do { double ca_ = (a), cb_ = (b); check_count++; \
    if (!(fabs(ca_ - cb_) <= (tol))) { check_failures++; \
    fprintf(stderr, "%s:%d: expected %g, got %g (%s)\n", __FILE__, __LINE__, cb_, ca_, #a); } } while (0)

#define CHECK_DONE() (fprintf(stderr, "%d checks, %d failed\n", check_count, check_failures), \
    (check_count == 0 || check_failures) ? 1 : 0)

#endif

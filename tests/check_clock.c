/* check_clock.c -- the tick grid of packetbeat/flows/worker.go. */
#include <config.h>

#include <check.h>
#include <stdlib.h>

#include "clock.h"
#include "testutil.h"

#define S	((fd_ns)1000000000)

START_TEST(test_grid)
{
	struct clock	c;

	clock_init(&c, 30 * S, 10 * S);
	ck_assert(c.tick_ns == 10 * S && c.nt == 3 && c.np == 1);
	clock_init(&c, 30 * S, 20 * S);
	ck_assert(c.tick_ns == 10 * S && c.nt == 3 && c.np == 2);
	/* gcd 0.5 s is clamped to 1 s; timeout checked every tick */
	clock_init(&c, 3 * S / 2, S);
	ck_assert(c.tick_ns == S && c.nt == 1 && c.np == 1);
	/* reports off: tick = timeout */
	clock_init(&c, 30 * S, -1000000000LL);
	ck_assert(c.tick_ns == 30 * S && c.nt == 1 && c.np == 0);
	clock_init(&c, 45 * S, 0);
	ck_assert(c.tick_ns == 45 * S && c.np == 0);
}
END_TEST

/* A = first multiple of 10 s not before floor(S). */
START_TEST(test_anchor)
{
	struct clock		c;
	struct clock_tick	tk;

	clock_init(&c, 30 * S, 10 * S);
	ck_assert(!clock_next_tick(&c, &tk));
	ck_assert(!clock_advance(&c, 1001 * S + 5));
	ck_assert(c.anchor == 1010 * S);
	clock_init(&c, 30 * S, 10 * S);
	clock_advance(&c, 1000 * S + 999999999);
	ck_assert(c.anchor == 1000 * S);
	ck_assert(!clock_next_tick(&c, &tk));
	ck_assert(!clock_advance(&c, 1010 * S));
	ck_assert(clock_next_tick(&c, &tk));	/* a tick at the clock runs */
	ck_assert(tk.when == 1010 * S && !tk.check && tk.report);
	ck_assert(!clock_next_tick(&c, &tk));
	ck_assert(clock_advance(&c, 1005 * S));	/* late */
	ck_assert(c.now == 1010 * S);
	clock_advance(&c, 1030 * S);
	ck_assert(clock_next_tick(&c, &tk));
	ck_assert(tk.when == 1020 * S && !tk.check);
	ck_assert(clock_next_tick(&c, &tk));
	ck_assert(tk.when == 1030 * S && tk.check && tk.report);
}
END_TEST

/* 30s/20s: timeouts on ticks 3, 6, ...; reports on 2, 4, 6, ... */
START_TEST(test_flags)
{
	struct clock		c;
	struct clock_tick	tk;
	int			k;

	clock_init(&c, 30 * S, 20 * S);
	clock_advance(&c, 0);
	clock_advance(&c, 120 * S);
	for (k = 1; k <= 12; k++) {
		ck_assert(clock_next_tick(&c, &tk));
		ck_assert(tk.when == (fd_ns)k * 10 * S);
		ck_assert(tk.check == (k % 3 == 0));
		ck_assert(tk.report == (k % 2 == 0));
	}
	ck_assert(!clock_next_tick(&c, &tk));
}
END_TEST

/* Skipping a gap costs nothing and keeps the grid. */
START_TEST(test_skip)
{
	struct clock		c;
	struct clock_tick	tk;

	clock_init(&c, 30 * S, 10 * S);
	clock_advance(&c, 0);
	clock_advance(&c, (fd_ns)2145916800 * S + 5 * S);
	clock_skip(&c);
	ck_assert(!clock_next_tick(&c, &tk));
	clock_advance(&c, (fd_ns)2145916800 * S + 10 * S);
	ck_assert(clock_next_tick(&c, &tk));
	ck_assert(tk.when == (fd_ns)2145916810 * S);
	ck_assert(tk.check == ((2145916810 / 10) % 3 == 0));
}
END_TEST

static Suite *
clock_suite(void)
{
	Suite	*s = suite_create("clock");
	TCase	*tc = tcase_create("ticks");

	tcase_add_test(tc, test_grid);
	tcase_add_test(tc, test_anchor);
	tcase_add_test(tc, test_flags);
	tcase_add_test(tc, test_skip);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(clock_suite());
}

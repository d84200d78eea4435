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

/*
 * clock_idle_check() names the first timeout check at which a flow is
 * idle; checked against running the ticks one by one.
 */
START_TEST(test_idle_check)
{
	static const int64_t	periods[] = { 10, 20, 7, -1 };
	static const uint64_t	timeouts[] = { 30, 30, 45, 30 };
	struct clock		c, r;
	struct clock_tick	tk;
	fd_ns			last, lo, hi;
	uint64_t		m, k;
	int			i, j;

	for (i = 0; i < 4; i++) {
		clock_init(&c, timeouts[i] * S, periods[i] * (int64_t)S);
		clock_advance(&c, 1003 * S + 5);
		for (j = 0; j < 400; j++) {
			last = 1003 * S + 5 + (fd_ns)j * 997 * (S / 1000);
			m = clock_idle_check(&c, last, &lo, &hi);
			ck_assert(lo <= last && last < hi);
			/* the ticks themselves: first check at which idle */
			r = c;
			r.next_k = 1;
			r.next_when = r.anchor + r.tick_ns;
			clock_advance(&r, last + 1000 * S);
			for (k = 0;;) {
				ck_assert(clock_next_tick(&r, &tk));
				if (tk.check && tk.when > last &&
				    tk.when - last > timeouts[i] * S) {
					k = tk.k;
					break;
				}
			}
			ck_assert_uint_eq(m * c.nt, k);
		}
	}
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
	tcase_add_test(tc, test_idle_check);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(clock_suite());
}

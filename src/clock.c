/*
 * clock.c -- the packet-time clock and the tick grid.
 *
 * Deviation from Packetbeat (declared in the man page): Packetbeat
 * anchors its grid on the wall clock at start-up and, started within the
 * first second after a 10-s boundary, starts its ticker at once; here
 * the grid is always anchored on the first record, at A as clock.h says.
 */
#include <config.h>

#include "clock.h"

void
clock_init(struct clock *clk, uint64_t timeout_ns, int64_t period_ns)
{
	uint64_t	tick;

	clk->timeout_ns = timeout_ns;
	clk->started = false;
	clk->now = 0;
	clk->anchor = 0;
	clk->next_k = 1;
	if (period_ns <= 0) {
		clk->tick_ns = timeout_ns;
		clk->nt = 1;
		clk->np = 0;
		return;
	}
	tick = gcd_u64(timeout_ns, (uint64_t)period_ns);
	if (tick < NS_PER_SEC)
		tick = NS_PER_SEC;
	clk->tick_ns = tick;
	clk->nt = timeout_ns / tick;
	if (clk->nt == 0)
		clk->nt = 1;
	clk->np = (uint64_t)period_ns / tick;
	if (clk->np == 0)
		clk->np = 1;
}

bool
clock_advance(struct clock *clk, fd_ns t)
{
	uint64_t	sec;

	if (!clk->started) {
		clk->started = true;
		clk->now = t;
		sec = (uint64_t)(t / NS_PER_SEC);
		clk->anchor = (fd_ns)((sec + 9) / 10 * 10) * NS_PER_SEC;
		clk->next_k = 1;
		clk->next_when = clk->anchor + clk->tick_ns;
		return false;
	}
	if (t < clk->now)
		return true;
	clk->now = t;
	return false;
}

bool
clock_next_tick(struct clock *clk, struct clock_tick *tk)
{
	if (!clk->started || clk->next_when > clk->now)
		return false;
	tk->k = clk->next_k;
	tk->when = clk->next_when;
	tk->check = clk->next_k % clk->nt == 0;
	tk->report = clk->np != 0 && clk->next_k % clk->np == 0;
	clk->next_k++;
	clk->next_when += clk->tick_ns;
	return true;
}

void
clock_skip(struct clock *clk)
{
	fd_ns	k;

	if (!clk->started || clk->now < clk->anchor + clk->tick_ns)
		return;
	k = (clk->now - clk->anchor) / clk->tick_ns + 1;
	if (k > clk->next_k) {
		clk->next_k = (uint64_t)k;
		clk->next_when = clk->anchor + k * clk->tick_ns;
	}
}

uint64_t
clock_idle_check(const struct clock *clk, fd_ns last, fd_ns *lo, fd_ns *hi)
{
	fd_ns		p = (fd_ns)clk->nt * clk->tick_ns;
	fd_ns		x = last + clk->timeout_ns, q;
	uint64_t	m;

	/*
	 * Check m falls at A + m * p; the flow is idle there iff
	 * A + m * p > last + timeout.
	 */
	if (x < clk->anchor) {
		*lo = 0;
		*hi = clk->anchor + p - clk->timeout_ns;
		return 1;
	}
	x -= clk->anchor;
	if (x <= UINT64_MAX && p <= UINT64_MAX)
		q = (uint64_t)x / (uint64_t)p;
	else
		q = x / p;
	m = (uint64_t)q + 1;
	*lo = clk->anchor + q * p - clk->timeout_ns;
	*hi = *lo + p;
	return m;
}

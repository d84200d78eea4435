/*
 * clock.h -- packet-time clock and Packetbeat's tick grid.
 *
 * The clock is the greatest record time read so far; it never reads
 * the wall clock.  Ticks fall at A + k * tick (k = 1, 2, ...), where A
 * is the first multiple of 10 s not before the first record's whole
 * second, and tick = gcd(timeout, period), at least 1 s (timeout alone
 * when periodic reports are off).  Tick k checks idle timeouts when k is
 * a multiple of Nt = max(1, timeout / tick) and makes periodic reports
 * when reports are on and k is a multiple of Np = max(1, period / tick)
 * (packetbeat/flows/worker.go; the man page's "Time").
 */
#ifndef FLOWDUMP_CLOCK_H
#define FLOWDUMP_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

struct clock {
	uint64_t	 timeout_ns;	/* idle timeout */
	uint64_t	 tick_ns;	/* interval between ticks */
	uint64_t	 nt;		/* timeout checks every nt ticks */
	uint64_t	 np;		/* reports every np ticks; 0: never */
	bool		 started;	/* a record has been read */
	fd_ns		 now;		/* the clock: greatest time read */
	fd_ns		 anchor;	/* A */
	uint64_t	 next_k;	/* index of the next tick to run */
	fd_ns		 next_when;	/* its time: A + next_k * tick */
};

/* One tick due to run. */
struct clock_tick {
	uint64_t	 k;		/* tick number, from 1 */
	fd_ns		 when;		/* A + k * tick */
	bool		 check;		/* check idle timeouts */
	bool		 report;	/* make periodic reports */
};

/*
 * Set up the grid for "timeout_ns" (>= 1 s) and "period_ns" (<= 0: no
 * periodic reports; otherwise >= 1 s).
 */
void	clock_init(struct clock *clk, uint64_t timeout_ns, int64_t period_ns);

/*
 * Move the clock to "t" if "t" is later; the first call also anchors the
 * grid.  Return true if "t" is below the clock (a late record, to be
 * processed at clk->now).
 */
bool	clock_advance(struct clock *clk, fd_ns t);

/*
 * If the next tick falls at or before the clock, describe it in "*tk",
 * consume it and return true; otherwise return false.
 */
bool	clock_next_tick(struct clock *clk, struct clock_tick *tk);

/*
 * Skip every tick at or before the clock without running it.  Only for
 * when no flow is live: such ticks would produce nothing.
 */
void	clock_skip(struct clock *clk);

/*
 * Return m such that tick m * nt is the first timeout check at which a
 * flow last seen at "last" is idle (its time minus "last" exceeds the
 * timeout), and set [*lo, *hi) to the last-seen times that give the
 * same m.  The clock must have started.
 */
uint64_t clock_idle_check(const struct clock *clk, fd_ns last, fd_ns *lo,
	    fd_ns *hi);

#endif /* FLOWDUMP_CLOCK_H */

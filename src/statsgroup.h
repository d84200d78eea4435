/*
 * statsgroup.h -- the stats field group: each direction's packet sizes
 * (wire lengths) and inter-arrival times in a record's span, as
 * minimum, maximum, mean and population standard deviation.
 *
 * Means and deviations come from exact integer sums (the squares in
 * 256 bits) and are given in thousandths, truncated: the same digits on
 * every machine and compiler.  The state is plain memory, all zero to
 * start; the module knows nothing of packets' bytes nor of output.
 */
#ifndef FLOWDUMP_STATSGROUP_H
#define FLOWDUMP_STATSGROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

/* An unsigned 256-bit number. */
struct u256 {
	unsigned __int128 hi, lo;
};

struct stats_side {
	uint64_t	 n;		/* packets in the span */
	uint64_t	 len_min, len_max;
	unsigned __int128 len_sum, len_sq;	/* sum of lengths, squares */
	fd_ns		 last;		/* time of the latest packet */
	fd_ns		 iat_min, iat_max;	/* between consecutive ones */
	fd_ns		 iat_sum;
	struct u256	 iat_sq;
};

struct statsgroup {
	struct stats_side side[2];	/* by flow direction: 0 the source */
};

/* What a record says of one direction (thousandths: x1000, truncated). */
struct stats_report_side {
	uint64_t	 n;		/* 0: no field */
	uint64_t	 len_min, len_max;
	unsigned __int128 len_mean, len_sd;	/* thousandths */
	fd_ns		 iat_min, iat_max;	/* n > 1 */
	fd_ns		 iat_mean, iat_sd;	/* thousandths */
};

struct stats_report {
	struct stats_report_side side[2];
};

/* A packet of wire length "len" at time "t" sent by direction "d". */
void	statsgroup_packet(struct statsgroup *s, int d, uint64_t len, fd_ns t);

/* A record was written: the span starts again (--delta). */
void	statsgroup_reported(struct statsgroup *s);

/* What a record of "s" says. */
void	statsgroup_report(const struct statsgroup *s, struct stats_report *r);

/*
 * Exact helpers, for the tests: the integer square root of "x", and the
 * mean and population standard deviation in thousandths, truncated, of
 * "n" values whose sum is "sum" and sum of squares "sq".
 */
struct u256 u256_isqrt(struct u256 x);
void	stats_mean_sd(uint64_t n, unsigned __int128 sum, struct u256 sq,
	    unsigned __int128 *mean, unsigned __int128 *sd);

#endif /* FLOWDUMP_STATSGROUP_H */

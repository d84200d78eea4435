/*
 * statsgroup.c -- the stats field group, in integers only.
 *
 * The population standard deviation of n values with sum S and sum of
 * squares Q is sqrt(n Q - S^2) / n; in thousandths, truncated, that is
 * floor(isqrt(10^6 (n Q - S^2)) / n), and the mean floor(1000 S / n).
 * The squares of inter-arrival times (up to 2^70 ns apart) need 256 bits.
 */
#include <config.h>

#include <string.h>

#include "statsgroup.h"

typedef unsigned __int128 u128;

#define U64(x)	((uint64_t)(x))

static struct u256
u256_of(u128 lo)
{
	struct u256	r = { 0, lo };

	return r;
}

static struct u256
u256_add(struct u256 a, struct u256 b)
{
	struct u256	r;

	r.lo = a.lo + b.lo;
	r.hi = a.hi + b.hi + (r.lo < a.lo);
	return r;
}

/* a - b, for a >= b */
static struct u256
u256_sub(struct u256 a, struct u256 b)
{
	struct u256	r;

	r.lo = a.lo - b.lo;
	r.hi = a.hi - b.hi - (a.lo < b.lo);
	return r;
}

static int
u256_cmp(struct u256 a, struct u256 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

/* The full product of two 128-bit numbers (inline: a call cost as much
 * as the usual product). */
static inline __attribute__((always_inline)) struct u256
u256_mul(u128 a, u128 b)
{
	u128		a0 = U64(a), a1 = a >> 64, b0 = U64(b), b1 = b >> 64;
	u128		p00, p01, p10, p11, mid;
	struct u256	r;

	/* the usual case (lengths, gaps below 584 years, their sums): one
	 * 64 x 64-bit product */
	if (a1 == 0 && b1 == 0) {
		r.hi = 0;
		r.lo = a0 * b0;
		return r;
	}
	p00 = a0 * b0;
	p01 = a0 * b1;
	p10 = a1 * b0;
	p11 = a1 * b1;

	/* the middle column, with the carries out of it */
	mid = (p00 >> 64) + U64(p01) + U64(p10);
	r.lo = (mid << 64) | U64(p00);
	r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
	return r;
}

/* a * m, for a product below 2^256 */
static struct u256
u256_mul_small(struct u256 a, uint64_t m)
{
	struct u256	lo = u256_mul(a.lo, m);

	lo.hi += a.hi * m;
	return lo;
}

static struct u256
u256_shr(struct u256 a, unsigned n)
{
	struct u256	r;

	if (n == 0)
		return a;
	if (n >= 128) {
		r.hi = 0;
		r.lo = a.hi >> (n - 128);
	} else {
		r.lo = (a.lo >> n) | (a.hi << (128 - n));
		r.hi = a.hi >> n;
	}
	return r;
}

/*
 * floor(sqrt(x)): Newton's iteration from above, which falls to the
 * floor and stops there.  In 64 bits from a power of two; in 128 bits
 * from the 64-bit root of x's top bits, which is close (a few steps).
 */
static uint64_t
isqrt64(uint64_t x)
{
	uint64_t	r, y;

	if (x < 2)
		return x;
	r = UINT64_C(1) << ((64 - __builtin_clzll(x) + 1) / 2);
	for (;;) {
		y = (r + x / r) >> 1;
		if (y >= r)
			return r;
		r = y;
	}
}

static u128
isqrt128(u128 x)
{
	u128	r, y;
	int	bits, sh;

	if (x >> 64 == 0)
		return isqrt64((uint64_t)x);
	bits = 128 - __builtin_clzll((uint64_t)(x >> 64));
	sh = (bits - 62 + 1) & ~1;		/* even: x >> sh < 2^63 */
	/* (isqrt(x >> sh) + 1) << sh/2 is above sqrt(x) */
	r = (u128)(isqrt64((uint64_t)(x >> sh)) + 1) << (sh / 2);
	for (;;) {
		y = (r + x / r) >> 1;
		if (y >= r)
			return r;
		r = y;
	}
}

struct u256
u256_isqrt(struct u256 x)
{
	struct u256	res = { 0, 0 }, bit, t;

	if (x.hi == 0)
		return u256_of(isqrt128(x.lo));
	/* digit by digit: the highest power of four not above x */
	bit.hi = (u128)1 << 126;
	bit.lo = 0;
	while (u256_cmp(bit, x) > 0)
		bit = u256_shr(bit, 2);
	while (bit.hi != 0 || bit.lo != 0) {
		t = u256_add(res, bit);
		if (u256_cmp(x, t) >= 0) {
			x = u256_sub(x, t);
			res = u256_add(u256_shr(res, 1), bit);
		} else
			res = u256_shr(res, 1);
		bit = u256_shr(bit, 2);
	}
	return res;
}

void
stats_mean_sd(uint64_t n, u128 sum, struct u256 sq, u128 *mean, u128 *sd)
{
	struct u256	v, r;

	*mean = *sd = 0;
	if (n == 0)
		return;
	/* a 64-bit division where it fits */
	if (sum <= UINT64_MAX / 1000)
		*mean = (uint64_t)sum * 1000 / n;
	else
		*mean = sum * 1000 / n;
	/* n Q >= S^2 for any values; 10^6 (n Q - S^2) < 2^256 */
	v = u256_sub(u256_mul_small(sq, n), u256_mul(sum, sum));
	if (v.hi == 0 && v.lo == 0)
		return;			/* all equal: no deviation */
	r = u256_isqrt(u256_mul_small(v, 1000000));
	*sd = r.lo >> 64 == 0 ? (uint64_t)r.lo / n : r.lo / n;	/* < 2^128 */
}

void
statsgroup_packet(struct statsgroup *s, int d, uint64_t len, fd_ns t)
{
	struct stats_side	*x = &s->side[d];
	fd_ns			 iat;

	if (x->n == 0) {
		x->len_min = x->len_max = len;
	} else {
		if (len < x->len_min)
			x->len_min = len;
		if (len > x->len_max)
			x->len_max = len;
		iat = t > x->last ? t - x->last : 0;
		if (x->n == 1 || iat < x->iat_min)
			x->iat_min = iat;
		if (x->n == 1 || iat > x->iat_max)
			x->iat_max = iat;
		x->iat_sum += iat;
		x->iat_sq = u256_add(x->iat_sq, u256_mul(iat, iat));
	}
	x->n++;
	x->len_sum += len;
	x->len_sq += (u128)len * len;
	if (t > x->last)
		x->last = t;
}

void
statsgroup_reported(struct statsgroup *s)
{
	/* the span starts again: its first packet has no gap before it */
	util_zero(s, sizeof(*s));
}

void
statsgroup_report(const struct statsgroup *s, struct stats_report *r)
{
	const struct stats_side	*x;
	struct stats_report_side *o;
	int			 d;

	for (d = 0; d < 2; d++) {
		x = &s->side[d];
		o = &r->side[d];
		util_zero(o, sizeof(*o));
		if ((o->n = x->n) == 0)
			continue;
		o->len_min = x->len_min;
		o->len_max = x->len_max;
		stats_mean_sd(x->n, x->len_sum, u256_of(x->len_sq),
		    &o->len_mean, &o->len_sd);
		if (x->n > 1) {
			o->iat_min = x->iat_min;
			o->iat_max = x->iat_max;
			stats_mean_sd(x->n - 1, x->iat_sum, x->iat_sq,
			    &o->iat_mean, &o->iat_sd);
		}
	}
}

/* check_flowtab.c -- the flow table and its two orders. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "flowkey.h"
#include "flowtab.h"
#include "testutil.h"

static void
make_key(struct flow_key *k, uint32_t n)
{
	uint8_t	a[4] = { 10, (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n };
	uint8_t	b[4] = { 192, 0, 2, 1 };

	flowkey_init(k);
	flowkey_add_ipv4(k, a, b);
	flowkey_add_udp(k, 1000, 53);
}

static struct flow *
getb(struct flowtab *ft, uint32_t n, uint64_t now, unsigned bucket,
    bool *created)
{
	struct flow_key	k;

	make_key(&k, n);
	return flowtab_get(ft, k.ident, flowkey_hash(k.ident), now, bucket,
	    k.dir, created, NULL);
}

static struct flow *
get(struct flowtab *ft, uint32_t n, uint64_t now, bool *created)
{
	return getb(ft, n, now, 0, created);
}

START_TEST(test_get)
{
	struct flowtab	*ft = flowtab_new(0, 0);
	struct flow	*f, *g;
	bool		 created;

	f = get(ft, 1, 100, &created);
	ck_assert(created);
	ck_assert(f->first_ns == 100 && f->last_ns == 100);
	ck_assert_uint_eq(f->seq, 0);
	g = get(ft, 1, 200, &created);
	ck_assert(!created);
	ck_assert_ptr_eq(f, g);
	ck_assert(f->first_ns == 100 && f->last_ns == 200);
	ck_assert_uint_eq(flowtab_count(ft), 1);
	flowtab_free(ft);
	flowtab_free(NULL);
}
END_TEST

/* Keys come back whole, short and long (kept apart) alike. */
START_TEST(test_ident)
{
	struct flowtab	*ft = flowtab_new(0, 0);
	struct flow_key	 k;
	struct flow	*f, *g;
	uint8_t		 a6[16] = { 0x20, 0x01, [15] = 1 }, b6[16] = { 0x20 };
	uint8_t		 buf[FLOWKEY_IDENT_MAX];
	bool		 created;

	make_key(&k, 7);
	f = flowtab_get(ft, k.ident, flowkey_hash(k.ident), 1, 0, k.dir,
	    &created, NULL);
	ck_assert_mem_eq(flowtab_ident(ft, f, buf), k.ident,
	    flowkey_ident_len(k.ident));
	flowkey_init(&k);
	flowkey_add_ipv6(&k, a6, b6);
	flowkey_add_ipv6(&k, b6, a6);
	flowkey_add_tcp(&k, 80, 8080);
	ck_assert_uint_gt(flowkey_ident_len(k.ident), 4 + FLOWTAB_KEY_INLINE);
	g = flowtab_get(ft, k.ident, flowkey_hash(k.ident), 2, 0, k.dir,
	    &created, NULL);
	ck_assert(created);
	ck_assert_ptr_ne(f, g);
	ck_assert_mem_eq(flowtab_ident(ft, g, buf), k.ident,
	    flowkey_ident_len(k.ident));
	ck_assert_ptr_eq(flowtab_get(ft, k.ident, flowkey_hash(k.ident), 3, 0,
	    k.dir, &created, NULL), g);
	ck_assert(!created);
	ck_assert_uint_eq(sizeof(struct flow), 128);
	ck_assert_uint_gt(flowtab_memory(ft), 0);
	flowtab_remove(ft, g);
	flowtab_free(ft);
}
END_TEST

/* Whether "f" is among the flows flowtab_bfirst()/bnext() list in "b". */
static bool
in_bucket(struct flowtab *ft, unsigned b, const struct flow *f)
{
	const struct flow	*g;
	size_t			 n = 0;
	bool			 found = false;

	for (g = flowtab_bfirst(ft, b); g != NULL; g = flowtab_bnext(ft, g)) {
		found |= g == f;
		n++;
	}
	ck_assert_uint_eq(n, flowtab_bcount(ft, b));
	return found;
}

/* Creation order survives removals; expiry buckets follow the caller. */
START_TEST(test_orders)
{
	struct flowtab	*ft = flowtab_new(0, 0);
	struct flow	*a, *b, *c, *f;
	bool		 created;

	a = get(ft, 1, 1, &created);
	b = get(ft, 2, 2, &created);
	c = get(ft, 3, 3, &created);
	ck_assert_uint_eq(flowtab_bcount(ft, 0), 3);
	getb(ft, 1, 4, 1, &created);		/* a moves to bucket 1 */
	getb(ft, 2, 5, 0, &created);		/* b stays where it was */
	ck_assert(in_bucket(ft, 0, b) && in_bucket(ft, 0, c));
	ck_assert(!in_bucket(ft, 0, a) && in_bucket(ft, 1, a));
	ck_assert_uint_eq(flowtab_bcount(ft, 0), 2);
	ck_assert_uint_eq(flowtab_bcount(ft, 1), 1);
	ck_assert(a->last_ns == 4 && a->first_ns == 1);
	ck_assert_ptr_eq(flowtab_first(ft), a);
	flowtab_remove(ft, b);
	ck_assert_ptr_eq(flowtab_first(ft), a);
	ck_assert_ptr_eq(flowtab_next(ft, a), c);
	ck_assert_ptr_eq(flowtab_bfirst(ft, 0), c);
	ck_assert_ptr_null(flowtab_bnext(ft, c));
	/* a re-created flow takes a new place at the end (in b's old slot) */
	b = get(ft, 2, 6, &created);
	ck_assert(created);
	ck_assert_uint_eq(b->seq, 3);
	ck_assert_ptr_eq(flowtab_next(ft, c), b);
	for (f = flowtab_first(ft); f != NULL; f = flowtab_next(ft, f))
		ck_assert(flowtab_next(ft, f) == NULL ||
		    f->seq < flowtab_next(ft, f)->seq);
	/* removing the head and the tail keeps the lists whole */
	flowtab_remove(ft, a);
	flowtab_remove(ft, b);
	ck_assert_ptr_eq(flowtab_first(ft), c);
	ck_assert_ptr_eq(flowtab_bfirst(ft, 0), c);
	ck_assert_ptr_null(flowtab_bfirst(ft, 1));
	ck_assert_ptr_null(flowtab_next(ft, c));
	ck_assert_uint_eq(flowtab_count(ft), 1);
	flowtab_free(ft);
}
END_TEST

/* Many flows: the table grows and finds every one again. */
START_TEST(test_grow)
{
	struct flowtab	*ft = flowtab_new(16, 0);
	struct flow	*f;
	bool		 created;
	uint32_t	 i;

	for (i = 0; i < 50000; i++) {
		f = get(ft, i, i, &created);
		ck_assert(created);
		ck_assert_uint_eq(f->seq, i);
	}
	ck_assert_uint_eq(flowtab_count(ft), 50000);
	for (i = 0; i < 50000; i += 7) {
		f = get(ft, i, 50000 + i, &created);
		ck_assert(!created);
		ck_assert_uint_eq(f->seq, i);
	}
	while ((f = flowtab_bfirst(ft, 0)) != NULL)
		flowtab_remove(ft, f);
	ck_assert_uint_eq(flowtab_count(ft), 0);
	ck_assert_ptr_null(flowtab_first(ft));
	flowtab_free(ft);
}
END_TEST

/*
 * Extras: none without them; else per flow, aligned, zeroed when a flow
 * is created (a reused slot too), kept as the flow is seen again and as
 * the table grows (20000 flows: two slot chunks).
 */
START_TEST(test_extras)
{
	struct flowtab	*ft = flowtab_new(0, 0);
	struct flow	*f, *first;
	uint8_t		*x, *x0, *prev = NULL;
	bool		 created;
	uint32_t	 n;
	size_t		 i;

	f = get(ft, 1, 1, &created);
	ck_assert_ptr_null(flowtab_ext(ft, f));
	flowtab_free(ft);

	ft = flowtab_new(0, 20);
	for (n = 0; n < 20000; n++) {
		f = get(ft, n, n, &created);
		ck_assert(created);
		x = flowtab_ext(ft, f);
		ck_assert_uint_eq((uintptr_t)x % 16, 0);
		for (i = 0; i < 32; i++)
			ck_assert_uint_eq(x[i], 0);
		memset(x, (int)(n & 0xff), 32);
		/* 20 bytes rounded up to 32: consecutive slots 32 apart */
		if (n > 0 && n % 16384 != 0)
			ck_assert_uint_eq((uintptr_t)x - (uintptr_t)prev, 32);
		prev = x;
	}
	for (n = 0; n < 20000; n += 997) {
		struct flow_key	k;
		void		*gx;

		make_key(&k, n);
		f = flowtab_get(ft, k.ident, flowkey_hash(k.ident), 30000, 0,
		    k.dir, &created, &gx);
		ck_assert(!created);
		x = flowtab_ext(ft, f);
		ck_assert_ptr_eq(x, gx);
		for (i = 0; i < 32; i++)
			ck_assert_uint_eq(x[i], n & 0xff);
	}
	/* a freed slot is reused with its extras zeroed */
	first = flowtab_first(ft);
	x0 = flowtab_ext(ft, first);
	flowtab_remove(ft, first);
	f = get(ft, 99999, 40000, &created);
	ck_assert(created);
	ck_assert_ptr_eq(f, first);
	ck_assert_ptr_eq(flowtab_ext(ft, f), x0);
	for (i = 0; i < 32; i++)
		ck_assert_uint_eq(x0[i], 0);
	ck_assert_uint_ge(flowtab_memory(ft), 20000 * (128 + 32) +
	    20000 * 8 * 4 / 3);
	flowtab_free(ft);
}
END_TEST

/*
 * The walk hands out every flow in creation order with its extras, and
 * its caller may remove the flow it holds (every third here) on the way;
 * the same with no extras, and on an empty table.
 */
START_TEST(test_walk)
{
	struct flowtab_walk	 walk;
	struct flowtab		*ft;
	struct flow		*f;
	void			*x;
	bool			 created;
	uint32_t		 n;
	size_t			 ext, seen;

	for (ext = 0; ext <= 1024; ext += 1024) {
		ft = flowtab_new(0, ext);
		flowtab_walk_start(ft, &walk);
		ck_assert_ptr_null(flowtab_walk_next(ft, &walk, &x));
		for (n = 0; n < 3000; n++)
			get(ft, n * 7919 % 3000, n, &created);
		seen = 0;
		flowtab_walk_start(ft, &walk);
		while ((f = flowtab_walk_next(ft, &walk, &x)) != NULL) {
			ck_assert_uint_eq(f->seq, seen);
			ck_assert_ptr_eq(x, flowtab_ext(ft, f));
			if (seen++ % 3 == 0)
				flowtab_remove(ft, f);
		}
		ck_assert_uint_eq(seen, 3000);
		ck_assert_uint_eq(flowtab_count(ft), 2000);
		/* what is left, in order, once more */
		seen = 0;
		flowtab_walk_start(ft, &walk);
		while ((f = flowtab_walk_next(ft, &walk, &x)) != NULL) {
			ck_assert_uint_eq(f->seq, 3 * (seen / 2) + 1 + seen % 2);
			seen++;
		}
		ck_assert_uint_eq(seen, 2000);
		flowtab_free(ft);
	}
}
END_TEST

/*
 * An expiry bucket listed, sorted by creation (here reversed), its flows
 * reached by reference and removed in that order: the other bucket, the
 * index and the creation list stay whole.
 */
START_TEST(test_remove_listed)
{
	struct flowtab_ref	 refs[3000], t;
	struct flowtab		*ft = flowtab_new(0, 64);
	struct flow		*f;
	void			*x;
	bool			 created;
	uint32_t		 n;
	size_t			 cnt, i;

	for (n = 0; n < 3000; n++)
		getb(ft, n, n, n % 3 == 0 ? 1 : 0, &created);
	cnt = flowtab_bcount(ft, 0);
	ck_assert_uint_eq(cnt, 2000);
	flowtab_list_bucket(ft, 0, refs);
	for (i = 0; i < cnt / 2; i++) {
		t = refs[i];
		refs[i] = refs[cnt - 1 - i];
		refs[cnt - 1 - i] = t;
	}
	for (i = 0; i < cnt; i++) {
		f = flowtab_ref_flow(ft, &refs[i], &x);
		ck_assert_uint_eq(f->seq, refs[i].seq);
		ck_assert_uint_ne(f->seq % 3, 0);
		ck_assert_ptr_eq(x, flowtab_ext(ft, f));
		flowtab_ref_prefetch(ft, &refs[i]);
	}
	flowtab_remove_bucket(ft, 0, refs, cnt);
	ck_assert_uint_eq(flowtab_count(ft), 1000);
	ck_assert_uint_eq(flowtab_bcount(ft, 0), 0);
	ck_assert_ptr_null(flowtab_bfirst(ft, 0));
	for (i = 0, f = flowtab_first(ft); f != NULL;
	    f = flowtab_next(ft, f), i++)
		ck_assert_uint_eq(f->seq, 3 * i);
	ck_assert_uint_eq(i, 1000);
	for (n = 0; n < 3000; n++) {
		struct flow_key	k;

		make_key(&k, n);
		f = flowtab_find(ft, k.ident, flowkey_hash(k.ident));
		ck_assert(n % 3 == 0 ? f != NULL : f == NULL);
	}
	flowtab_free(ft);
}
END_TEST

/*
 * A hash of flow "n" that crowds the index: a third share eleven hashes
 * next to the end of the smallest index (their probes wrap around to its
 * start), a third share one hash, the rest are spread.
 */
static uint64_t
crowd_hash(uint32_t n)
{
	if (n % 3 == 0)
		return 1019 + n % 11;
	if (n % 3 == 1)
		return 0xabcdef01u;
	return (uint64_t)n * 2654435761u;
}

/*
 * Every flow of "alive" is found (with its creation number), no other,
 * and each is filed once in its expiry bucket.
 */
static void
check_crowd(struct flowtab *ft, const bool *alive, const uint64_t *seq,
    uint32_t nflows)
{
	struct flow_key	 k;
	struct flow	*f;
	uint32_t	 n;
	size_t		 live = 0;

	static uint32_t	 of_seq[2 * 3000];	/* creation number -> flow */
	static bool	 listed[3000];
	unsigned	 b;

	ck_assert_uint_le(nflows, 3000);
	for (n = 0; n < nflows; n++) {
		make_key(&k, n);
		f = flowtab_find(ft, k.ident, crowd_hash(n));
		if (alive[n]) {
			ck_assert_ptr_nonnull(f);
			ck_assert_uint_eq(f->seq, seq[n]);
			ck_assert_uint_lt(seq[n], 2 * 3000);
			of_seq[seq[n]] = n;
			live++;
		} else
			ck_assert_ptr_null(f);
		listed[n] = false;
	}
	ck_assert_uint_eq(flowtab_count(ft), live);
	/* flow n is filed under bucket n % 2, once; buckets 2.. are empty */
	for (b = 0; b < FLOWTAB_RING; b++)
		for (f = flowtab_bfirst(ft, b); f != NULL;
		    f = flowtab_bnext(ft, f)) {
			n = of_seq[f->seq];
			ck_assert(alive[n] && seq[n] == f->seq);
			ck_assert_uint_eq(n % 2, b);
			ck_assert(!listed[n]);
			listed[n] = true;
			live--;
		}
	ck_assert_uint_eq(live, 0);
}

/*
 * Colliding hashes, clusters that wrap around the index and removals in
 * a scrambled order (each one shifts the entries after it back): every
 * live flow is still found, and the removed ones are not, through two
 * rounds of growing and one of creating flows again in the holes.
 */
START_TEST(test_crowd)
{
	enum { NFLOWS = 3000 };
	static bool	 alive[NFLOWS];
	static uint64_t	 seq[NFLOWS];
	struct flowtab	*ft = flowtab_new(0, 0);
	struct flow_key	 k;
	struct flow	*f;
	bool		 created;
	uint32_t	 n, i, x = 1;

	for (n = 0; n < NFLOWS; n++) {
		make_key(&k, n);
		f = flowtab_get(ft, k.ident, crowd_hash(n), n, n % 2, k.dir,
		    &created, NULL);
		ck_assert(created);
		alive[n] = true;
		seq[n] = f->seq;
		if (n == 700 || n == 1500)
			check_crowd(ft, alive, seq, n + 1);
	}
	check_crowd(ft, alive, seq, NFLOWS);
	for (i = 0; i < 2 * NFLOWS; i++) {
		x = x * 1103515245u + 12345u;
		n = (x >> 8) % NFLOWS;
		if (!alive[n])
			continue;
		make_key(&k, n);
		f = flowtab_find(ft, k.ident, crowd_hash(n));
		ck_assert_ptr_nonnull(f);
		flowtab_remove(ft, f);
		alive[n] = false;
		if (i % 97 == 0)
			check_crowd(ft, alive, seq, NFLOWS);
	}
	check_crowd(ft, alive, seq, NFLOWS);
	for (n = 0; n < NFLOWS; n += 2) {
		make_key(&k, n);
		f = flowtab_get(ft, k.ident, crowd_hash(n), NFLOWS + n, 0,
		    k.dir, &created, NULL);
		ck_assert(created == !alive[n]);
		if (created)
			seq[n] = f->seq;
		alive[n] = true;
	}
	check_crowd(ft, alive, seq, NFLOWS);
	flowtab_free(ft);
}
END_TEST

/*
 * Two identities with the same id bytes and the same hash but other
 * layouts (UDP and TCP ports) are two flows, each found as itself.
 */
START_TEST(test_same_id_other_layout)
{
	struct flowtab	*ft = flowtab_new(0, 0);
	struct flow_key	 ku, kt;
	struct flow	*fu, *ft2;
	uint8_t		 a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };
	bool		 created;

	flowkey_init(&ku);
	flowkey_add_ipv4(&ku, a, b);
	flowkey_add_udp(&ku, 1000, 53);
	flowkey_init(&kt);
	flowkey_add_ipv4(&kt, a, b);
	flowkey_add_tcp(&kt, 1000, 53);
	/* the premise: equal id bytes, different headers */
	ck_assert_uint_eq(ku.ident[FLOWKEY_HDR_LEN], kt.ident[FLOWKEY_HDR_LEN]);
	ck_assert(memcmp(ku.ident + FLOWKEY_HDR_LEN + 1,
	    kt.ident + FLOWKEY_HDR_LEN + 1, ku.ident[FLOWKEY_HDR_LEN]) == 0);
	ck_assert(memcmp(ku.ident, kt.ident, FLOWKEY_HDR_LEN) != 0);
	fu = flowtab_get(ft, ku.ident, 77, 1, 0, ku.dir, &created, NULL);
	ck_assert(created);
	ck_assert_ptr_null(flowtab_find(ft, kt.ident, 77));
	ft2 = flowtab_get(ft, kt.ident, 77, 2, 0, kt.dir, &created, NULL);
	ck_assert(created);
	ck_assert_ptr_ne(fu, ft2);
	ck_assert_ptr_eq(flowtab_find(ft, ku.ident, 77), fu);
	ck_assert_ptr_eq(flowtab_find(ft, kt.ident, 77), ft2);
	ck_assert_ptr_eq(flowtab_get(ft, ku.ident, 77, 3, 0, ku.dir, &created,
	    NULL), fu);
	ck_assert(!created);
	flowtab_free(ft);
}
END_TEST

/*
 * Clearing the table removes every flow, long keys too (the sanitizers'
 * leak check), and leaves it as good as new.
 */
START_TEST(test_clear)
{
	struct flowtab	*ft = flowtab_new(0, 16);
	struct flow_key	 k;
	struct flow	*f;
	uint8_t		 a6[16] = { 0x20, 0x01, 0x0d, 0xb8 }, b6[16] = { 0xfe };
	bool		 created;
	uint32_t	 n;
	int		 round;

	for (round = 0; round < 2; round++) {
		for (n = 0; n < 20000; n++)
			get(ft, n, n, &created);
		for (n = 0; n < 100; n++) {
			/* a key longer than the slot holds */
			flowkey_init(&k);
			flowkey_add_vlan(&k, (uint16_t)n);
			flowkey_add_ipv6(&k, a6, b6);
			flowkey_add_ipv6(&k, b6, a6);
			flowkey_add_udp(&k, 1, 2);
			flowtab_get(ft, k.ident, flowkey_hash(k.ident), 1, 2,
			    k.dir, &created, NULL);
			ck_assert(created);
		}
		ck_assert_uint_eq(flowtab_count(ft), 20100);
		flowtab_clear(ft);
		ck_assert_uint_eq(flowtab_count(ft), 0);
		ck_assert_ptr_null(flowtab_first(ft));
		ck_assert_ptr_null(flowtab_bfirst(ft, 0));
		ck_assert_uint_eq(flowtab_bcount(ft, 2), 0);
		make_key(&k, 7);
		ck_assert_ptr_null(flowtab_find(ft, k.ident,
		    flowkey_hash(k.ident)));
	}
	f = get(ft, 7, 5, &created);
	ck_assert(created);
	ck_assert_ptr_eq(flowtab_first(ft), f);
	flowtab_free(ft);
}
END_TEST

/* A table that holds as many flows as it may creates no more. */
START_TEST(test_full)
{
	struct flowtab	*ft = flowtab_new(0, 0);
	struct flow	*f;
	bool		 created;

	flowtab_set_max(ft, 3);
	ck_assert_ptr_nonnull(get(ft, 1, 1, &created));
	ck_assert_ptr_nonnull(get(ft, 2, 1, &created));
	f = get(ft, 3, 1, &created);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_null(get(ft, 4, 2, &created));
	ck_assert(!created);
	ck_assert_uint_eq(flowtab_count(ft), 3);
	/* a flow it holds is still found */
	ck_assert_ptr_eq(get(ft, 3, 3, &created), f);
	/* room again once one ends */
	flowtab_remove(ft, f);
	ck_assert_ptr_nonnull(get(ft, 4, 4, &created));
	ck_assert(created);
	flowtab_free(ft);
}
END_TEST

static Suite *
flowtab_suite(void)
{
	Suite	*s = suite_create("flowtab");
	TCase	*tc = tcase_create("table");

	tcase_add_test(tc, test_get);
	tcase_add_test(tc, test_orders);
	tcase_add_test(tc, test_grow);
	tcase_add_test(tc, test_ident);
	tcase_add_test(tc, test_extras);
	tcase_add_test(tc, test_full);
	tcase_add_test(tc, test_walk);
	tcase_add_test(tc, test_remove_listed);
	tcase_add_test(tc, test_clear);
	tcase_add_test(tc, test_crowd);
	tcase_add_test(tc, test_same_id_other_layout);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(flowtab_suite());
}

/* check_fragtab.c -- remembered first fragments. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fragtab.h"
#include "testutil.h"

#define S	((fd_ns)1000000000)

static void
first_fragment(struct pkt_info *pk, uint32_t id, uint16_t sport)
{
	memset(pk, 0, sizeof(*pk));
	pk->frag = DECODE_FRAG_FIRST;
	pk->frag_proto = 17;
	pk->frag_id = id;
	pk->frag_src[0] = 10;
	pk->frag_dst[0] = 192;
	pk->nops = 1;
	pk->ops_ports = true;
	pk->ops[0].kind = DECODE_OP_UDP;
	pk->ops[0].a[0] = (uint8_t)(sport >> 8);
	pk->ops[0].a[1] = (uint8_t)sport;
}

START_TEST(test_put_get)
{
	struct fragtab		*ft = fragtab_new();
	struct pkt_info		 pk, q;
	const struct decode_op	*ops;
	size_t			 nops;

	first_fragment(&pk, 7, 5353);
	fragtab_put(ft, &pk, 100 * S);
	q = pk;
	q.frag = DECODE_FRAG_LATER;
	ck_assert(fragtab_get(ft, &q, 100 * S + 30 * S, &ops, &nops));
	ck_assert_uint_eq(nops, 1);
	ck_assert_uint_eq(ops[0].a[1], 5353 & 0xff);
	/* 30 s of packet time, not more */
	ck_assert(!fragtab_get(ft, &q, 100 * S + 30 * S + 1, &ops, &nops));
	/* another identification, protocol or address: no entry */
	q.frag_id = 8;
	ck_assert(!fragtab_get(ft, &q, 100 * S, &ops, &nops));
	q.frag_id = 7;
	q.frag_proto = 6;
	ck_assert(!fragtab_get(ft, &q, 100 * S, &ops, &nops));
	q.frag_proto = 17;
	q.frag_src[15] = 1;
	ck_assert(!fragtab_get(ft, &q, 100 * S, &ops, &nops));
	/* a newer first fragment replaces the entry */
	first_fragment(&pk, 7, 9999);
	fragtab_put(ft, &pk, 120 * S);
	ck_assert_uint_eq(fragtab_count(ft), 1);
	pk.frag = DECODE_FRAG_LATER;
	ck_assert(fragtab_get(ft, &pk, 140 * S, &ops, &nops));
	ck_assert_uint_eq(ops[0].a[1], 9999 & 0xff);
	fragtab_expire(ft, 150 * S);
	ck_assert_uint_eq(fragtab_count(ft), 1);
	fragtab_expire(ft, 151 * S);
	ck_assert_uint_eq(fragtab_count(ft), 0);
	fragtab_free(ft);
	fragtab_free(NULL);
}
END_TEST

/* The table is bounded: the oldest entry goes first. */
START_TEST(test_bound)
{
	struct fragtab		*ft = fragtab_new();
	struct pkt_info		 pk;
	const struct decode_op	*ops;
	size_t			 nops;
	uint32_t		 i;

	for (i = 0; i < FRAGTAB_MAX + 10; i++) {
		first_fragment(&pk, i, 1);
		fragtab_put(ft, &pk, S);
	}
	ck_assert_uint_eq(fragtab_count(ft), FRAGTAB_MAX);
	first_fragment(&pk, 9, 1);
	ck_assert(!fragtab_get(ft, &pk, S, &ops, &nops));
	first_fragment(&pk, 10, 1);
	ck_assert(fragtab_get(ft, &pk, S, &ops, &nops));
	fragtab_free(ft);
}
END_TEST

static Suite *
fragtab_suite(void)
{
	Suite	*s = suite_create("fragtab");
	TCase	*tc = tcase_create("table");

	tcase_add_test(tc, test_put_get);
	tcase_add_test(tc, test_bound);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(fragtab_suite());
}

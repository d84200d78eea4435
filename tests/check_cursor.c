/* check_cursor.c -- the bounds-checked reader. */
#include <config.h>

#include <check.h>
#include <stdlib.h>

#include "cursor.h"
#include "testutil.h"

static const uint8_t bytes[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06 };

START_TEST(test_reads)
{
	struct cursor	c;
	uint8_t		u8, buf[2];
	uint16_t	u16;
	uint32_t	u32;

	cur_init(&c, bytes, sizeof(bytes));
	ck_assert(cur_get_u8(&c, &u8));
	ck_assert_uint_eq(u8, 0x01);
	ck_assert(cur_get_be16(&c, &u16));
	ck_assert_uint_eq(u16, 0x0203);
	ck_assert(cur_get_bytes(&c, buf, 2));
	ck_assert_uint_eq(buf[0], 0x04);
	ck_assert_uint_eq(buf[1], 0x05);
	ck_assert_uint_eq(c.left, 1);
	ck_assert(!cur_get_be16(&c, &u16));
	ck_assert_uint_eq(c.left, 1);	/* a failed read moves nothing */
	cur_init(&c, bytes, sizeof(bytes));
	ck_assert(cur_get_be32(&c, &u32));
	ck_assert_uint_eq(u32, 0x01020304);
	cur_init(&c, bytes, sizeof(bytes));
	ck_assert(cur_get_le32(&c, &u32));
	ck_assert_uint_eq(u32, 0x04030201);
}
END_TEST

/* Every read fails, leaving the cursor alone, when bytes are missing. */
START_TEST(test_short)
{
	struct cursor	c;
	uint8_t		u8, buf[8];
	uint16_t	u16;
	uint32_t	u32;
	size_t		n = (size_t)_i;

	cur_init(&c, bytes, n);
	ck_assert(cur_get_u8(&c, &u8) == (n >= 1));
	cur_init(&c, bytes, n);
	ck_assert(cur_get_be16(&c, &u16) == (n >= 2));
	cur_init(&c, bytes, n);
	ck_assert(cur_get_be32(&c, &u32) == (n >= 4));
	cur_init(&c, bytes, n);
	ck_assert(cur_get_le32(&c, &u32) == (n >= 4));
	cur_init(&c, bytes, n);
	ck_assert(cur_get_bytes(&c, buf, 5) == (n >= 5));
	cur_init(&c, bytes, n);
	ck_assert(cur_skip(&c, 3) == (n >= 3));
	ck_assert_uint_eq(c.left, n >= 3 ? n - 3 : n);
	cur_init(&c, bytes, n);
	ck_assert(cur_peek_u8(&c, 2, &u8) == (n >= 3));
	ck_assert_uint_eq(c.left, n);
}
END_TEST

START_TEST(test_limit)
{
	struct cursor	c;

	cur_init(&c, bytes, sizeof(bytes));
	cur_limit(&c, 10);
	ck_assert_uint_eq(c.left, 6);
	cur_limit(&c, 2);
	ck_assert_uint_eq(c.left, 2);
	ck_assert(!cur_skip(&c, 3));
}
END_TEST

static Suite *
cursor_suite(void)
{
	Suite	*s = suite_create("cursor");
	TCase	*tc = tcase_create("reads");

	tcase_add_test(tc, test_reads);
	tcase_add_loop_test(tc, test_short, 0, 7);
	tcase_add_test(tc, test_limit);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(cursor_suite());
}

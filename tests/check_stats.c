/*
 * check_stats.c -- the run summary: fixed names in a fixed order, the
 * JSON form (exact past 2^53), and when a summary is due without --stats.
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "stats.h"
#include "testutil.h"

static char	*membuf;
static size_t	 memlen;

static char *
capture(const struct stats *st, bool json)
{
	FILE	*fp = open_memstream(&membuf, &memlen);

	if (json)
		stats_print_json(st, fp);
	else
		stats_print_text(st, fp);
	fclose(fp);
	return membuf;
}

START_TEST(test_text)
{
	struct stats	 st;
	char		*s, *line;
	int		 i = 0;

	memset(&st, 0, sizeof(st));
	st.v[ST_READ] = 5;
	st.v[ST_IN_FLOWS] = 4;
	st.v[ST_NOKEY_NONIP] = 1;
	s = capture(&st, false);
	ck_assert(strncmp(s, "records read: 5\nrecords counted in flows: 4\n",
	    44) == 0);
	ck_assert_ptr_nonnull(strstr(s, "records not counted: no flow key: 1\n"));
	for (line = strtok(s, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		const char	*name = stats_name((enum stats_counter)i);

		ck_assert(strncmp(line, name, strlen(name)) == 0);
		ck_assert(line[strlen(name)] == ':');
		i++;
	}
	ck_assert_int_eq(i, ST_NCOUNTERS);
	free(s);
}
END_TEST

START_TEST(test_json)
{
	struct stats	 st;
	cJSON		*j, *it;
	char		*s;
	int		 i = 0;

	memset(&st, 0, sizeof(st));
	st.v[ST_READ] = 9007199254740993ULL;
	st.v[ST_PEAK_FLOWS] = 3;
	s = capture(&st, true);
	ck_assert_ptr_nonnull(strstr(s, "{\"records_read\":9007199254740993,"));
	/* one line */
	ck_assert_ptr_eq(strchr(s, '\n'), s + strlen(s) - 1);
	j = cJSON_Parse(s);
	ck_assert_ptr_nonnull(j);
	cJSON_ArrayForEach(it, j)
		ck_assert_str_eq(it->string,
		    stats_json_name((enum stats_counter)i++));
	ck_assert_int_eq(i, ST_NCOUNTERS);
	cJSON_Delete(j);
	free(s);
}
END_TEST

START_TEST(test_damage)
{
	struct stats	st;

	memset(&st, 0, sizeof(st));
	st.v[ST_NOKEY_NONIP] = 10;	/* not damage */
	st.v[ST_LATE] = 10;
	ck_assert(!stats_has_damage(&st));
	st.v[ST_LINK_TRUNC] = 1;
	ck_assert(stats_has_damage(&st));
	st.v[ST_LINK_TRUNC] = 0;
	st.v[ST_INPUTS_DAMAGED] = 1;
	ck_assert(stats_has_damage(&st));
}
END_TEST

static Suite *
stats_suite(void)
{
	Suite	*s = suite_create("stats");
	TCase	*tc = tcase_create("summary");

	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_damage);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(stats_suite());
}

/*
 * check_cli.c -- the command line: defaults, every option, and usage
 * errors exiting with status 64 (Check's exit tests run each in a child).
 */
#include <config.h>

#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "testutil.h"

#define S	1000000000LL

/* Parse a NULL-terminated argument list. */
static void
parse(struct config *cfg, const char *arg0, ...)
{
	char		*argv[32];
	int		 argc = 0;
	const char	*a;
	va_list		 ap;

	argv[argc++] = (char *)"flowdump";
	va_start(ap, arg0);
	for (a = arg0; a != NULL; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	cli_parse(argc, argv, cfg);
}

START_TEST(test_defaults)
{
	struct config	cfg;

	parse(&cfg, "x.pcap", NULL);
	ck_assert_uint_eq(cfg.ninputs, 1);
	ck_assert_str_eq(cfg.inputs[0], "x.pcap");
	ck_assert(cfg.timeout_ns == 30 * S);
	ck_assert(cfg.period_ns == 10 * S);
	ck_assert_int_eq(cfg.format, WRITER_NDJSON);
	ck_assert_int_eq(cfg.schema, WRITER_LEGACY);
	ck_assert(!cfg.delta && !cfg.no_mac && !cfg.strict && !cfg.progress);
	ck_assert_ptr_null(cfg.filter);
	ck_assert_ptr_null(cfg.name);
	ck_assert_ptr_null(cfg.fields);
	ck_assert_int_eq(cfg.stats, CLI_STATS_OFF);
	ck_assert_uint_eq(cfg.max_flows, 0);
	ck_assert_uint_eq(cfg.nshards, 0);
	ck_assert_uint_eq(cfg.cid_seed, 0);
	cli_cleanup(&cfg);
}
END_TEST

START_TEST(test_options)
{
	struct config	cfg;

	parse(&cfg, "-t", "1m30s", "-p", "-1s", "--delta", "--no-mac-key",
	    "-F", "tcp", "--name=h", "-f", "csv", "-s", "ecs",
	    "--fields=flow.id", "--community-id-seed=7", "--max-flows=100",
	    "--shard=2/5", "--progress", "--strict", "--stats=json", "a",
	    "-", "b", NULL);
	ck_assert(cfg.timeout_ns == 90 * S);
	ck_assert(cfg.period_ns == -S);
	ck_assert(cfg.delta && cfg.no_mac && cfg.strict && cfg.progress);
	ck_assert_str_eq(cfg.filter, "tcp");
	ck_assert_str_eq(cfg.name, "h");
	ck_assert_int_eq(cfg.format, WRITER_CSV);
	ck_assert_int_eq(cfg.schema, WRITER_ECS);
	ck_assert_str_eq(cfg.fields, "flow.id");
	ck_assert_uint_eq(cfg.cid_seed, 7);
	ck_assert_uint_eq(cfg.max_flows, 100);
	ck_assert_uint_eq(cfg.shard, 2);
	ck_assert_uint_eq(cfg.nshards, 5);
	ck_assert_int_eq(cfg.stats, CLI_STATS_JSON);
	ck_assert_uint_eq(cfg.ninputs, 3);
	ck_assert_str_eq(cfg.inputs[1], "-");
	cli_cleanup(&cfg);

	parse(&cfg, "--stats", "--period=0", "x", NULL);
	ck_assert_int_eq(cfg.stats, CLI_STATS_TEXT);
	ck_assert(cfg.period_ns == 0);
	cli_cleanup(&cfg);
}
END_TEST

/* Each of these is a usage error: exit status 64. */
static const char *const bad[][3] = {
	{ "--timeout", "10", "x" },		/* no unit */
	{ "--timeout", "999ms", "x" },		/* below 1 s */
	{ "--period", "500ms", "x" },		/* 0 < period < 1 s */
	{ "--period", "1x", "x" },
	{ "-f", "xml", "x" },
	{ "-s", "ecs2", "x" },
	{ "--stats=xml", "x", NULL },
	{ "--fields=flow_id", "x", NULL },	/* without csv */
	{ "--community-id-seed=65536", "x", NULL },
	{ "--max-flows=0", "x", NULL },
	{ "--shard=3/2", "x", NULL },
	{ "--shard=2", "x", NULL },
	{ "--name=\xff", "x", NULL },
	{ "-", "-", NULL },
	{ "--no-such-option", "x", NULL },
};

START_TEST(test_usage_errors)
{
	struct config	 cfg;
	char		*argv[5];
	int		 argc = 0, k;

	argv[argc++] = (char *)"flowdump";
	for (k = 0; k < 3 && bad[_i][k] != NULL; k++)
		argv[argc++] = (char *)bad[_i][k];
	argv[argc] = NULL;
	cli_parse(argc, argv, &cfg);
	ck_abort_msg("usage error %d accepted", _i);
}
END_TEST

START_TEST(test_version)
{
	struct config	cfg;

	parse(&cfg, "--version", NULL);
}
END_TEST

static Suite *
cli_suite(void)
{
	Suite	*s = suite_create("cli");
	TCase	*tc = tcase_create("options");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_options);
	tcase_add_loop_exit_test(tc, test_usage_errors, EXIT_USAGE, 0,
	    (int)(sizeof(bad) / sizeof(bad[0])));
	tcase_add_exit_test(tc, test_version, 0);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	/* Check's exit tests need a child per test */
	setenv("CK_FORK", "yes", 1);
	return check_run(cli_suite());
}

/*
 * testutil.h -- what the Check programs share.
 */
#ifndef FLOWDUMP_TESTUTIL_H
#define FLOWDUMP_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * Run every test of "s" (CK_VERBOSITY and CK_FORK come from the
 * environment) and return the exit status for main().
 */
static inline int
check_run(Suite *s)
{
	SRunner	*sr;
	int	 nfailed;

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	nfailed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/*
 * The path of "name" in testdata/ (under $srcdir when set).  The result
 * stays valid for the next three calls.
 */
static inline const char *
testdata(const char *name)
{
	static char	buf[4][1024];
	static int	n;
	const char	*srcdir = getenv("srcdir");

	n = (n + 1) % 4;
	snprintf(buf[n], sizeof(buf[n]), "%s/testdata/%s",
	    srcdir != NULL ? srcdir : ".", name);
	return buf[n];
}

#endif /* FLOWDUMP_TESTUTIL_H */

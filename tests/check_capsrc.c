/*
 * check_capsrc.c -- an input's bytes: a mapped file, a stdio stream, a
 * pipe, each plain, gzip'ed (several members) or zstd'ed (several
 * frames), read in pieces of every size: the same bytes, the same
 * positions; truncated and corrupt compressed inputs say so.
 */
#include <config.h>

#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "capsrc.h"
#include "testutil.h"

#define DATA_LEN	(3 * 1024 * 1024 + 77)

static uint8_t	*data;
static char	 dir[] = "/tmp/check_capsrc.XXXXXX";
static char	 plain[128], gz[128], zst[128], gzbad[128], zstbad[128],
		 gzjunk[128], zstcorrupt[128];

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE	*fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(p, 1, n, fp), n);
	ck_assert_int_eq(fclose(fp), 0);
}

/* "n" bytes of "p" gzip'ed as two members, appended to "fp". */
static void
gzip_members(FILE *fp, const uint8_t *p, size_t n)
{
	size_t		 half = n / 2, part, cap;
	uint8_t		*out;
	z_stream	 z;
	int		 k;

	cap = compressBound((uLong)n) + 64;
	out = malloc(cap);
	for (k = 0; k < 2; k++) {
		part = k == 0 ? half : n - half;
		memset(&z, 0, sizeof(z));
		ck_assert_int_eq(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY), Z_OK);
		z.next_in = (Bytef *)(uintptr_t)(p + (k == 0 ? 0 : half));
		z.avail_in = (uInt)part;
		z.next_out = out;
		z.avail_out = (uInt)cap;
		ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
		ck_assert_uint_eq(fwrite(out, 1, cap - z.avail_out, fp),
		    cap - z.avail_out);
		deflateEnd(&z);
	}
	free(out);
}

static void
setup(void)
{
	size_t		 i, cap, half = DATA_LEN / 3, a, b;
	uint32_t	 x = 12345;
	uint8_t		*out;
	FILE		*fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	data = malloc(DATA_LEN);
	for (i = 0; i < DATA_LEN; i++) {
		x = x * 1103515245 + 12345;
		/* compressible, not trivially */
		data[i] = (uint8_t)(i % 251 < 128 ? (x >> 24) & 0x0f : i);
	}
	snprintf(plain, sizeof(plain), "%s/plain", dir);
	snprintf(gz, sizeof(gz), "%s/x.gz", dir);
	snprintf(zst, sizeof(zst), "%s/x.zst", dir);
	snprintf(gzbad, sizeof(gzbad), "%s/bad.gz", dir);
	snprintf(zstbad, sizeof(zstbad), "%s/bad.zst", dir);
	snprintf(gzjunk, sizeof(gzjunk), "%s/junk.gz", dir);
	snprintf(zstcorrupt, sizeof(zstcorrupt), "%s/corrupt.zst", dir);
	write_file(plain, data, DATA_LEN);
	fp = fopen(gz, "wb");
	gzip_members(fp, data, DATA_LEN);
	fclose(fp);
	fp = fopen(gzjunk, "wb");
	gzip_members(fp, data, DATA_LEN);
	fwrite("\0\0\0junk", 1, 7, fp);
	fclose(fp);
	/* zstd: two frames */
	cap = ZSTD_compressBound(DATA_LEN) + 64;
	out = malloc(cap);
	a = ZSTD_compress(out, cap, data, half, 3);
	ck_assert(!ZSTD_isError(a));
	b = ZSTD_compress(out + a, cap - a, data + half, DATA_LEN - half, 3);
	ck_assert(!ZSTD_isError(b));
	write_file(zst, out, a + b);
	write_file(zstbad, out, a + b / 2);	/* cut in the second frame */
	out[a] ^= 0x55;		/* and one whose second frame is no frame */
	write_file(zstcorrupt, out, a + b);
	free(out);
	fp = fopen(gz, "rb");
	out = malloc(DATA_LEN);
	i = fread(out, 1, DATA_LEN, fp);
	fclose(fp);
	write_file(gzbad, out, i - 1000);	/* cut short */
	free(out);
}

static void
teardown(void)
{
	char	cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(data);
}

/* Read "s" to its end in pieces of changing sizes; compare with data. */
static void
read_through(struct capsrc *s)
{
	const uint8_t	*p;
	long long	 n;
	size_t		 want, at = 0, step = 0;

	while (at < DATA_LEN) {
		want = 1 + (step * 7919) % 70000;
		step++;
		ck_assert_uint_eq(capsrc_offset(s), at);
		n = capsrc_fill(s, want, &p);
		ck_assert_int_ge(n, 0);
		if ((size_t)n < want)
			ck_assert_uint_eq(at + (size_t)n, DATA_LEN);
		else
			ck_assert_uint_le(at + (size_t)n, DATA_LEN);
		ck_assert_int_eq(memcmp(p, data + at, (size_t)n <= want ?
		    (size_t)n : want), 0);
		/* consume part of what was asked for, as a parser would */
		n = (size_t)n < want ? n : (long long)(want / 2 + 1);
		capsrc_consume(s, (size_t)n);
		at += (size_t)n;
	}
	ck_assert_int_eq(capsrc_fill(s, 1, &p), 0);
}

START_TEST(test_mapped)
{
	char		 err[256];
	struct capsrc	*s;
	const uint8_t	*p, *first;

	s = capsrc_open(plain, NULL, false, err, sizeof(err));
	ck_assert_ptr_nonnull(s);
	ck_assert(capsrc_stable(s));
	ck_assert_ptr_null(capsrc_compression(s));
	ck_assert_int_eq(capsrc_fill(s, 10, &p), DATA_LEN);
	first = p;
	read_through(s);
	ck_assert_uint_eq(capsrc_raw_bytes(s), DATA_LEN);
	/* dropped pages read back from the file, the same */
	capsrc_discard(s, DATA_LEN);
	ck_assert_int_eq(memcmp(first, data, DATA_LEN), 0);
	capsrc_free(s);
	ck_assert_ptr_null(capsrc_open("/nonexistent/x", NULL, false, err,
	    sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
}
END_TEST

START_TEST(test_compressed)
{
	const char	*paths[] = { gz, zst, gzjunk };
	const char	*names[] = { "gzip", "zstd", "gzip" };
	char		 err[256];
	struct capsrc	*s;
	size_t		 i;

	for (i = 0; i < 3; i++) {
		s = capsrc_open(paths[i], NULL, i == 1, err, sizeof(err));
		ck_assert_ptr_nonnull(s);
		ck_assert(!capsrc_stable(s));
		ck_assert_str_eq(capsrc_compression(s), names[i]);
		read_through(s);
		capsrc_free(s);
		/* the same through stdio */
		s = capsrc_open_stream(fopen(paths[i], "rb"), false);
		ck_assert_str_eq(capsrc_compression(s), names[i]);
		read_through(s);
		capsrc_free(s);
	}
	s = capsrc_open_stream(fopen(plain, "rb"), true);
	ck_assert(!capsrc_stable(s));
	read_through(s);
	capsrc_free(s);
}
END_TEST

/* Damage in the compressed stream: an error, after every sound byte. */
START_TEST(test_compressed_damage)
{
	const char	*paths[] = { gzbad, zstbad, zstcorrupt };
	const char	*want[] = { "gzip stream cut short",
	    "zstd stream cut short", "zstd: " };
	char		 err[256];
	struct capsrc	*s;
	const uint8_t	*p;
	long long	 n;
	size_t		 i, at;

	for (i = 0; i < 3; i++) {
		s = capsrc_open(paths[i], NULL, false, err, sizeof(err));
		ck_assert_ptr_nonnull(s);
		at = 0;
		while ((n = capsrc_fill(s, 4096, &p)) >= 4096) {
			ck_assert_int_eq(memcmp(p, data + at, 4096), 0);
			capsrc_consume(s, 4096);
			at += 4096;
		}
		ck_assert_int_eq(n, -1);
		ck_assert_uint_gt(at, DATA_LEN / 4);
		ck_assert_msg(strstr(capsrc_error(s), want[i]) != NULL, "%s",
		    capsrc_error(s));
		capsrc_free(s);
	}
}
END_TEST

/*
 * 16 MiB of zeros compress to a few KiB: the decompressors take all
 * their input at once and hand out what it makes over many calls, the
 * last of them with no input left.
 */
START_TEST(test_flush)
{
	const size_t	 n = 16 * 1024 * 1024;
	uint8_t		*z = calloc(1, n), *out;
	char		 path[160], err[256];
	size_t		 cap, len, at;
	struct capsrc	*s;
	const uint8_t	*p;
	long long	 got;
	z_stream	 zs;
	FILE		*fp;
	int		 k;

	cap = ZSTD_compressBound(n) + compressBound((uLong)n);
	out = malloc(cap);
	for (k = 0; k < 2; k++) {
		if (k == 0) {
			memset(&zs, 0, sizeof(zs));
			ck_assert_int_eq(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16,
			    8, Z_DEFAULT_STRATEGY), Z_OK);
			zs.next_in = z;
			zs.avail_in = (uInt)n;
			zs.next_out = out;
			zs.avail_out = (uInt)cap;
			ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
			len = cap - zs.avail_out;
			deflateEnd(&zs);
		} else {
			len = ZSTD_compress(out, cap, z, n, 3);
			ck_assert(!ZSTD_isError(len));
		}
		snprintf(path, sizeof(path), "%s/zeros%d", dir, k);
		fp = fopen(path, "wb");
		ck_assert_uint_eq(fwrite(out, 1, len, fp), len);
		fclose(fp);
		s = capsrc_open(path, NULL, false, err, sizeof(err));
		ck_assert_ptr_nonnull(s);
		for (at = 0; (got = capsrc_fill(s, 100000, &p)) > 0; at +=
		    (size_t)got) {
			ck_assert_int_eq(memcmp(p, z, (size_t)got), 0);
			capsrc_consume(s, (size_t)got);
		}
		ck_assert_int_eq(got, 0);
		ck_assert_uint_eq(at, n);
		capsrc_free(s);
	}
	free(out);
	free(z);
}
END_TEST

struct feeder {
	int		 fd;
	const char	*path;
};

static void *
feed(void *arg)
{
	struct feeder	*f = arg;
	FILE		*fp = fopen(f->path, "rb");
	char		 buf[10000];
	size_t		 n;

	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		if (write(f->fd, buf, n) != (ssize_t)n)
			break;
	}
	fclose(fp);
	close(f->fd);
	return NULL;
}

/* A pipe, plain and compressed, read in small pieces as they come. */
START_TEST(test_pipe)
{
	const char		*paths[] = { plain, gz, zst };
	struct capsrc_wait	 w = { .wakefd = -1 };
	struct feeder		 f;
	struct capsrc		*s;
	pthread_t		 t;
	char			 path[64], err[256];
	int			 fds[2];
	size_t			 i;

	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(pipe(fds), 0);
		f.fd = fds[1];
		f.path = paths[i];
		ck_assert_int_eq(pthread_create(&t, NULL, feed, &f), 0);
		snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
		s = capsrc_open(path, &w, false, err, sizeof(err));
		ck_assert_ptr_nonnull(s);
		ck_assert(!capsrc_stable(s));
		read_through(s);
		capsrc_free(s);
		close(fds[0]);
		pthread_join(t, NULL);
	}
}
END_TEST

static Suite *
capsrc_suite(void)
{
	Suite	*s = suite_create("capsrc");
	TCase	*tc = tcase_create("sources");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_mapped);
	tcase_add_test(tc, test_compressed);
	tcase_add_test(tc, test_compressed_damage);
	tcase_add_test(tc, test_pipe);
	tcase_add_test(tc, test_flush);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(capsrc_suite());
}

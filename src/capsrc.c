/*
 * capsrc.c -- an input's bytes: mapped, streamed, decompressed.
 *
 * A regular file is mapped whole (read-only, private) and read in place:
 * no copy at all.  Its pages are dropped from the process as the reader
 * gets past them (capsrc_discard()), so that reading a large file does
 * not show up as memory used.  A pipe, a terminal or a stdio stream is
 * read into a buffer that grows to the longest record asked for; a
 * compressed input is decompressed into such a buffer, from its mapping
 * or from its own read buffer.
 */
#include <config.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/mman.h>
#include <sys/stat.h>

#include <zlib.h>
#include <zstd.h>

#include "capfmt.h"
#include "capsrc.h"
#include "exitcode.h"
#include "util.h"

/* Buffers of a streamed input: the first inputs, then the many others. */
#define SRC_BUF		(1024 * 1024)
#define SRC_BUF_SMALL	(64 * 1024)
/*
 * Mapped pages are dropped in steps of this much at least: each drop
 * flushes the TLBs of every core the process ran on.
 */
#define SRC_DISCARD	(8 * 1024 * 1024)

enum src_kind {
	SRC_MAP,	/* a mapped regular file */
	SRC_FD,		/* a file descriptor read(2) */
	SRC_FILE,	/* a stdio stream */
};

enum src_comp {
	COMP_NONE,
	COMP_GZIP,
	COMP_ZSTD,
};

struct capsrc {
	enum src_kind		 kind;
	enum src_comp		 comp;
	int			 fd;		/* or -1 */
	bool			 own_fd;
	FILE			*fp;
	const struct capsrc_wait *wait;
	/* the mapping (SRC_MAP) */
	uint8_t			*map;
	size_t			 maplen;
	size_t			 discarded;	/* pages dropped below this */
	/* the raw bytes: read buffer, or the mapping */
	uint8_t			*raw;
	size_t			 rawcap, rawlo, rawhi;
	bool			 raweof;
	uint64_t		 rawbytes;	/* read from fd or fp */
	/* what the reader sees: raw itself when not compressed */
	uint8_t			*buf;
	size_t			 cap, lo, hi;
	bool			 eof;		/* nothing more after hi */
	bool			 small;		/* buffers of SRC_BUF_SMALL */
	uint64_t		 pos;		/* offset of buf[lo] */
	/* decompression */
	z_stream		 z;
	ZSTD_DStream		*zs;
	bool			 zdone;		/* at a frame's end */
	char			 err[256];
};

static size_t
round_up(size_t n)
{
	size_t	c = 4096;

	while (c < n)
		c *= 2;
	return c;
}

/*
 * read(2) from a descriptor that may be a pipe: before waiting, call the
 * wait hook; a word on the wake pipe, or a signal (flowdump handles only
 * those that end the run), reads as the end of the input.
 */
static ssize_t
fd_read(struct capsrc *s, uint8_t *dst, size_t size)
{
	const struct capsrc_wait	*w = s->wait;
	ssize_t				 n;

	if (s->kind == SRC_FILE) {
		n = (ssize_t)fread(dst, 1, size, s->fp);
		if (n == 0 && ferror(s->fp))
			return -1;
		return n;
	}
	if (w != NULL && w->wakefd != -1) {
		struct pollfd	pf[2] = {
			{ .fd = s->fd, .events = POLLIN },
			{ .fd = w->wakefd, .events = POLLIN },
		};

		if (poll(pf, 1, 0) == 0 && w->on_wait != NULL)
			w->on_wait(w->arg);
		if (poll(pf, 2, -1) == -1 || pf[1].revents != 0)
			return 0;
	}
	n = read(s->fd, dst, size);
	if (n == -1 && errno == EINTR)
		return 0;
	return n;
}

/*
 * Read up to "size" bytes into "dst": return how many (0 at the end), or
 * -1 with s->err set.
 */
static ssize_t
read_into(struct capsrc *s, uint8_t *dst, size_t size)
{
	ssize_t	n = fd_read(s, dst, size);

	if (n < 0) {
		snprintf(s->err, sizeof(s->err), "read error: %s",
		    strerror(errno));
		return -1;
	}
	s->rawbytes += (uint64_t)n;
	return n;
}

/* Read more compressed bytes; false on a read error. */
static bool
raw_more(struct capsrc *s)
{
	ssize_t	n;

	if (s->raweof)
		return true;
	if (s->rawlo > 0) {
		memmove(s->raw, s->raw + s->rawlo, s->rawhi - s->rawlo);
		s->rawhi -= s->rawlo;
		s->rawlo = 0;
	}
	if ((n = read_into(s, s->raw + s->rawhi, s->rawcap - s->rawhi)) < 0)
		return false;
	if (n == 0)
		s->raweof = true;
	s->rawhi += (size_t)n;
	return true;
}

/* Make room for "n" bytes from buf[lo] in the output buffer. */
static void
out_room(struct capsrc *s, size_t n)
{
	if (s->lo > 0 && (s->cap - s->lo < n || s->lo == s->hi)) {
		memmove(s->buf, s->buf + s->lo, s->hi - s->lo);
		s->hi -= s->lo;
		s->lo = 0;
	}
	if (s->cap < n) {
		s->cap = round_up(n);
		s->buf = xrealloc(s->buf, s->cap, 1);
	}
}

/*
 * Decompress into buf[hi..cap).  Return false on an error (s->err says
 * what); set s->eof at the end of the compressed input.
 */
static bool
inflate_some(struct capsrc *s)
{
	size_t	in0, out0, hi0 = s->hi;
	int	rc;

	if (s->rawlo == s->rawhi && !s->raweof && !raw_more(s))
		return false;
	if (s->rawlo == s->rawhi && s->raweof && s->zdone) {
		s->eof = true;
		return true;
	}
	/*
	 * With no input left the decompressor may still hold output (it
	 * stopped for room): it runs once more; if it gives nothing, the
	 * stream ended before its end.
	 */
	in0 = s->rawhi - s->rawlo;
	out0 = s->cap - s->hi;
	if (s->comp == COMP_GZIP) {
		if (s->zdone) {
			/* another member follows, or what follows is junk */
			if (in0 < 2 && !s->raweof)
				return raw_more(s);
			if (in0 < 2 || s->raw[s->rawlo] != 0x1f ||
			    s->raw[s->rawlo + 1] != 0x8b) {
				s->eof = true;	/* gzip(1) ignores it too */
				return true;
			}
			inflateReset(&s->z);
			s->zdone = false;
		}
		s->z.next_in = s->raw + s->rawlo;
		s->z.avail_in = (uInt)(in0 > UINT32_MAX ? UINT32_MAX : in0);
		s->z.next_out = s->buf + s->hi;
		s->z.avail_out = (uInt)(out0 > UINT32_MAX ? UINT32_MAX : out0);
		rc = inflate(&s->z, Z_NO_FLUSH);
		s->rawlo += (size_t)(s->z.next_in - (s->raw + s->rawlo));
		s->hi += (size_t)(s->z.next_out - (s->buf + s->hi));
		if (rc == Z_STREAM_END)
			s->zdone = true;
		else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			snprintf(s->err, sizeof(s->err), "gzip: %s",
			    s->z.msg != NULL ? s->z.msg : "corrupt data");
			return false;
		}
	} else {
		ZSTD_inBuffer	in = { s->raw + s->rawlo, in0, 0 };
		ZSTD_outBuffer	out = { s->buf + s->hi, out0, 0 };
		size_t		r;

		r = ZSTD_decompressStream(s->zs, &out, &in);
		s->rawlo += in.pos;
		s->hi += out.pos;
		if (ZSTD_isError(r)) {
			snprintf(s->err, sizeof(s->err), "zstd: %s",
			    ZSTD_getErrorName(r));
			return false;
		}
		s->zdone = r == 0;
	}
	if (s->hi == hi0 && in0 == 0 && s->raweof) {
		if (!s->zdone) {
			snprintf(s->err, sizeof(s->err), "%s stream cut "
			    "short", capsrc_compression(s));
			return false;
		}
		s->eof = true;
	}
	capsrc_discard(s, s->rawlo);	/* a mapping's: read */
	return true;
}

/* capsrc_fill() when fewer than "n" bytes are at hand: read for more. */
static long long __attribute__((noinline))
fill_more(struct capsrc *s, size_t n, const uint8_t **p)
{
	ssize_t	r;

	while (s->hi - s->lo < n && !s->eof) {
		if (s->kind == SRC_MAP && s->comp == COMP_NONE) {
			s->eof = true;	/* all of it is there */
			break;
		}
		out_room(s, n);
		if (s->comp != COMP_NONE) {
			if (!inflate_some(s))
				return -1;
			continue;
		}
		if ((r = read_into(s, s->buf + s->hi, s->cap - s->hi)) < 0)
			return -1;
		s->hi += (size_t)r;
		s->eof = r == 0;
	}
	*p = s->buf + s->lo;
	return (long long)(s->hi - s->lo);
}

long long
capsrc_fill(struct capsrc *s, size_t n, const uint8_t **p)
{
	/*
	 * What almost every call finds: the bytes at hand.  Kept this
	 * small, the compiler puts it in the caller (elephant: 16 fewer
	 * instructions a record).
	 */
	if (s->hi - s->lo >= n || s->eof) {
		*p = s->buf + s->lo;
		return (long long)(s->hi - s->lo);
	}
	return fill_more(s, n, p);
}

void
capsrc_consume(struct capsrc *s, size_t n)
{
	s->lo += n;
	s->pos += n;
}

uint64_t
capsrc_offset(const struct capsrc *s)
{
	return s->pos;
}

uint64_t
capsrc_raw_bytes(const struct capsrc *s)
{
	if (s->kind != SRC_MAP)
		return s->rawbytes;
	return s->comp == COMP_NONE ? s->pos : s->rawlo;
}

bool
capsrc_stable(const struct capsrc *s)
{
	return s->kind == SRC_MAP && s->comp == COMP_NONE;
}

const char *
capsrc_compression(const struct capsrc *s)
{
	switch (s->comp) {
	case COMP_GZIP:	return "gzip";
	case COMP_ZSTD:	return "zstd";
	default:	return NULL;
	}
}

const char *
capsrc_error(const struct capsrc *s)
{
	return s->err;
}

void
capsrc_discard(struct capsrc *s, uint64_t offset)
{
	size_t	page = 4096, to;

	if (s->kind != SRC_MAP || offset > s->maplen)
		return;
	to = (size_t)offset & ~(page - 1);
	if (to < s->discarded + SRC_DISCARD)
		return;
	(void)madvise(s->map + s->discarded, to - s->discarded,
	    MADV_DONTNEED);
	s->discarded = to;
}

/*
 * Look at the first bytes: if they are gzip's or zstd's magic, read the
 * input through the decompressor from now on.
 */
static void
sniff_compression(struct capsrc *s)
{
	const uint8_t	*p;
	long long	 n;

	n = capsrc_fill(s, CAPFMT_SNIFF_LEN, &p);
	if (n < CAPFMT_SNIFF_LEN)
		return;		/* the format's reader says what is wrong */
	switch (capfmt_sniff(p, (size_t)n)) {
	case CAPFMT_GZIP:
		s->comp = COMP_GZIP;
		if (inflateInit2(&s->z, 15 + 16) != Z_OK)
			errx(EXIT_SOFTWARE, "out of memory");
		break;
	case CAPFMT_ZSTD:
		s->comp = COMP_ZSTD;
		if ((s->zs = ZSTD_createDStream()) == NULL)
			errx(EXIT_SOFTWARE, "out of memory");
		ZSTD_initDStream(s->zs);
		break;
	default:
		return;
	}
	/* what was read so far is the compressed input */
	s->raw = s->buf;
	s->rawcap = s->cap;
	s->rawlo = s->lo;
	s->rawhi = s->hi;
	s->raweof = s->kind == SRC_MAP || s->eof;
	s->lo = s->hi = 0;
	s->eof = false;
	s->pos = 0;
	s->cap = s->small ? SRC_BUF_SMALL : SRC_BUF;
	s->buf = xmalloc(s->cap);
}

static struct capsrc *
new_src(enum src_kind kind, bool small)
{
	struct capsrc	*s = xcalloc(1, sizeof(*s));

	s->kind = kind;
	s->small = small;
	s->fd = -1;
	if (kind != SRC_MAP) {
		s->cap = small ? SRC_BUF_SMALL : SRC_BUF;
		s->buf = xmalloc(s->cap);
	}
	return s;
}

/* Map the regular file open on "fd", or return false. */
static bool
map_file(struct capsrc *s, int fd, const struct stat *sb)
{
	off_t	at;
	void	*m;

	if (sb->st_size <= 0 || (uint64_t)sb->st_size > SIZE_MAX)
		return false;
	m = mmap(NULL, (size_t)sb->st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return false;
	s->map = s->buf = m;
	s->maplen = s->cap = s->hi = (size_t)sb->st_size;
	(void)madvise(m, s->maplen, MADV_SEQUENTIAL);
	/* standard input may be open at an offset: start there */
	if ((at = lseek(fd, 0, SEEK_CUR)) > 0 && (uint64_t)at <= s->maplen) {
		s->lo = (size_t)at;
		s->pos = (uint64_t)at;
	}
	return true;
}

struct capsrc *
capsrc_open(const char *path, const struct capsrc_wait *wait, bool small,
    char *err, size_t errlen)
{
	struct capsrc	*s;
	struct stat	 sb;
	int		 fd;
	bool		 stdin_fd = strcmp(path, "-") == 0;

	if (stdin_fd)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	s = new_src(SRC_MAP, small);
	if (!(fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    map_file(s, fd, &sb))) {
		free(s);
		s = new_src(SRC_FD, small);
		s->wait = wait;
	}
	s->fd = fd;
	s->own_fd = !stdin_fd;
	if (s->kind == SRC_MAP && s->own_fd) {
		close(fd);	/* the mapping stays */
		s->fd = -1;
		s->own_fd = false;
	}
	sniff_compression(s);
	return s;
}

struct capsrc *
capsrc_open_stream(FILE *fp, bool small)
{
	struct capsrc	*s = new_src(SRC_FILE, small);

	s->fp = fp;
	sniff_compression(s);
	return s;
}

void
capsrc_free(struct capsrc *s)
{
	if (s == NULL)
		return;
	if (s->comp == COMP_GZIP)
		inflateEnd(&s->z);
	ZSTD_freeDStream(s->zs);
	if (s->map != NULL)
		munmap(s->map, s->maplen);
	if (s->buf != s->map)
		free(s->buf);
	if (s->raw != s->map && s->raw != s->buf)
		free(s->raw);
	if (s->fp != NULL)
		fclose(s->fp);
	if (s->own_fd)
		close(s->fd);
	free(s);
}

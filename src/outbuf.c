/*
 * outbuf.c -- the output buffer and the value formatters.
 *
 * IPv6 text follows RFC 5952 (lower case, no leading zeros, the longest
 * run of two or more zero groups as "::", the first such run on a tie,
 * IPv4-mapped addresses as ::ffff:a.b.c.d), written here rather than by
 * inet_ntop(3) so that output is the same with every C library.
 *
 * CSV cells follow RFC 4180: a cell is quoted only when it holds ',',
 * '"', CR or LF, arrays are joined by ';'.
 */
#include <config.h>

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "outbuf.h"

/* The buffer's size, unless a record may need more than half of it. */
#define OB_SIZE		(256 * 1024)

void
ob_init(struct outbuf *ob, FILE *fp, size_t reserve)
{
	memset(ob, 0, sizeof(*ob));
	ob->reserve = reserve;
	ob->cap = OB_SIZE > 2 * reserve ? OB_SIZE : 2 * reserve;
	ob->buf = xmalloc(ob->cap + OB_SLACK);
	ob->fp = fp;
}

void
ob_free(struct outbuf *ob)
{
	free(ob->buf);
	ob->buf = NULL;
}

void
ob_hold(struct outbuf *ob)
{
	ob->hold = true;
}

ptrdiff_t
ob_begin_record(struct outbuf *ob)
{
	if (ob->cap - ob->len >= ob->reserve)
		return (ptrdiff_t)ob->len;
	if (ob->hold) {
		ob->cap *= 2;
		ob->buf = xrealloc(ob->buf, ob->cap + OB_SLACK, 1);
	} else if (ob_flush(ob) == -1)
		return -1;
	return (ptrdiff_t)ob->len;
}

void
ob_end_record(struct outbuf *ob, ptrdiff_t start)
{
	/* a record longer than the reserve may have overrun the buffer */
	assert(start >= 0 && ob->len - (size_t)start <= ob->reserve);
	assert(ob->len <= ob->cap);
	(void)ob;
	(void)start;
}

int
ob_flush(struct outbuf *ob)
{
	if (ob->len == 0)
		return 0;
	errno = 0;
	if (fwrite(ob->buf, 1, ob->len, ob->fp) != ob->len) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	ob->len = 0;
	return 0;
}

void
ob_puts(struct outbuf *ob, const char *s)
{
	ob_write(ob, s, strlen(s));
}

void
ob_u64(struct outbuf *ob, uint64_t v)
{
	ob->len += util_fmt_u64(ob->buf + ob->len, v);
}

void
ob_u128(struct outbuf *ob, fd_ns v)
{
	ob->len += util_fmt_u128(ob->buf + ob->len, v);
}

void
ob_str(struct outbuf *ob, const char *s, int fmt)
{
	char	*p = ob->buf + ob->len;

	/* short names and keywords: a byte loop beats strlen() + memcpy() */
	if (fmt == FMT_JSON)
		*p++ = '"';
	while (*s != '\0')
		*p++ = *s++;
	if (fmt == FMT_JSON)
		*p++ = '"';
	ob->len = (size_t)(p - ob->buf);
}

/* "000" to "999", each in 4 bytes (copied whole, advanced by 3). */
#define D3(v)	{ '0' + (v) / 100, '0' + (v) / 10 % 10, '0' + (v) % 10 }
#define D3x10(v)	D3(v), D3(v + 1), D3(v + 2), D3(v + 3), D3(v + 4), \
			D3(v + 5), D3(v + 6), D3(v + 7), D3(v + 8), D3(v + 9)
#define D3x100(v)	D3x10(v), D3x10(v + 10), D3x10(v + 20), \
			D3x10(v + 30), D3x10(v + 40), D3x10(v + 50), \
			D3x10(v + 60), D3x10(v + 70), D3x10(v + 80), \
			D3x10(v + 90)
const char	ob_digits3[1000][4] = {
	D3x100(0), D3x100(100), D3x100(200), D3x100(300), D3x100(400),
	D3x100(500), D3x100(600), D3x100(700), D3x100(800), D3x100(900)
};
#undef D3
#undef D3x10
#undef D3x100

void
ob_time_slot(struct outbuf *ob, int i, uint64_t sec)
{
	util_fmt_time(ob->tstr[i], (fd_ns)sec * NS_PER_SEC, 0);
	ob->tsec[i] = sec + 1;
}

void
ob_time_split(fd_ns t, uint64_t *sec, uint32_t *frac)
{
	*sec = (uint64_t)(t / NS_PER_SEC);
	*frac = (uint32_t)(t % NS_PER_SEC);
}

void
ob_arr_begin(struct outbuf *ob, int fmt)
{
	if (fmt == FMT_JSON)
		ob_putc(ob, '[');
}

void
ob_arr_sep(struct outbuf *ob, int fmt)
{
	ob_putc(ob, fmt == FMT_JSON ? ',' : ';');
}

void
ob_arr_end(struct outbuf *ob, int fmt)
{
	if (fmt == FMT_JSON)
		ob_putc(ob, ']');
}

static const char hexdig[] = "0123456789abcdef";

/* Every byte as two hex digits, lower and upper case. */
#define HEXD(d, a)	((d) < 10 ? '0' + (d) : (a) + (d) - 10)
#define H(v, a)		{ HEXD((v) >> 4, a), HEXD((v) & 15, a) }
#define H8(v, a)	H(v, a), H(v + 1, a), H(v + 2, a), H(v + 3, a), \
			H(v + 4, a), H(v + 5, a), H(v + 6, a), H(v + 7, a)
#define H64(v, a)	H8(v, a), H8(v + 8, a), H8(v + 16, a), H8(v + 24, a), \
			H8(v + 32, a), H8(v + 40, a), H8(v + 48, a), H8(v + 56, a)
static const char	hex2[2][256][2] = {
	{ H64(0, 'a'), H64(64, 'a'), H64(128, 'a'), H64(192, 'a') },
	{ H64(0, 'A'), H64(64, 'A'), H64(128, 'A'), H64(192, 'A') },
};
#undef HEXD
#undef H
#undef H8
#undef H64

void
ob_mac(struct outbuf *ob, const uint8_t *mac, bool upper, int fmt)
{
	const char	(*hex)[2] = hex2[upper];
	char		*p = ob->buf + ob->len, sep = upper ? '-' : ':';

	/* through a local pointer: stores to ob->buf may alias ob->len */
	if (fmt == FMT_JSON)
		*p++ = '"';
	/* written out: the compiler keeps a loop of six as a loop */
#define MACBYTE(i)	do {						\
	memcpy(p + 3 * (i), hex[mac[i]], 2);				\
	p[3 * (i) + 2] = sep;						\
} while (0)
	MACBYTE(0);
	MACBYTE(1);
	MACBYTE(2);
	MACBYTE(3);
	MACBYTE(4);
	MACBYTE(5);
#undef MACBYTE
	p += 17;		/* no separator after the last */
	if (fmt == FMT_JSON)
		*p++ = '"';
	ob->len = (size_t)(p - ob->buf);
}

/* "0." to "255.": each octet's digits and a dot, and the digit count. */
static const struct {
	char	 s[4];
	uint8_t	 n;
} octet[256] = {
#define O1(v)	{ { '0' + (v), '.' }, 1 }
#define O2(v)	{ { '0' + (v) / 10, '0' + (v) % 10, '.' }, 2 }
#define O3(v)	{ { '0' + (v) / 100, '0' + (v) / 10 % 10, '0' + (v) % 10, \
		    '.' }, 3 }
#define T1(v)	O1(v), O1(v + 1), O1(v + 2), O1(v + 3), O1(v + 4)
#define T2(v)	O2(v), O2(v + 1), O2(v + 2), O2(v + 3), O2(v + 4)
#define T3(v)	O3(v), O3(v + 1), O3(v + 2), O3(v + 3), O3(v + 4)
#define F2(v)	T2(v), T2(v + 5), T2(v + 10), T2(v + 15), T2(v + 20), \
		T2(v + 25)
#define F3(v)	T3(v), T3(v + 5), T3(v + 10), T3(v + 15), T3(v + 20)
	T1(0), T1(5),					/* 0-9 */
	F2(10), F2(40), F2(70),				/* 10-99 */
	F3(100), F3(125), F3(150), F3(175), F3(200), F3(225),	/* -249 */
	T3(250), O3(255)
#undef O1
#undef O2
#undef O3
#undef T1
#undef T2
#undef T3
#undef F2
#undef F3
};

static size_t
fmt_ipv4(char *p, const uint8_t *a)
{
	char	*q = p;

	/*
	 * Four bytes at a time; the dot after the last is overwritten.
	 * Written out: the compiler keeps a loop of four as a loop.
	 */
#define OCTET(i)	do {						\
	memcpy(q, octet[a[i]].s, 4);					\
	q += octet[a[i]].n + 1;						\
} while (0)
	OCTET(0);
	OCTET(1);
	OCTET(2);
	OCTET(3);
#undef OCTET
	q[-1] = '\0';
	return (size_t)(q - 1 - p);
}

void
ob_ipv4(struct outbuf *ob, const uint8_t *a, int fmt)
{
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
	ob->len += fmt_ipv4(ob->buf + ob->len, a);
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
}

/*
 * Write "w" in hex without leading zeros (one digit at least) at "p",
 * which has room for four: the digits from the table, shifted so that
 * the wanted ones come first, stored as four bytes.  Return how many.
 */
static size_t
put_hex16(char *p, unsigned w)
{
	const unsigned char *hi = (const unsigned char *)hex2[0][w >> 8];
	const unsigned char *lo = (const unsigned char *)hex2[0][w & 0xff];
	uint32_t	 v;
	size_t		 nd;

	nd = w >= 0x1000 ? 4 : w >= 0x100 ? 3 : w >= 0x10 ? 2 : 1;
	v = (uint32_t)hi[0] | (uint32_t)hi[1] << 8 | (uint32_t)lo[0] << 16 |
	    (uint32_t)lo[1] << 24;
	v >>= 8 * (4 - nd);
	p[0] = (char)v;
	p[1] = (char)(v >> 8);
	p[2] = (char)(v >> 16);
	p[3] = (char)(v >> 24);
	return nd;
}

size_t
ob_fmt_ipv6(char *buf, const uint8_t *a)
{
	static const uint8_t	 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };
	unsigned		 w[8];
	int			 i, best = -1, bestlen = 0, run, j;
	size_t			 n = 0;

	if (memcmp(a, mapped, 12) == 0) {
		memcpy(buf, "::ffff:", 7);
		n = 7 + fmt_ipv4(buf + 7, a + 12);
		buf[n] = '\0';
		return n;
	}
	for (i = 0; i < 8; i++)
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
	for (i = 0; i < 8; i = j) {
		for (j = i; j < 8 && w[j] == 0; j++)
			;
		run = j - i;
		if (run > bestlen) {
			best = i;
			bestlen = run;
		}
		if (j == i)
			j++;
	}
	if (bestlen < 2)
		best = -1;
	for (i = 0; i < 8; i++) {
		if (i == best) {
			buf[n++] = ':';
			buf[n++] = ':';
			i += bestlen - 1;
			continue;
		}
		if (i > 0 && i != best + bestlen)
			buf[n++] = ':';
		n += put_hex16(buf + n, w[i]);
	}
	buf[n] = '\0';
	return n;
}

void
ob_ipv6(struct outbuf *ob, const uint8_t *a, int fmt)
{
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
	ob->len += ob_fmt_ipv6(ob->buf + ob->len, a);
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
}

/* "s" as a JSON string, quoted, into "q" (6 * strlen + 2 bytes). */
static size_t
json_quote(char *q, const char *s)
{
	const unsigned char	*p;
	char			*q0 = q;

	*q++ = '"';
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			*q++ = '\\';
			*q++ = '"';
			break;
		case '\\':
			*q++ = '\\';
			*q++ = '\\';
			break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				memcpy(q, "\\u00", 4);
				q[4] = hexdig[*p >> 4];
				q[5] = hexdig[*p & 15];
				q += 6;
			} else
				*q++ = (char)*p;
		}
	}
	*q++ = '"';
	return (size_t)(q - q0);
}

/* "s" as a CSV field into "q" (2 * strlen + 2 bytes): quoted if need be. */
static size_t
csv_quote(char *q, const char *s)
{
	const char	*p;
	char		*q0 = q;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		memcpy(q, s, strlen(s));
		return strlen(s);
	}
	*q++ = '"';
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			*q++ = '"';
		*q++ = *p;
	}
	*q++ = '"';
	return (size_t)(q - q0);
}

char *
ob_json_string(const char *s)
{
	char	*out = xmalloc(strlen(s) * 6 + 3);

	out[json_quote(out, s)] = '\0';
	return out;
}

char *
ob_csv_string(const char *s)
{
	char	*out = xmalloc(strlen(s) * 2 + 3);

	out[csv_quote(out, s)] = '\0';
	return out;
}

void
ob_str_escaped(struct outbuf *ob, const char *s, int fmt)
{
	if (fmt == FMT_JSON)
		ob->len += json_quote(ob->buf + ob->len, s);
	else
		ob->len += csv_quote(ob->buf + ob->len, s);
}

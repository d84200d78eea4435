/*
 * outbuf.h -- an append-only text buffer flushed to a stream, and the
 * formatters that write values into it (numbers, times, addresses,
 * strings) as JSON or as CSV cells.
 *
 * Formatters write without checking room: the caller makes sure before
 * each record that the buffer has room for the longest record it can
 * write (ob_room()).
 */
#ifndef FLOWDUMP_OUTBUF_H
#define FLOWDUMP_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

#define OB_TCACHE	64	/* a power of two */
#define OB_SLACK	32	/* bytes past "cap" that may be written */
				/* over (fixed-size copies of short text) */

/* An append-only text buffer flushed to a stream. */
struct outbuf {
	char		*buf;
	size_t		 len;
	size_t		 cap;		/* "buf" holds cap + OB_SLACK bytes */
	size_t		 reserve;	/* room one record may need */
	FILE		*fp;
	bool		 hold;		/* grow rather than write out before */
					/* ob_flush() (ob_hold()) */
	/* dates and times of recent seconds, direct-mapped, reused */
	uint64_t	 tsec[OB_TCACHE];
	char		 tstr[OB_TCACHE][32];	/* util_fmt_time()'s size */
};

/*
 * Set "ob" up to write to "fp" records of at most "reserve" bytes each.
 * ob_free() frees its memory (not the stream).
 */
void	ob_init(struct outbuf *ob, FILE *fp, size_t reserve);
void	ob_free(struct outbuf *ob);

/*
 * Keep every record in the buffer, which grows, until ob_flush(): a
 * writing thread of several formats a batch whole, then writes it out
 * in its turn.
 */
void	ob_hold(struct outbuf *ob);

/*
 * Make room for one record, writing the buffer out if less than the
 * reserve is free; return the record's start (for ob_end_record()), or
 * -1 with errno set if writing failed.
 */
ptrdiff_t ob_begin_record(struct outbuf *ob);

/* The record begun at "start" is written: it kept to the reserve. */
void	ob_end_record(struct outbuf *ob, ptrdiff_t start);

/* How a value is written. */
#define FMT_JSON	0
#define FMT_CSV		1

/* Write out the buffer; return 0 or -1 with errno. */
int	ob_flush(struct outbuf *ob);

static inline void
ob_putc(struct outbuf *ob, char c)
{
	ob->buf[ob->len++] = c;
}

static inline void
ob_write(struct outbuf *ob, const char *s, size_t n)
{
	memcpy(ob->buf + ob->len, s, n);
	ob->len += n;
}

#define OB_LIT(ob, lit)	ob_write((ob), (lit), sizeof(lit) - 1)
/* A string literal that needs no escaping, as ob_str() writes it. */
#define OB_STR_LIT(ob, lit, fmt)					\
	do {								\
		if ((fmt) == FMT_JSON)					\
			OB_LIT((ob), "\"" lit "\"");			\
		else							\
			OB_LIT((ob), lit);				\
	} while (0)

void	ob_puts(struct outbuf *ob, const char *s);
void	ob_u64(struct outbuf *ob, uint64_t v);
void	ob_u128(struct outbuf *ob, fd_ns v);
/* A string known to need no escaping: quoted in JSON, bare in CSV. */
void	ob_str(struct outbuf *ob, const char *s, int fmt);
/*
 * Any string, escaped: a JSON string, or a CSV field (quoted if need
 * be); the record's reserve must hold 6 bytes for each of its bytes.
 */
void	ob_str_escaped(struct outbuf *ob, const char *s, int fmt);
/* "000" to "999", each in 4 bytes (copied whole, advanced by 3). */
extern const char	ob_digits3[1000][4];

/*
 * ob_time()'s rare paths: a second's text into the cache, and a time
 * past 2^64 ns split into seconds and nanoseconds.
 */
void	ob_time_slot(struct outbuf *ob, int i, uint64_t sec);
void	ob_time_split(fd_ns t, uint64_t *sec, uint32_t *frac);

/*
 * An RFC 3339 UTC time with "digits" (0, 3, 6 or 9) fraction digits.
 * Inline: the callers give "digits" as a constant, and a record has
 * two or three times.
 */
static inline void
ob_time(struct outbuf *ob, fd_ns t, int digits, int fmt)
{
	uint64_t	 sec;
	uint32_t	 frac;
	char		*p = ob->buf + ob->len;
	int		 i;

	if (t <= UINT64_MAX) {
		sec = (uint64_t)t / NS_PER_SEC;
		frac = (uint32_t)((uint64_t)t % NS_PER_SEC);
	} else
		ob_time_split(t, &sec, &frac);
	i = (int)(sec & (OB_TCACHE - 1));
	if (ob->tsec[i] != sec + 1)		/* 0: empty */
		ob_time_slot(ob, i, sec);
	/* through a local pointer: stores to ob->buf may alias ob->len;
	 * fixed-size copies, the buffer has the slack */
	if (fmt == FMT_JSON)
		*p++ = '"';
	memcpy(p, ob->tstr[i], 24);		/* 19 bytes of date and time */
	p += 19;
	if (digits > 0) {
		/* three digits at a time; the first "digits" of them stay */
		p[0] = '.';
		memcpy(p + 1, ob_digits3[frac / 1000000], 4);
		if (digits > 3)
			memcpy(p + 4, ob_digits3[frac / 1000 % 1000], 4);
		if (digits > 6)
			memcpy(p + 7, ob_digits3[frac % 1000], 4);
		p += digits + 1;
	}
	*p++ = 'Z';
	if (fmt == FMT_JSON)
		*p++ = '"';
	ob->len = (size_t)(p - ob->buf);
}
/* A MAC address: lower case joined by ':', or (upper) upper case by '-'. */
void	ob_mac(struct outbuf *ob, const uint8_t *mac, bool upper, int fmt);
/* An IPv4 or IPv6 (RFC 5952) address. */
void	ob_ipv4(struct outbuf *ob, const uint8_t *a, int fmt);
void	ob_ipv6(struct outbuf *ob, const uint8_t *a, int fmt);
/* Array punctuation: [ , ] in JSON; nothing, ';', nothing in CSV. */
void	ob_arr_begin(struct outbuf *ob, int fmt);
void	ob_arr_sep(struct outbuf *ob, int fmt);
void	ob_arr_end(struct outbuf *ob, int fmt);

/* Format an IPv6 address as RFC 5952 text into "buf" (46 bytes). */
size_t	ob_fmt_ipv6(char *buf, const uint8_t *a);

/* Return "s" JSON-escaped and quoted, in a new string. */
char	*ob_json_string(const char *s);

/* Return "s" as one CSV cell (RFC 4180), in a new string. */
char	*ob_csv_string(const char *s);

#endif /* FLOWDUMP_OUTBUF_H */

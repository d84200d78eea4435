/*
 * writer_impl.h -- what the writer formats share: the output buffer and
 * the value formatters.  Private to writer*.c.
 */
#ifndef FLOWDUMP_WRITER_IMPL_H
#define FLOWDUMP_WRITER_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "writer.h"

/* An append-only text buffer flushed to a stream. */
struct outbuf {
	char	*buf;
	size_t	 len;
	size_t	 cap;
	FILE	*fp;
};

struct writer_ops {
	const char	*name;
	int		(*record)(struct writer *, const struct flow_report *);
};

struct writer {
	const struct writer_ops	*ops;
	struct outbuf		 ob;
	char			*name_json;	/* --name, JSON-escaped, quoted */
	char			*version_json;
	size_t			 reserve;	/* room one record may need */
};

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

void	ob_puts(struct outbuf *ob, const char *s);
void	ob_u64(struct outbuf *ob, uint64_t v);
/* A quoted RFC 3339 UTC time with "digits" fraction digits. */
void	ob_time(struct outbuf *ob, fd_ns t, int digits);
/* A quoted MAC address: lower-case hex joined by ':'. */
void	ob_mac(struct outbuf *ob, const uint8_t *mac);
/* A quoted IPv4 or IPv6 (RFC 5952) address. */
void	ob_ipv4(struct outbuf *ob, const uint8_t *a);
void	ob_ipv6(struct outbuf *ob, const uint8_t *a);

/* Format an IPv6 address as RFC 5952 text into "buf" (46 bytes). */
size_t	writer_fmt_ipv6(char *buf, const uint8_t *a);

/* Return "s" JSON-escaped and quoted, in a new string. */
char	*writer_json_string(const char *s);

/* The formats. */
int	writer_ndjson_legacy(struct writer *w, const struct flow_report *r);

#endif /* FLOWDUMP_WRITER_IMPL_H */

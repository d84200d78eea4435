/*
 * writer.c -- writer registry, output buffer and value formatters.
 *
 * IPv6 text follows RFC 5952 (lower case, no leading zeros, the longest
 * run of two or more zero groups as "::", the first such run on a tie,
 * IPv4-mapped addresses as ::ffff:a.b.c.d), written here rather than by
 * inet_ntop(3) so that output is the same with every C library.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "writer_impl.h"

#define OB_SIZE		(256 * 1024)

static const struct writer_ops writer_formats[] = {
	{ "ndjson", writer_ndjson_legacy },
	{ NULL, NULL }
};

static const char *const reason_names[] = {
	[END_NONE] = "",
	[END_IDLE] = "idle",
	[END_EOF] = "eof",
	[END_INTERRUPTED] = "interrupted",
};

const char *
writer_reason_name(enum end_reason r)
{
	return reason_names[r];
}

struct writer *
writer_new(const char *format, FILE *fp, const struct writer_opts *o)
{
	const struct writer_ops	*ops;
	struct writer		*w;

	for (ops = writer_formats; ops->name != NULL; ops++)
		if (strcmp(ops->name, format) == 0)
			break;
	if (ops->name == NULL)
		return NULL;
	w = xcalloc(1, sizeof(*w));
	w->ops = ops;
	w->name_json = writer_json_string(o->name);
	w->version_json = writer_json_string(o->version);
	/* two copies of the name and version, plus the fixed fields */
	w->reserve = 2 * strlen(w->name_json) + strlen(w->version_json) + 4096;
	w->ob.cap = OB_SIZE > 2 * w->reserve ? OB_SIZE : 2 * w->reserve;
	w->ob.buf = xmalloc(w->ob.cap);
	w->ob.fp = fp;
	return w;
}

int
writer_write(struct writer *w, const struct flow_report *r)
{
	if (w->ob.cap - w->ob.len < w->reserve && ob_flush(&w->ob) == -1)
		return -1;
	return w->ops->record(w, r);
}

int
writer_end(struct writer *w)
{
	if (ob_flush(&w->ob) == -1)
		return -1;
	if (fflush(w->ob.fp) == EOF || ferror(w->ob.fp)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

void
writer_free(struct writer *w)
{
	if (w == NULL)
		return;
	free(w->ob.buf);
	free(w->name_json);
	free(w->version_json);
	free(w);
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
ob_time(struct outbuf *ob, fd_ns t, int digits)
{
	ob_putc(ob, '"');
	ob->len += util_fmt_time(ob->buf + ob->len, t, digits);
	ob_putc(ob, '"');
}

static const char hexdig[] = "0123456789abcdef";

void
ob_mac(struct outbuf *ob, const uint8_t *mac)
{
	int	i;

	ob_putc(ob, '"');
	for (i = 0; i < 6; i++) {
		if (i > 0)
			ob_putc(ob, ':');
		ob_putc(ob, hexdig[mac[i] >> 4]);
		ob_putc(ob, hexdig[mac[i] & 15]);
	}
	ob_putc(ob, '"');
}

static size_t
fmt_ipv4(char *p, const uint8_t *a)
{
	size_t	n = 0;
	int	i;

	for (i = 0; i < 4; i++) {
		if (i > 0)
			p[n++] = '.';
		n += util_fmt_u64(p + n, a[i]);
	}
	return n;
}

void
ob_ipv4(struct outbuf *ob, const uint8_t *a)
{
	ob_putc(ob, '"');
	ob->len += fmt_ipv4(ob->buf + ob->len, a);
	ob_putc(ob, '"');
}

size_t
writer_fmt_ipv6(char *buf, const uint8_t *a)
{
	static const uint8_t	 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };
	unsigned		 w[8];
	int			 i, best = -1, bestlen = 0, run, j;
	size_t			 n = 0;
	bool			 lead;

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
		lead = true;
		for (j = 12; j >= 0; j -= 4) {
			if (lead && j > 0 && (w[i] >> j & 15) == 0)
				continue;
			lead = false;
			buf[n++] = hexdig[w[i] >> j & 15];
		}
	}
	buf[n] = '\0';
	return n;
}

void
ob_ipv6(struct outbuf *ob, const uint8_t *a)
{
	ob_putc(ob, '"');
	ob->len += writer_fmt_ipv6(ob->buf + ob->len, a);
	ob_putc(ob, '"');
}

char *
writer_json_string(const char *s)
{
	const unsigned char	*p;
	char			*out, *q;

	out = xmalloc(strlen(s) * 6 + 3);
	q = out;
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
	*q = '\0';
	return out;
}

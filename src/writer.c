/*
 * writer.c -- writer registry, output buffer and value formatters.
 *
 * IPv6 text follows RFC 5952 (lower case, no leading zeros, the longest
 * run of two or more zero groups as "::", the first such run on a tie,
 * IPv4-mapped addresses as ::ffff:a.b.c.d), written here rather than by
 * inet_ntop(3) so that output is the same with every C library.
 *
 * CSV follows RFC 4180 with LF line ends: a cell is quoted only when it
 * holds ',', '"', CR or LF (only --name can), arrays are joined by ';'.
 */
#include <config.h>

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "flowkey.h"
#include "writer_impl.h"

#define OB_SIZE		(256 * 1024)
#define MAX_DEPTH	4	/* nesting of the deepest field path */

static const struct {
	const char		*name;
	const struct field	*table;
} schemas[] = {
	{ "legacy", writer_legacy_fields },
	{ "ecs", writer_ecs_fields },
	{ NULL, NULL }
};

static const char *const reason_names[] = {
	[END_NONE] = "",
	[END_IDLE] = "idle",
	[END_EOF] = "eof",
	[END_INTERRUPTED] = "interrupted",
	[END_EVICTED] = "evicted",
};

const char *
writer_reason_name(enum end_reason r)
{
	return reason_names[r];
}

static const struct field *
find_schema(const char *name)
{
	size_t	i;

	for (i = 0; schemas[i].name != NULL; i++)
		if (strcmp(schemas[i].name, name) == 0)
			return schemas[i].table;
	return NULL;
}

const char *
writer_field_name(const char *schema, size_t i)
{
	const struct field	*t = find_schema(schema);
	size_t			 n;

	if (t == NULL)
		return NULL;
	for (n = 0; t[n].path != NULL && n < i; n++)
		;
	return t[n].path;
}

/* Parse "--fields a,b,c" into column indexes; -1 with a message. */
static int
select_columns(struct writer *w, const char *list, char *err, size_t errlen)
{
	const char	*p = list, *end;
	size_t		 len, i;

	w->cols = xcalloc(strlen(list) + 1, sizeof(*w->cols));
	w->ncols = 0;
	for (;;) {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		for (i = 0; i < w->nfields; i++)
			if (strlen(w->table[i].path) == len &&
			    memcmp(w->table[i].path, p, len) == 0)
				break;
		if (i == w->nfields) {
			snprintf(err, errlen, "--fields: no field '%.*s' in "
			    "this schema", (int)len, p);
			return -1;
		}
		w->cols[w->ncols++] = i;
		if (end == NULL)
			break;
		p = end + 1;
	}
	return 0;
}

struct writer *
writer_new(FILE *fp, const struct writer_opts *o, char *err, size_t errlen)
{
	struct writer	*w;
	const char	*p;
	size_t		 i;

	w = xcalloc(1, sizeof(*w));
	if (strcmp(o->format, "csv") == 0)
		w->csv = true;
	else if (strcmp(o->format, "ndjson") != 0) {
		snprintf(err, errlen, "unknown format '%s' (use ndjson or csv)",
		    o->format);
		goto fail;
	}
	w->table = find_schema(o->schema);
	if (w->table == NULL) {
		snprintf(err, errlen, "unknown schema '%s' (use legacy or ecs)",
		    o->schema);
		goto fail;
	}
	w->ecs = w->table == writer_ecs_fields;
	for (w->nfields = 0; w->table[w->nfields].path != NULL; w->nfields++)
		;
	assert(w->nfields <= 64);
	memset(w->plan_first, 0xff, sizeof(w->plan_first));
	w->ncomp = xcalloc(w->nfields, 1);
	w->comp_off = xcalloc(w->nfields * MAX_DEPTH, 1);
	w->comp_len = xcalloc(w->nfields * MAX_DEPTH, 1);
	for (i = 0; i < w->nfields; i++) {
		const char	*path = w->table[i].path;
		size_t		 k = 0, start = 0;

		for (p = path;; p++) {
			if (*p != '.' && *p != '\0')
				continue;
			assert(k < MAX_DEPTH);
			w->comp_off[i * MAX_DEPTH + k] = (uint8_t)start;
			w->comp_len[i * MAX_DEPTH + k] =
			    (uint8_t)((size_t)(p - path) - start);
			k++;
			start = (size_t)(p - path) + 1;
			if (*p == '\0')
				break;
		}
		w->ncomp[i] = (uint8_t)k;
	}
	/* equal ids at depth k: equal paths up to component k */
	w->comp_id = xcalloc(w->nfields * MAX_DEPTH, sizeof(*w->comp_id));
	for (i = 0; i < w->nfields; i++) {
		size_t	k, j;

		for (k = 0; k < w->ncomp[i]; k++) {
			w->comp_id[i * MAX_DEPTH + k] = (uint16_t)i;
			for (j = 0; j < i; j++) {
				if (k < w->ncomp[j] && (k == 0 ||
				    w->comp_id[j * MAX_DEPTH + k - 1] ==
				    w->comp_id[i * MAX_DEPTH + k - 1]) &&
				    w->comp_len[j * MAX_DEPTH + k] ==
				    w->comp_len[i * MAX_DEPTH + k] &&
				    memcmp(w->table[j].path +
				    w->comp_off[j * MAX_DEPTH + k],
				    w->table[i].path +
				    w->comp_off[i * MAX_DEPTH + k],
				    w->comp_len[i * MAX_DEPTH + k]) == 0) {
					w->comp_id[i * MAX_DEPTH + k] =
					    w->comp_id[j * MAX_DEPTH + k];
					break;
				}
			}
		}
	}
	if (o->fields != NULL) {
		if (!w->csv) {
			snprintf(err, errlen, "--fields needs --format=csv");
			goto fail;
		}
		if (select_columns(w, o->fields, err, errlen) == -1)
			goto fail;
	} else {
		w->cols = xcalloc(w->nfields, sizeof(*w->cols));
		for (i = 0; i < w->nfields; i++)
			w->cols[i] = i;
		w->ncols = w->nfields;
	}
	w->cid_seed = o->cid_seed;
	w->name_json = writer_json_string(o->name);
	w->name_csv = writer_csv_string(o->name);
	w->version_json = writer_json_string(o->version);
	w->version_csv = writer_csv_string(o->version);
	w->name_json_len = strlen(w->name_json);
	w->name_csv_len = strlen(w->name_csv);
	w->version_json_len = strlen(w->version_json);
	w->version_csv_len = strlen(w->version_csv);
	/* two copies of the name and version, plus the fixed fields */
	w->reserve = 2 * strlen(w->name_json) + 2 * strlen(w->version_json) +
	    8192;
	w->ob.cap = OB_SIZE > 2 * w->reserve ? OB_SIZE : 2 * w->reserve;
	w->ob.buf = xmalloc(w->ob.cap);
	w->ob.fp = fp;
	return w;
fail:
	writer_free(w);
	return NULL;
}

void
writer_free(struct writer *w)
{
	if (w == NULL)
		return;
	free(w->ob.buf);
	free(w->cols);
	free(w->ncomp);
	free(w->comp_off);
	free(w->comp_len);
	free(w->comp_id);
	free(w->steps);
	free(w->ptext);
	free(w->name_json);
	free(w->name_csv);
	free(w->version_json);
	free(w->version_csv);
	free(w);
}

int
writer_begin(struct writer *w)
{
	size_t	i;

	if (!w->csv)
		return 0;
	for (i = 0; i < w->ncols; i++) {
		if (i > 0)
			ob_putc(&w->ob, ',');
		ob_puts(&w->ob, w->table[w->cols[i]].path);
		if (w->ob.cap - w->ob.len < w->reserve &&
		    ob_flush(&w->ob) == -1)
			return -1;
	}
	ob_putc(&w->ob, '\n');
	return 0;
}

/*
 * Fill "rc" with the flow's layers in (source, dest) order, and the
 * derived ECS values as Packetbeat's createEvent derives them
 * (packetbeat/flows/worker.go): network.type and the Community ID
 * addresses from the outer IPv4 pair, else the IPv4 pair, overridden by
 * an outer IPv6 pair, else the IPv6 pair; transport and protocol from
 * UDP or TCP, overridden by the source's last ICMP type and code.
 */
static void
prepare(struct rec *rc, const struct writer *w, const struct flow_rec *r)
{
	const uint8_t		*a, *b, *v;
	uint16_t		 flags = flowkey_flags(r->key);
	int			 d = r->dir;

	memset(rc, 0, sizeof(*rc));
	rc->r = r;
	rc->w = w;
#define PAIR(slot, size, dst)						\
	if (flowkey_pair(r->key, slot, size, d, &a, &b)) {		\
		dst[0] = a;						\
		dst[1] = b;						\
	}
	PAIR(FK_ETH, 6, rc->mac);
	PAIR(FK_IPV4, 4, rc->ip4);
	PAIR(FK_OUTER_IPV4, 4, rc->oip4);
	PAIR(FK_IPV6, 16, rc->ip6);
	PAIR(FK_OUTER_IPV6, 16, rc->oip6);
#undef PAIR
	if (flowkey_pair(r->key, (flags & FK_FLAG(FK_TCP)) ? FK_TCP : FK_UDP,
	    2, d, &a, &b)) {
		rc->has_port = true;
		rc->port[0] = flowkey_le16(a);
		rc->port[1] = flowkey_le16(b);
	}
	if ((v = flowkey_item(r->key, FK_VLAN)) != NULL) {
		rc->has_vlan = true;
		rc->vlan = flowkey_le16(v);
	}
	if ((v = flowkey_item(r->key, FK_OUTER_VLAN)) != NULL) {
		rc->has_ovlan = true;
		rc->ovlan = flowkey_le16(v);
	}
	rc->has = (r->final ? RH_FINAL : 0) | (rc->has_vlan ? RH_VLAN : 0) |
	    (rc->has_ovlan ? RH_OVLAN : 0) | (rc->has_port ? RH_PORT : 0) |
	    (rc->mac[0] != NULL ? RH_MAC : 0) |
	    (rc->ip4[0] != NULL ? RH_IP4 : 0) |
	    (rc->ip6[0] != NULL ? RH_IP6 : 0) |
	    (rc->oip4[0] != NULL ? RH_OIP4 : 0) |
	    (rc->oip6[0] != NULL ? RH_OIP6 : 0) |
	    ((r->sent & 1) ? RH_SRC_STATS : 0) |
	    ((r->sent & 2) ? RH_DST_STATS : 0) |
	    ((flags & (FK_FLAG(FK_TCP) | FK_FLAG(FK_UDP))) ? RH_TRANSPORT_L : 0);
	if (!w->ecs)
		return;

	if (rc->oip4[0] != NULL || rc->ip4[0] != NULL) {
		rc->ntype = "ipv4";
		rc->cid_src = rc->oip4[0] != NULL ? rc->oip4[0] : rc->ip4[0];
		rc->cid_dst = rc->oip4[0] != NULL ? rc->oip4[1] : rc->ip4[1];
		rc->cid_alen = 4;
	}
	if (rc->oip6[0] != NULL || (rc->ip6[0] != NULL && rc->ntype == NULL)) {
		rc->ntype = "ipv6";
		rc->cid_src = rc->oip6[0] != NULL ? rc->oip6[0] : rc->ip6[0];
		rc->cid_dst = rc->oip6[0] != NULL ? rc->oip6[1] : rc->ip6[1];
		rc->cid_alen = 16;
	}
	if (flags & FK_FLAG(FK_UDP)) {
		rc->transport = "udp";
		rc->cid_proto = 17;
	}
	if (flags & FK_FLAG(FK_TCP)) {
		rc->transport = "tcp";
		rc->cid_proto = 6;
	}
	if (r->icmp4_tc > 0) {
		rc->transport = "icmp";
		rc->cid_proto = 1;
		rc->icmp_type = (uint8_t)(r->icmp4_tc >> 8);
		rc->icmp_code = (uint8_t)r->icmp4_tc;
	}
	if (r->icmp6_tc > 0) {
		rc->transport = "ipv6-icmp";
		rc->cid_proto = 58;
		rc->icmp_type = (uint8_t)(r->icmp6_tc >> 8);
		rc->icmp_code = (uint8_t)r->icmp6_tc;
	}
	if (rc->ntype == NULL)
		rc->cid_proto = 0;
	rc->has |= (rc->ntype != NULL ? RH_ANY_IP : 0) |
	    (rc->transport != NULL ? RH_TRANSPORT : 0) |
	    (rc->cid_proto != 0 ? RH_CID : 0);
}

/* Component "k" of field "i"'s path and its length. */
static inline const char *
component(const struct writer *w, size_t i, int k, size_t *len)
{
	*len = w->comp_len[i * MAX_DEPTH + (size_t)k];
	return w->table[i].path + w->comp_off[i * MAX_DEPTH + (size_t)k];
}

static void
plan_text(struct writer *w, const char *s, size_t n)
{
	/* 32 bytes of slack after the text, for emit_json()'s copies */
	if (w->ptextlen + n + 32 > w->ptextcap) {
		w->ptextcap = 2 * (w->ptextcap + n + 32);
		w->ptext = xrealloc(w->ptext, w->ptextcap, 1);
		memset(w->ptext + w->ptextlen, 0, w->ptextcap - w->ptextlen);
	}
	memcpy(w->ptext + w->ptextlen, s, n);
	w->ptextlen += n;
}

static void
plan_step(struct writer *w, size_t *lit_start, uint8_t field)
{
	struct plan_step	*st;

	if (w->nsteps == w->capsteps) {
		w->capsteps = w->capsteps ? 2 * w->capsteps : 64;
		w->steps = xrealloc(w->steps, w->capsteps, sizeof(*w->steps));
	}
	st = &w->steps[w->nsteps++];
	st->lit_off = (uint32_t)*lit_start;
	st->lit_len = (uint16_t)(w->ptextlen - *lit_start);
	st->field = field;
	*lit_start = w->ptextlen;
}

/*
 * Add the key of component "k" of field "i"'s path to a plan: a comma
 * unless it is the object's first member, then "name" and "tail".
 */
static void
plan_key(struct writer *w, bool *first, size_t i, int k, const char *tail,
    size_t taillen)
{
	const char	*c;
	size_t		 len;

	if (!*first)
		plan_text(w, ",", 1);
	*first = false;
	c = component(w, i, k, &len);
	plan_text(w, "\"", 1);
	plan_text(w, c, len);
	plan_text(w, tail, taillen);
}

/* Write the value of a fixed field into the plan's text. */
static void
plan_fixed(struct writer *w, size_t i)
{
	struct outbuf	ob;
	struct rec	rc;

	/* a whole record fits in w->reserve bytes, so this field does */
	memset(&ob, 0, sizeof(ob));
	ob.buf = xmalloc(w->reserve);
	ob.cap = w->reserve;
	memset(&rc, 0, sizeof(rc));
	rc.w = w;
	w->table[i].put(&ob, &rc, FMT_JSON);
	assert(ob.len <= ob.cap);
	plan_text(w, ob.buf, ob.len);
	free(ob.buf);
}

/*
 * Compile the NDJSON object of the fields present in "mask": nest them
 * by their paths (the table is sorted, so an object opened for a prefix
 * is never reopened) and keep the text between values.  Return the
 * index of its first step.
 */
static int32_t
plan_build(struct writer *w, uint64_t mask)
{
	uint16_t	 open[MAX_DEPTH];
	size_t		 i, lit = w->ptextlen;
	int32_t		 first_step = (int32_t)w->nsteps;
	bool		 first[MAX_DEPTH + 1];
	int		 depth = 0, n, k;

	plan_text(w, "{", 1);
	first[0] = true;
	for (i = 0; i < w->nfields; i++) {
		if (!(mask & (UINT64_C(1) << i)))
			continue;
		n = w->ncomp[i] - 1;		/* objects around the leaf */
		for (k = 0; k < depth && k < n; k++)
			if (w->comp_id[i * MAX_DEPTH + (size_t)k] != open[k])
				break;
		while (depth > k) {
			plan_text(w, "}", 1);
			depth--;
		}
		while (depth < n) {
			plan_key(w, &first[depth], i, depth, "\":{", 3);
			open[depth] = w->comp_id[i * MAX_DEPTH + (size_t)depth];
			first[++depth] = true;
		}
		plan_key(w, &first[depth], i, n, "\":", 2);
		if (w->table[i].fixed)
			plan_fixed(w, i);
		else
			plan_step(w, &lit, (uint8_t)i);
	}
	while (depth-- > 0)
		plan_text(w, "}", 1);
	plan_text(w, "}\n", 2);
	plan_step(w, &lit, PLAN_END);
	return first_step;
}

/* The plan for "mask", compiled the first time it is met. */
static int32_t
plan_find(struct writer *w, uint64_t mask)
{
	size_t	i = (size_t)((mask * 0x9e3779b97f4a7c15ULL) >> 56) &
	    (PLAN_SLOTS - 1);

	while (w->plan_first[i] >= 0 && w->plan_mask[i] != mask)
		i = (i + 1) & (PLAN_SLOTS - 1);
	if (w->plan_first[i] < 0) {
		/* a schema has far fewer field combinations than this */
		assert(w->nplans < PLAN_SLOTS / 2);
		w->plan_mask[i] = mask;
		w->plan_first[i] = plan_build(w, mask);
		w->nplans++;
	}
	return w->plan_first[i];
}

/* One NDJSON object: the present fields, through the compiled plan. */
static void
emit_json(struct writer *w, const struct rec *rc)
{
	const struct plan_step	*st;
	uint64_t		 mask = 0;
	size_t			 i;
	int32_t			 first;

	if ((first = w->has_plan[rc->has] - 1) < 0) {
		for (i = 0; i < w->nfields; i++)
			if (field_present(&w->table[i], rc))
				mask |= UINT64_C(1) << i;
		first = plan_find(w, mask);	/* may move w->steps */
		w->has_plan[rc->has] = first + 1;
	}
	for (st = &w->steps[first];; st++) {
		if (st->lit_len <= 32) {
			/* a fixed-size copy: ptext and the buffer have slack */
			memcpy(w->ob.buf + w->ob.len, w->ptext + st->lit_off, 32);
			w->ob.len += st->lit_len;
		} else
			ob_write(&w->ob, w->ptext + st->lit_off, st->lit_len);
		if (st->field == PLAN_END)
			break;
		w->table[st->field].put(&w->ob, rc, FMT_JSON);
	}
}

/* One CSV row: every selected column, empty where the field is absent. */
static void
emit_csv(struct writer *w, const struct rec *rc)
{
	const struct field	*fl;
	size_t			 i;

	for (i = 0; i < w->ncols; i++) {
		if (i > 0)
			ob_putc(&w->ob, ',');
		fl = &w->table[w->cols[i]];
		if (field_present(fl, rc))
			fl->put(&w->ob, rc, FMT_CSV);
	}
	ob_putc(&w->ob, '\n');
}

int
writer_write(struct writer *w, const struct flow_rec *r)
{
	struct rec	rc;

	if (w->ob.cap - w->ob.len < w->reserve && ob_flush(&w->ob) == -1)
		return -1;
	prepare(&rc, w, r);
	if (w->csv)
		emit_csv(w, &rc);
	else
		emit_json(w, &rc);
	return 0;
}

int
writer_flush(struct writer *w)
{
	if (ob_flush(&w->ob) == -1)
		return -1;
	if (fflush(w->ob.fp) == EOF) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

int
writer_end(struct writer *w)
{
	if (writer_flush(w) == -1)
		return -1;
	if (ferror(w->ob.fp)) {
		errno = EIO;
		return -1;
	}
	return 0;
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
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
	ob_puts(ob, s);
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
}

void
ob_time(struct outbuf *ob, fd_ns t, int digits, int fmt)
{
	static const uint32_t	 div[10] = { 1000000000, 100000000, 10000000,
	    1000000, 100000, 10000, 1000, 100, 10, 1 };
	uint64_t		 sec;
	uint32_t		 frac;
	char			*p;
	int			 i;

	if (t <= UINT64_MAX) {
		sec = (uint64_t)t / NS_PER_SEC;
		frac = (uint32_t)((uint64_t)t % NS_PER_SEC);
	} else {
		sec = (uint64_t)(t / NS_PER_SEC);
		frac = (uint32_t)(t % NS_PER_SEC);
	}
	i = (int)(sec & (OB_TCACHE - 1));
	if (ob->tsec[i] != sec + 1) {		/* 0: empty */
		util_fmt_time(ob->tstr[i], (fd_ns)sec * NS_PER_SEC, 0);
		ob->tsec[i] = sec + 1;
	}
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
	ob_write(ob, ob->tstr[i], 19);
	if (digits > 0) {
		/* the fraction's first "digits" digits, from the last (the
		 * usual widths divide by a constant, a multiplication) */
		if (digits == 3)
			frac /= 1000000;
		else if (digits != 9)
			frac /= div[digits];
		p = ob->buf + ob->len;
		p[0] = '.';
		for (i = digits; i > 0; i--) {
			p[i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		ob->len += (size_t)digits + 1;
	}
	ob_putc(ob, 'Z');
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
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
	int		 i;

	/* through a local pointer: stores to ob->buf may alias ob->len */
	if (fmt == FMT_JSON)
		*p++ = '"';
	for (i = 0; i < 6; i++) {
		memcpy(p, hex[mac[i]], 2);
		p[2] = sep;
		p += 3;
	}
	p--;			/* no separator after the last */
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
	int	 i;

	/* four bytes at a time; the dot after the last is overwritten */
	for (i = 0; i < 4; i++) {
		memcpy(q, octet[a[i]].s, 4);
		q += octet[a[i]].n + 1;
	}
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
ob_ipv6(struct outbuf *ob, const uint8_t *a, int fmt)
{
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
	ob->len += writer_fmt_ipv6(ob->buf + ob->len, a);
	if (fmt == FMT_JSON)
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

char *
writer_csv_string(const char *s)
{
	const char	*p;
	char		*out, *q;

	if (strpbrk(s, ",\"\r\n") == NULL)
		return xstrdup(s);
	out = xmalloc(2 * strlen(s) + 3);
	q = out;
	*q++ = '"';
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			*q++ = '"';
		*q++ = *p;
	}
	*q++ = '"';
	*q = '\0';
	return out;
}

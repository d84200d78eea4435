/*
 * writer_impl.h -- what the writer files share: the output buffer, the
 * prepared record, the field tables and the value formatters.  Private
 * to writer*.c.
 */
#ifndef FLOWDUMP_WRITER_IMPL_H
#define FLOWDUMP_WRITER_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "writer.h"

#define OB_TCACHE	64	/* a power of two */

/* An append-only text buffer flushed to a stream. */
struct outbuf {
	char		*buf;
	size_t		 len;
	size_t		 cap;
	FILE		*fp;
	/* dates and times of recent seconds, direct-mapped, reused */
	uint64_t	 tsec[OB_TCACHE];
	char		 tstr[OB_TCACHE][24];	/* "YYYY-MM-DDTHH:MM:SSZ" */
};

/* How a value is written. */
#define FMT_JSON	0
#define FMT_CSV		1

/*
 * What a record has, as bits of struct rec's "has": a field's presence
 * depends on these alone, so the NDJSON layout of a record can be found
 * from them without looking at every field.
 */
#define RH_FINAL	0x0001	/* a final record */
#define RH_VLAN		0x0002
#define RH_OVLAN	0x0004
#define RH_PORT		0x0008	/* TCP or UDP ports */
#define RH_MAC		0x0010
#define RH_IP4		0x0020
#define RH_IP6		0x0040
#define RH_OIP4		0x0080
#define RH_OIP6		0x0100
#define RH_SRC_STATS	0x0200	/* the source sent */
#define RH_DST_STATS	0x0400	/* the destination sent */
#define RH_TRANSPORT_L	0x0800	/* legacy transport: TCP or UDP key */
#define RH_ANY_IP	0x1000	/* ECS network.type */
#define RH_TRANSPORT	0x2000	/* ECS network.transport */
#define RH_CID		0x4000	/* ECS network.community_id */
#define RH_BITS		15

/*
 * A record prepared for formatting: the flow's layers in (source, dest)
 * order and what the ECS schema derives from them.
 */
struct rec {
	uint32_t		 has;		/* RH_* bits */
	const struct flow_rec	*r;
	const struct writer	*w;
	const uint8_t		*mac[2];	/* NULL when absent */
	const uint8_t		*ip4[2], *oip4[2], *ip6[2], *oip6[2];
	bool			 has_port;
	uint16_t		 port[2];
	bool			 has_vlan, has_ovlan;
	uint16_t		 vlan, ovlan;
	/* ECS: network.type, network.transport and the Community ID tuple */
	const char		*ntype;
	const char		*transport;
	uint8_t			 cid_proto;	/* 0: no Community ID */
	const uint8_t		*cid_src, *cid_dst;
	size_t			 cid_alen;
	uint8_t			 icmp_type, icmp_code;
};

/* One field of a schema. */
struct field {
	const char	*path;		/* dotted, sorted bytewise per level */
	uint32_t	 need;		/* present if any of these RH_* bits */
					/* is set, or always if 0 */
	void		(*put)(struct outbuf *, const struct rec *, int fmt);
	bool		 fixed;		/* the same in every record of a */
					/* writer: put() reads only rc->w */
};

static inline bool
field_present(const struct field *fl, const struct rec *rc)
{
	return fl->need == 0 || (rc->has & fl->need) != 0;
}

/*
 * A precompiled NDJSON layout for one set of present fields: literal
 * text (keys, braces, commas) between the fields' values.
 */
struct plan_step {
	uint32_t	 lit_off;	/* into writer.ptext */
	uint16_t	 lit_len;
	uint8_t		 field;		/* value written after it; PLAN_END */
};
#define PLAN_END	0xff
#define PLAN_SLOTS	256		/* power of two; plans at most half */

struct writer {
	struct outbuf		 ob;
	/* NDJSON plans, found by the mask of present fields */
	uint64_t		 plan_mask[PLAN_SLOTS];
	int32_t			 plan_first[PLAN_SLOTS];	/* -1: empty */
	size_t			 nplans;
	/* the plan of each RH_* combination seen: plan_first index + 1 */
	int32_t			 has_plan[1 << RH_BITS];
	struct plan_step	*steps;
	size_t			 nsteps, capsteps;
	char			*ptext;
	size_t			 ptextlen, ptextcap;
	bool			 csv;
	bool			 ecs;
	const struct field	*table;
	size_t			 nfields;
	size_t			*cols;		/* CSV: selected field indexes */
	size_t			 ncols;
	uint8_t			*ncomp;		/* per field: path components */
	uint8_t			*comp_off;	/* [field * 4 + k]: component k */
	uint8_t			*comp_len;
	uint16_t		*comp_id;	/* same id: same path prefix */
	char			*name_json;	/* --name, JSON-escaped, quoted */
	char			*name_csv;	/* --name, RFC 4180-quoted if needed */
	char			*version_json;
	char			*version_csv;
	size_t			 name_json_len, name_csv_len;
	size_t			 version_json_len, version_csv_len;
	uint16_t		 cid_seed;
	size_t			 reserve;	/* room one record may need */
};

/* The schemas' tables, each ending in a { NULL } row. */
extern const struct field	writer_legacy_fields[];
extern const struct field	writer_ecs_fields[];

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
void	ob_u128(struct outbuf *ob, fd_ns v);
/* A string known to need no escaping: quoted in JSON, bare in CSV. */
void	ob_str(struct outbuf *ob, const char *s, int fmt);
/* An RFC 3339 UTC time with "digits" fraction digits. */
void	ob_time(struct outbuf *ob, fd_ns t, int digits, int fmt);
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
size_t	writer_fmt_ipv6(char *buf, const uint8_t *a);

/* Return "s" JSON-escaped and quoted, in a new string. */
char	*writer_json_string(const char *s);

/* Return "s" as one CSV cell (RFC 4180), in a new string. */
char	*writer_csv_string(const char *s);

#endif /* FLOWDUMP_WRITER_IMPL_H */

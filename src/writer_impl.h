/*
 * writer_impl.h -- what the writer files share: the prepared record, the
 * field tables, the writer itself and its two emitters.  Private to
 * writer*.c: writer.c (schemas, --fields, preparing a record),
 * writer_fields.c (the tables), writer_json.c and writer_csv.c.
 */
#ifndef FLOWDUMP_WRITER_IMPL_H
#define FLOWDUMP_WRITER_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "groups.h"
#include "outbuf.h"
#include "tcpstate.h"
#include "writer.h"

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
/* the tcp group's */
#define RH_TCP		0x8000	/* a TCP flow */
#define RH_CONN		0x10000	/* a TCP or UDP flow: conn_state */
#define RH_HIST		0x20000	/* a history of at least one letter */
#define RH_SRC_TCP	0x40000	/* the source sent a TCP segment */
#define RH_DST_TCP	0x80000	/* the destination did */
/* the ip group's */
#define RH_IPS		0x100000	/* an IP packet: ip_protocols */
#define RH_IANA		0x200000	/* of one IP protocol */
#define RH_SRC_IP	0x400000	/* the source sent IP in the span */
#define RH_DST_IP	0x800000
/* the icmp group's */
#define RH_SRC_ICMP	0x1000000	/* the source sent ICMP in the span */
#define RH_DST_ICMP	0x2000000
#define RH_SRC_ICMP_MORE 0x4000000	/* and more pairs than listed */
#define RH_DST_ICMP_MORE 0x8000000
/* the pcap group's */
#define RH_PCAP		0x10000000	/* a packet in the span */
/* the stats group's */
#define RH_SRC_LEN	0x20000000	/* the source sent in the span */
#define RH_DST_LEN	0x40000000
#define RH_SRC_IAT	0x80000000	/* ... twice or more */
#define RH_DST_IAT	UINT64_C(0x100000000)
#define RH_PCAP_IF	UINT64_C(0x200000000)	/* the first one's interface */
/* --decap's */
#define RH_TUNNEL	UINT64_C(0x400000000)	/* opened in a tunnel */
#define RH_TUNNEL_ID	UINT64_C(0x800000000)	/* ... that has an id */

/*
 * The bit of struct field's "group" for the fields --decap adds (the
 * field groups' bits are GROUP_BIT()s, below it).
 */
#define FIELDS_DECAP	(1U << GROUP_COUNT)

/*
 * A record prepared for formatting: the flow's layers in (source, dest)
 * order and what the ECS schema derives from them.
 */
struct rec {
	uint64_t		 has;		/* RH_* bits */
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
	/* the groups' fields, NULL if off */
	const struct tcp_report	*tcp;
	const struct ipgroup	*ip;
	const struct icmpgroup	*icmp;
	const struct pcapgroup	*pcap;
	const struct stats_report *stats;
	uint8_t			 iana;		/* the one IP protocol */
	uint8_t			 tun_type;	/* enum decode_tunnel */
	uint32_t		 tun_id;
};

/* One field of a schema. */
struct field {
	const char	*path;		/* dotted, sorted bytewise per level */
	uint64_t	 need;		/* present if any of these RH_* bits */
					/* is set, or always if 0 */
	void		(*put)(struct outbuf *, const struct rec *, int fmt);
	bool		 fixed;		/* the same in every record of a */
					/* writer: put() reads only rc->w */
	unsigned	 group;		/* GROUP_BIT() of the group that */
					/* adds it; 0: every record has it */
};

static inline bool
field_present(const struct field *fl, const struct rec *rc)
{
	return fl->need == 0 || (rc->has & fl->need) != 0;
}

/* The schemas' tables, each ending in a { NULL } row. */
extern const struct field	writer_legacy_fields[];
extern const struct field	writer_ecs_fields[];

/* The deepest nesting of a field path ("a.b.c.d"). */
#define PATH_DEPTH	4

/* A field's dotted path, split into its components. */
struct field_path {
	uint8_t		 ncomp;
	struct {
		uint8_t	 off;		/* in the path */
		uint8_t	 len;
		uint16_t id;		/* equal at depth k: equal paths up */
					/* to component k */
	}		 comp[PATH_DEPTH];
};

/*
 * A precompiled NDJSON layout for one set of present fields: literal
 * text (keys, braces, commas) between the fields' values.
 */
struct plan_step {
	uint32_t	 lit_off;	/* into json_plans.text */
	uint16_t	 lit_len;
	/* the put() of the field written after it; NULL at the end */
	void		(*put)(struct outbuf *, const struct rec *, int fmt);
};

/* The most fields a schema has, every group on. */
#define FIELDS_MAX	128

/* A set of a schema's fields, by their indexes. */
struct fset {
	uint64_t	 w[FIELDS_MAX / 64];
};

/* The NDJSON emitter's plans. */
struct json_plans {
	/* the plan of each set of present fields: open addressing, grown */
	struct fset		*set;
	int32_t			*first;		/* its first step; -1: empty */
	size_t			 nslots, n;	/* nslots a power of two */
	/* the plan of each RH_* combination met: open addressing, capped */
	uint64_t		*has;
	int32_t			*has_first;	/* -1: empty */
	size_t			 nhas;
	struct plan_step	*steps;
	size_t			 nsteps, capsteps;
	char			*text;
	size_t			 textlen, textcap;
};

struct writer {
	struct outbuf		 ob;
	struct writer_opts	 opts;		/* as given, for writer_dup() */
	enum writer_format	 format;
	enum writer_schema	 schema;
	struct groups		 gr;		/* the field groups on */
	const struct field	*all;		/* the schema's every field */
	struct field		*table;		/* the fields of the groups on */
	size_t			 nfields;
	struct field_path	*paths;		/* of each field */
	size_t			*cols;		/* CSV: selected field indexes */
	size_t			 ncols;
	char			*name_json;	/* --name, JSON-escaped, quoted */
	char			*name_csv;	/* --name, RFC 4180-quoted if needed */
	char			*version_json;
	char			*version_csv;
	size_t			 name_json_len, name_csv_len;
	size_t			 version_json_len, version_csv_len;
	uint16_t		 cid_seed;
	char			**input_json;	/* the inputs' names, JSON */
	char			**input_csv;	/* and CSV */
	size_t			 ninputs;
	struct json_plans	 json;
};

/* writer_json.c: the NDJSON emitter. */
void	json_init(struct json_plans *jp);
void	json_free(struct json_plans *jp);
void	json_emit(struct writer *w, const struct rec *rc);

/* writer_csv.c: the CSV emitter. */
void	csv_header(struct writer *w);
void	csv_emit(struct writer *w, const struct rec *rc);

#endif /* FLOWDUMP_WRITER_IMPL_H */

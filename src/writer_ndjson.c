/*
 * writer_ndjson.c -- the legacy NDJSON record: the flow event layout of
 * Packetbeat 5.x/6.x, keys sorted bytewise at every level.
 *
 * Specification: SPEC.md "legacy NDJSON" and its example record;
 * reference/packetbeat-flows.md 5.1.  Deviations: no connection_id or
 * icmp_id (they come from Packetbeat's protocol analyzers); end_reason
 * on final records; a "dest" object only when it has a member.
 */
#include <config.h>

#include "flowkey.h"
#include "writer_impl.h"

/* Which side's members to write: 0 = source, 1 = dest. */
static void
side_members(struct outbuf *ob, const struct flow *f, int side, bool *first)
{
	const uint8_t	*a, *b, *p;
	uint16_t	 flags = flowkey_flags(f->key);
	int		 slot;

#define SEP()	do { if (!*first) ob_putc(ob, ','); *first = false; } while (0)
#define PICK()	(side == 0 ? a : b)

	if (flowkey_pair(f->key, FK_IPV4, 4, f->dir, &a, &b)) {
		SEP();
		OB_LIT(ob, "\"ip\":");
		ob_ipv4(ob, PICK());
	}
	if (flowkey_pair(f->key, FK_IPV6, 16, f->dir, &a, &b)) {
		SEP();
		OB_LIT(ob, "\"ipv6\":");
		ob_ipv6(ob, PICK());
	}
	if (flowkey_pair(f->key, FK_ETH, 6, f->dir, &a, &b)) {
		SEP();
		OB_LIT(ob, "\"mac\":");
		ob_mac(ob, PICK());
	}
	if (flowkey_pair(f->key, FK_OUTER_IPV4, 4, f->dir, &a, &b)) {
		SEP();
		OB_LIT(ob, "\"outer_ip\":");
		ob_ipv4(ob, PICK());
	}
	if (flowkey_pair(f->key, FK_OUTER_IPV6, 16, f->dir, &a, &b)) {
		SEP();
		OB_LIT(ob, "\"outer_ipv6\":");
		ob_ipv6(ob, PICK());
	}
	slot = (flags & FK_FLAG(FK_TCP)) ? FK_TCP : FK_UDP;
	if (flowkey_pair(f->key, (enum flowkey_slot)slot, 2, f->dir, &a, &b)) {
		p = PICK();
		SEP();
		OB_LIT(ob, "\"port\":");
		ob_u64(ob, flowkey_le16(p));
	}
	if (f->sent & (1U << side)) {
		SEP();
		OB_LIT(ob, "\"stats\":{\"net_bytes_total\":");
		ob_u64(ob, f->bytes[side]);
		OB_LIT(ob, ",\"net_packets_total\":");
		ob_u64(ob, f->pkts[side]);
		ob_putc(ob, '}');
	}
#undef PICK
#undef SEP
}

/* Write "key":{members} if the side has any member. */
static void
side_object(struct outbuf *ob, const struct flow *f, int side,
    const char *lit, size_t litlen)
{
	size_t	mark = ob->len;
	bool	first = true;

	ob_write(ob, lit, litlen);
	side_members(ob, f, side, &first);
	if (first)
		ob->len = mark;		/* nothing to say: no object */
	else
		OB_LIT(ob, "},");
}

int
writer_ndjson_legacy(struct writer *w, const struct flow_report *r)
{
	struct outbuf		*ob = &w->ob;
	const struct flow	*f = r->f;
	const uint8_t		*v;
	uint16_t		 flags = flowkey_flags(f->key);
	char			 id[FLOWKEY_B64_MAX];
	size_t			 n;

	OB_LIT(ob, "{\"@timestamp\":");
	ob_time(ob, r->ts_ns, 3);
	OB_LIT(ob, ",\"beat\":{\"hostname\":");
	ob_puts(ob, w->name_json);
	OB_LIT(ob, ",\"name\":");
	ob_puts(ob, w->name_json);
	OB_LIT(ob, ",\"version\":");
	ob_puts(ob, w->version_json);
	OB_LIT(ob, "},");
	side_object(ob, f, 1, "\"dest\":{", 8);
	if (r->final) {
		OB_LIT(ob, "\"end_reason\":\"");
		ob_puts(ob, writer_reason_name(r->reason));
		OB_LIT(ob, "\",\"final\":true");
	} else
		OB_LIT(ob, "\"final\":false");
	OB_LIT(ob, ",\"flow_id\":\"");
	n = flowkey_b64(f->key, id);
	ob_write(ob, id, n);
	OB_LIT(ob, "\",\"last_time\":");
	ob_time(ob, f->last_ns, 3);
	ob_putc(ob, ',');
	v = flowkey_item(f->key, FK_OUTER_VLAN);
	if (v != NULL) {
		OB_LIT(ob, "\"outer_vlan\":");
		ob_u64(ob, flowkey_le16(v));
		ob_putc(ob, ',');
	}
	side_object(ob, f, 0, "\"source\":{", 10);
	OB_LIT(ob, "\"start_time\":");
	ob_time(ob, f->first_ns, 3);
	if (flags & FK_FLAG(FK_TCP))
		OB_LIT(ob, ",\"transport\":\"tcp\"");
	else if (flags & FK_FLAG(FK_UDP))
		OB_LIT(ob, ",\"transport\":\"udp\"");
	OB_LIT(ob, ",\"type\":\"flow\"");
	v = flowkey_item(f->key, FK_VLAN);
	if (v != NULL) {
		OB_LIT(ob, ",\"vlan\":");
		ob_u64(ob, flowkey_le16(v));
	}
	OB_LIT(ob, "}\n");
	return 0;
}

/*
 * writer_fields.c -- the two record schemas as field tables.
 *
 * legacy: the flow event of Packetbeat 5.x/6.x (the man page's "The
 * legacy schema"), plus end_reason on final records.
 * ecs: the flow event of Packetbeat 8.13 and later (the man page's "The
 * ECS schema"), built as packetbeat/flows/worker.go builds it, with
 * agent.type "flowdump" and event.reason on final records.
 *
 * Each table is sorted bytewise at every level of its dotted paths (a
 * unit test checks it), which is the key order of the NDJSON objects and
 * the column order of the CSV.  Index 0 of the per-side arrays is the
 * source, 1 the destination.
 */
#include <config.h>

#include "communityid.h"
#include "flowkey.h"
#include <stdio.h>

#include "writer_impl.h"

/* Values shared by both schemas. */
static void
put_name(struct outbuf *ob, const struct rec *rc, int fmt)
{
	if (fmt == FMT_JSON)
		ob_write(ob, rc->w->name_json, rc->w->name_json_len);
	else
		ob_write(ob, rc->w->name_csv, rc->w->name_csv_len);
}

static void
put_version(struct outbuf *ob, const struct rec *rc, int fmt)
{
	if (fmt == FMT_JSON)
		ob_write(ob, rc->w->version_json, rc->w->version_json_len);
	else
		ob_write(ob, rc->w->version_csv, rc->w->version_csv_len);
}

static void
put_bool(struct outbuf *ob, bool v)
{
	if (v)
		OB_LIT(ob, "true");
	else
		OB_LIT(ob, "false");
}

static void
put_final(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)fmt;
	put_bool(ob, rc->r->final);
}

static void
put_reason(struct outbuf *ob, const struct rec *rc, int fmt)
{
	ob_str(ob, writer_reason_name(rc->r->reason), fmt);
}

static void
put_flow_id(struct outbuf *ob, const struct rec *rc, int fmt)
{
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
	/* straight into the buffer, which has room for any record */
	ob->len += flowkey_b64(rc->r->key, ob->buf + ob->len);
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
}

static void
put_type_flow(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)rc;
	ob_str(ob, "flow", fmt);
}

static void
put_vlan(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)fmt;
	ob_u64(ob, rc->vlan);
}

static void
put_ovlan(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)fmt;
	ob_u64(ob, rc->ovlan);
}

#define SIDE_FUNCS(side, i)						\
static void								\
put_##side##_ip4(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	ob_ipv4(ob, rc->ip4[i], fmt);					\
}									\
static void								\
put_##side##_ip6(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	ob_ipv6(ob, rc->ip6[i], fmt);					\
}									\
static void								\
put_##side##_oip4(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	ob_ipv4(ob, rc->oip4[i], fmt);					\
}									\
static void								\
put_##side##_oip6(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	ob_ipv6(ob, rc->oip6[i], fmt);					\
}									\
static void								\
put_##side##_mac(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	ob_mac(ob, rc->mac[i], false, fmt);				\
}									\
static void								\
put_##side##_mac_ecs(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	ob_mac(ob, rc->mac[i], true, fmt);				\
}									\
static void								\
put_##side##_port(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	ob_u64(ob, rc->port[i]);					\
}									\
static void								\
put_##side##_bytes(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	ob_u64(ob, rc->r->bytes[i]);					\
}									\
static void								\
put_##side##_pkts(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	ob_u64(ob, rc->r->pkts[i]);					\
}									\
static void								\
put_##side##_ips(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	put_ips(ob, rc, i, fmt);					\
}

/*
 * ECS source.ip / destination.ip: every IP layer of the key, in the
 * order outer IPv4, IPv4, outer IPv6, IPv6 (Packetbeat's putOrAppend):
 * a string for one, an array for more.
 */
static void
put_ips(struct outbuf *ob, const struct rec *rc, int i, int fmt)
{
	const uint8_t	*v4[2] = { rc->oip4[i], rc->ip4[i] };
	const uint8_t	*v6[2] = { rc->oip6[i], rc->ip6[i] };
	int		 n = 0, k;

	for (k = 0; k < 2; k++)
		n += (v4[k] != NULL) + (v6[k] != NULL);
	if (n > 1)
		ob_arr_begin(ob, fmt);
	n = 0;
	for (k = 0; k < 2; k++) {
		if (v4[k] == NULL)
			continue;
		if (n++ > 0)
			ob_arr_sep(ob, fmt);
		ob_ipv4(ob, v4[k], fmt);
	}
	for (k = 0; k < 2; k++) {
		if (v6[k] == NULL)
			continue;
		if (n++ > 0)
			ob_arr_sep(ob, fmt);
		ob_ipv6(ob, v6[k], fmt);
	}
	if (n > 1)
		ob_arr_end(ob, fmt);
}

SIDE_FUNCS(src, 0)
SIDE_FUNCS(dst, 1)

/* Legacy-only values. */
static void
put_ts_ms(struct outbuf *ob, const struct rec *rc, int fmt)
{
	ob_time(ob, rc->r->ts_ns, 3, fmt);
}

static void
put_start_ms(struct outbuf *ob, const struct rec *rc, int fmt)
{
	ob_time(ob, rc->r->first_ns, 3, fmt);
}

static void
put_last_ms(struct outbuf *ob, const struct rec *rc, int fmt)
{
	ob_time(ob, rc->r->last_ns, 3, fmt);
}

static void
put_transport_l(struct outbuf *ob, const struct rec *rc, int fmt)
{
	/* fixed-size copies */
	if (!(flowkey_flags(rc->r->key) & FK_FLAG(FK_TCP)))
		OB_STR_LIT(ob, "udp", fmt);
	else
		OB_STR_LIT(ob, "tcp", fmt);
}

/* The tcp group's values, the same in both schemas. */
static void
put_conn_state(struct outbuf *ob, const struct rec *rc, int fmt)
{
	ob_str(ob, rc->tcp->conn_state, fmt);
}

static void
put_history(struct outbuf *ob, const struct rec *rc, int fmt)
{
	/* letters, '^' and '+': nothing to escape */
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
	ob_write(ob, rc->tcp->history, rc->tcp->histlen);
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
}

static void
put_missed(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)fmt;
	ob_u64(ob, rc->tcp->missed);
}

static void
put_tcp_flags(struct outbuf *ob, const struct rec *rc, int i, int fmt)
{
	char	text[8];

	tcpstate_flags_text(rc->tcp->flags[i], text);
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
	ob_write(ob, text, sizeof(text));
	if (fmt == FMT_JSON)
		ob_putc(ob, '"');
}

static void
put_src_tcp_flags(struct outbuf *ob, const struct rec *rc, int fmt)
{
	put_tcp_flags(ob, rc, 0, fmt);
}

static void
put_dst_tcp_flags(struct outbuf *ob, const struct rec *rc, int fmt)
{
	put_tcp_flags(ob, rc, 1, fmt);
}

/* The ip group's. */
static void
put_ip_protocols(struct outbuf *ob, const struct rec *rc, int fmt)
{
	uint64_t	bits;
	unsigned	w;
	bool		first = true;

	ob_arr_begin(ob, fmt);
	for (w = 0; w < 4; w++) {
		for (bits = rc->ip->protos[w]; bits != 0; bits &= bits - 1) {
			if (!first)
				ob_arr_sep(ob, fmt);
			first = false;
			ob_u64(ob, w * 64 + (unsigned)__builtin_ctzll(bits));
		}
	}
	ob_arr_end(ob, fmt);
}

static void
put_iana(struct outbuf *ob, const struct rec *rc, int fmt)
{
	char	num[4];

	snprintf(num, sizeof(num), "%u", rc->iana);
	ob_str(ob, num, fmt);	/* ECS: a keyword */
}

#define IP_SIDE_FUNCS(who, i)						\
static void								\
put_##who##_ip_bytes(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	ob_u64(ob, rc->ip->side[i].ip_bytes);				\
}									\
static void								\
put_##who##_payload(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	ob_u64(ob, rc->ip->side[i].payload);				\
}									\
static void								\
put_##who##_ttl_min(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	ob_u64(ob, rc->ip->side[i].ttl_min);				\
}									\
static void								\
put_##who##_ttl_max(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	ob_u64(ob, rc->ip->side[i].ttl_max);				\
}									\
static void								\
put_##who##_icmp_type(struct outbuf *ob, const struct rec *rc, int fmt) \
{									\
	(void)fmt;							\
	ob_u64(ob, rc->icmp->side[i].type);				\
}									\
static void								\
put_##who##_icmp_code(struct outbuf *ob, const struct rec *rc, int fmt) \
{									\
	(void)fmt;							\
	ob_u64(ob, rc->icmp->side[i].code);				\
}									\
static void								\
put_##who##_icmp_types(struct outbuf *ob, const struct rec *rc, int fmt) \
{									\
	put_icmp_types(ob, &rc->icmp->side[i], fmt);			\
}									\
static void								\
put_##who##_icmp_more(struct outbuf *ob, const struct rec *rc, int fmt) \
{									\
	(void)fmt;							\
	ob_u64(ob, rc->icmp->side[i].more);				\
}

/* The icmp group's: "type/code" strings, ascending. */
static void
put_icmp_types(struct outbuf *ob, const struct icmp_side *x, int fmt)
{
	char	pair[8];
	int	i;

	ob_arr_begin(ob, fmt);
	for (i = 0; i < x->npairs; i++) {
		if (i > 0)
			ob_arr_sep(ob, fmt);
		snprintf(pair, sizeof(pair), "%u/%u", x->pair[i] >> 8,
		    x->pair[i] & 0xff);
		ob_str(ob, pair, fmt);
	}
	ob_arr_end(ob, fmt);
}

IP_SIDE_FUNCS(src, 0)
IP_SIDE_FUNCS(dst, 1)

/* The stats group's: a number of thousandths as "i.ddd". */
static void
put_milli(struct outbuf *ob, unsigned __int128 v)
{
	unsigned	f;

	/* 64-bit arithmetic where it fits (128-bit division is a call) */
	if (v >> 64 == 0) {
		f = (unsigned)((uint64_t)v % 1000);
		ob_u64(ob, (uint64_t)v / 1000);
	} else {
		f = (unsigned)(v % 1000);
		ob_u128(ob, v / 1000);
	}
	ob_putc(ob, '.');
	/* the record's reserve has room for the fourth byte */
	memcpy(ob->buf + ob->len, ob_digits3[f], 4);
	ob->len += 3;
}

#define STATS_SIDE_FUNCS(who, i)					\
static void								\
put_##who##_len_min(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	ob_u64(ob, rc->stats->side[i].len_min);				\
}									\
static void								\
put_##who##_len_max(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	ob_u64(ob, rc->stats->side[i].len_max);				\
}									\
static void								\
put_##who##_len_mean(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	put_milli(ob, rc->stats->side[i].len_mean);			\
}									\
static void								\
put_##who##_len_sd(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	put_milli(ob, rc->stats->side[i].len_sd);			\
}									\
static void								\
put_##who##_iat_min(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	ob_u128(ob, rc->stats->side[i].iat_min);			\
}									\
static void								\
put_##who##_iat_max(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	ob_u128(ob, rc->stats->side[i].iat_max);			\
}									\
static void								\
put_##who##_iat_mean(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	put_milli(ob, rc->stats->side[i].iat_mean);			\
}									\
static void								\
put_##who##_iat_sd(struct outbuf *ob, const struct rec *rc, int fmt)	\
{									\
	(void)fmt;							\
	put_milli(ob, rc->stats->side[i].iat_sd);			\
}

STATS_SIDE_FUNCS(src, 0)
STATS_SIDE_FUNCS(dst, 1)

/* The pcap group's: an input's name as given, and a record number. */
static void
put_pcap_file(struct outbuf *ob, const struct rec *rc,
    const struct pcap_mark *m, int fmt)
{
	const char	*s = "?";

	if (m->input < rc->w->ninputs)
		s = fmt == FMT_JSON ? rc->w->input_json[m->input] :
		    rc->w->input_csv[m->input];
	else if (fmt == FMT_JSON)
		s = "\"?\"";
	ob_puts(ob, s);
}

static void
put_pcap_first_file(struct outbuf *ob, const struct rec *rc, int fmt)
{
	put_pcap_file(ob, rc, &rc->pcap->first, fmt);
}

static void
put_pcap_last_file(struct outbuf *ob, const struct rec *rc, int fmt)
{
	put_pcap_file(ob, rc, &rc->pcap->last, fmt);
}

static void
put_pcap_interface(struct outbuf *ob, const struct rec *rc, int fmt)
{
	ob_str_escaped(ob, rc->pcap->ifname, fmt);
}

static void
put_pcap_first_packet(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)fmt;
	ob_u64(ob, rc->pcap->first.num);
}

static void
put_pcap_last_packet(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)fmt;
	ob_u64(ob, rc->pcap->last.num);
}

/* --decap's: the tunnel the flow was opened in */
static void
put_tunnel_type(struct outbuf *ob, const struct rec *rc, int fmt)
{
	const char	*s = decode_tunnel_name(rc->tun_type);

	ob_str(ob, s != NULL ? s : "unknown", fmt);
}

static void
put_tunnel_id(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)fmt;
	ob_u64(ob, rc->tun_id);
}

#define TCP	GROUP_BIT(GROUP_TCP)
#define IP	GROUP_BIT(GROUP_IP)
#define ICMP	GROUP_BIT(GROUP_ICMP)
#define PCAP	GROUP_BIT(GROUP_PCAP)
#define STATS	GROUP_BIT(GROUP_STATS)
#define DECAP	FIELDS_DECAP

const struct field writer_legacy_fields[] = {
	{ "@timestamp", 0, put_ts_ms, false, 0 },
	{ "beat.hostname", 0, put_name, true, 0 },
	{ "beat.name", 0, put_name, true, 0 },
	{ "beat.version", 0, put_version, true, 0 },
	{ "conn_state", RH_CONN, put_conn_state, false, TCP },
	{ "dest.iat_max", RH_DST_IAT, put_dst_iat_max, false,
	    STATS },
	{ "dest.iat_mean", RH_DST_IAT, put_dst_iat_mean, false,
	    STATS },
	{ "dest.iat_min", RH_DST_IAT, put_dst_iat_min, false,
	    STATS },
	{ "dest.iat_stddev", RH_DST_IAT, put_dst_iat_sd, false,
	    STATS },
	{ "dest.icmp_code", RH_DST_ICMP, put_dst_icmp_code, false, ICMP },
	{ "dest.icmp_type", RH_DST_ICMP, put_dst_icmp_type, false, ICMP },
	{ "dest.icmp_types", RH_DST_ICMP, put_dst_icmp_types, false, ICMP },
	{ "dest.icmp_types_more", RH_DST_ICMP_MORE, put_dst_icmp_more, false,
	    ICMP },
	{ "dest.ip", RH_IP4, put_dst_ip4, false, 0 },
	{ "dest.ip_bytes", RH_DST_IP, put_dst_ip_bytes, false, IP },
	{ "dest.ipv6", RH_IP6, put_dst_ip6, false, 0 },
	{ "dest.len_max", RH_DST_LEN, put_dst_len_max, false,
	    STATS },
	{ "dest.len_mean", RH_DST_LEN, put_dst_len_mean, false,
	    STATS },
	{ "dest.len_min", RH_DST_LEN, put_dst_len_min, false,
	    STATS },
	{ "dest.len_stddev", RH_DST_LEN, put_dst_len_sd, false,
	    STATS },
	{ "dest.mac", RH_MAC, put_dst_mac, false, 0 },
	{ "dest.outer_ip", RH_OIP4, put_dst_oip4, false, 0 },
	{ "dest.outer_ipv6", RH_OIP6, put_dst_oip6, false, 0 },
	{ "dest.payload_bytes", RH_DST_IP, put_dst_payload, false, IP },
	{ "dest.port", RH_PORT, put_dst_port, false, 0 },
	{ "dest.stats.net_bytes_total", RH_DST_STATS, put_dst_bytes, false, 0 },
	{ "dest.stats.net_packets_total", RH_DST_STATS, put_dst_pkts, false, 0 },
	{ "dest.tcp_flags", RH_DST_TCP, put_dst_tcp_flags, false, TCP },
	{ "dest.ttl_max", RH_DST_IP, put_dst_ttl_max, false, IP },
	{ "dest.ttl_min", RH_DST_IP, put_dst_ttl_min, false, IP },
	{ "end_reason", RH_FINAL, put_reason, false, 0 },
	{ "final", 0, put_final, false, 0 },
	{ "flow_id", 0, put_flow_id, false, 0 },
	{ "history", RH_HIST, put_history, false, TCP },
	{ "ip_protocols", RH_IPS, put_ip_protocols, false, IP },
	{ "last_time", 0, put_last_ms, false, 0 },
	{ "missed_bytes", RH_TCP, put_missed, false, TCP },
	{ "outer_vlan", RH_OVLAN, put_ovlan, false, 0 },
	{ "pcap.first.file", RH_PCAP, put_pcap_first_file, false, PCAP },
	{ "pcap.first.packet", RH_PCAP, put_pcap_first_packet, false, PCAP },
	{ "pcap.interface", RH_PCAP_IF, put_pcap_interface, false, PCAP },
	{ "pcap.last.file", RH_PCAP, put_pcap_last_file, false, PCAP },
	{ "pcap.last.packet", RH_PCAP, put_pcap_last_packet, false, PCAP },
	{ "source.iat_max", RH_SRC_IAT, put_src_iat_max, false,
	    STATS },
	{ "source.iat_mean", RH_SRC_IAT, put_src_iat_mean, false,
	    STATS },
	{ "source.iat_min", RH_SRC_IAT, put_src_iat_min, false,
	    STATS },
	{ "source.iat_stddev", RH_SRC_IAT, put_src_iat_sd, false,
	    STATS },
	{ "source.icmp_code", RH_SRC_ICMP, put_src_icmp_code, false, ICMP },
	{ "source.icmp_type", RH_SRC_ICMP, put_src_icmp_type, false, ICMP },
	{ "source.icmp_types", RH_SRC_ICMP, put_src_icmp_types, false, ICMP },
	{ "source.icmp_types_more", RH_SRC_ICMP_MORE, put_src_icmp_more, false,
	    ICMP },
	{ "source.ip", RH_IP4, put_src_ip4, false, 0 },
	{ "source.ip_bytes", RH_SRC_IP, put_src_ip_bytes, false, IP },
	{ "source.ipv6", RH_IP6, put_src_ip6, false, 0 },
	{ "source.len_max", RH_SRC_LEN, put_src_len_max, false,
	    STATS },
	{ "source.len_mean", RH_SRC_LEN, put_src_len_mean, false,
	    STATS },
	{ "source.len_min", RH_SRC_LEN, put_src_len_min, false,
	    STATS },
	{ "source.len_stddev", RH_SRC_LEN, put_src_len_sd, false,
	    STATS },
	{ "source.mac", RH_MAC, put_src_mac, false, 0 },
	{ "source.outer_ip", RH_OIP4, put_src_oip4, false, 0 },
	{ "source.outer_ipv6", RH_OIP6, put_src_oip6, false, 0 },
	{ "source.payload_bytes", RH_SRC_IP, put_src_payload, false, IP },
	{ "source.port", RH_PORT, put_src_port, false, 0 },
	{ "source.stats.net_bytes_total", RH_SRC_STATS, put_src_bytes, false, 0 },
	{ "source.stats.net_packets_total", RH_SRC_STATS, put_src_pkts, false, 0 },
	{ "source.tcp_flags", RH_SRC_TCP, put_src_tcp_flags, false, TCP },
	{ "source.ttl_max", RH_SRC_IP, put_src_ttl_max, false, IP },
	{ "source.ttl_min", RH_SRC_IP, put_src_ttl_min, false, IP },
	{ "start_time", 0, put_start_ms, false, 0 },
	{ "transport", RH_TRANSPORT_L, put_transport_l, false, 0 },
	{ "tunnel.id", RH_TUNNEL_ID, put_tunnel_id, false, DECAP },
	{ "tunnel.type", RH_TUNNEL, put_tunnel_type, false, DECAP },
	{ "type", 0, put_type_flow, true, 0 },
	{ "vlan", RH_VLAN, put_vlan, false, 0 },
	{ NULL, 0, NULL, false, 0 }
};

/* ECS-only values. */
static void
put_ts_ns(struct outbuf *ob, const struct rec *rc, int fmt)
{
	ob_time(ob, rc->r->ts_ns, 9, fmt);
}

static void
put_start_ns(struct outbuf *ob, const struct rec *rc, int fmt)
{
	ob_time(ob, rc->r->first_ns, 9, fmt);
}

static void
put_end_ns(struct outbuf *ob, const struct rec *rc, int fmt)
{
	ob_time(ob, rc->r->last_ns, 9, fmt);
}

static void
put_duration(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)fmt;
	ob_u128(ob, rc->r->last_ns - rc->r->first_ns);
}

static void
put_agent_type(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)rc;
	ob_str(ob, "flowdump", fmt);
}

static void
put_ecs_version(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)rc;
	ob_str(ob, WRITER_ECS_VERSION, fmt);
}

static void
put_action(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)rc;
	ob_str(ob, "network_flow", fmt);
}

static void
put_category(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)rc;
	ob_arr_begin(ob, fmt);
	ob_str(ob, "network", fmt);
	ob_arr_end(ob, fmt);
}

static void
put_dataset(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)rc;
	ob_str(ob, "flow", fmt);
}

static void
put_kind(struct outbuf *ob, const struct rec *rc, int fmt)
{
	(void)rc;
	ob_str(ob, "event", fmt);
}

static void
put_event_type(struct outbuf *ob, const struct rec *rc, int fmt)
{
	ob_arr_begin(ob, fmt);
	ob_str(ob, "connection", fmt);
	if (rc->r->final) {
		ob_arr_sep(ob, fmt);
		ob_str(ob, "end", fmt);
	}
	ob_arr_end(ob, fmt);
}

/* flow.vlan: a number for one tag, [outer, inner] for two. */
static void
put_flow_vlan(struct outbuf *ob, const struct rec *rc, int fmt)
{
	if (!rc->has_ovlan) {
		ob_u64(ob, rc->vlan);
		return;
	}
	ob_arr_begin(ob, fmt);
	ob_u64(ob, rc->ovlan);
	ob_arr_sep(ob, fmt);
	ob_u64(ob, rc->vlan);
	ob_arr_end(ob, fmt);
}

static void
put_net_bytes(struct outbuf *ob, const struct rec *rc, int fmt)
{
	const struct flow_rec	*f = rc->r;

	(void)fmt;
	ob_u128(ob, (fd_ns)((f->sent & 1) ? f->bytes[0] : 0) +
	    ((f->sent & 2) ? f->bytes[1] : 0));
}

static void
put_net_pkts(struct outbuf *ob, const struct rec *rc, int fmt)
{
	const struct flow_rec	*f = rc->r;

	(void)fmt;
	ob_u128(ob, (fd_ns)((f->sent & 1) ? f->pkts[0] : 0) +
	    ((f->sent & 2) ? f->pkts[1] : 0));
}

static void
put_cid(struct outbuf *ob, const struct rec *rc, int fmt)
{
	struct cid_tuple	t;
	char			id[COMMUNITYID_MAX];

	t.proto = rc->cid_proto;
	t.saddr = rc->cid_src;
	t.daddr = rc->cid_dst;
	t.alen = rc->cid_alen;
	t.sport = rc->has_port ? rc->port[0] : 0;
	t.dport = rc->has_port ? rc->port[1] : 0;
	t.icmp_type = rc->icmp_type;
	t.icmp_code = rc->icmp_code;
	communityid(rc->w->cid_seed, &t, true, id);
	ob_str(ob, id, fmt);
}

static void
put_transport(struct outbuf *ob, const struct rec *rc, int fmt)
{
	ob_str(ob, rc->transport, fmt);
}

static void
put_ntype(struct outbuf *ob, const struct rec *rc, int fmt)
{
	ob_str(ob, rc->ntype, fmt);
}

const struct field writer_ecs_fields[] = {
	{ "@timestamp", 0, put_ts_ns, false, 0 },
	{ "agent.name", 0, put_name, true, 0 },
	{ "agent.type", 0, put_agent_type, true, 0 },
	{ "agent.version", 0, put_version, true, 0 },
	{ "destination.bytes", RH_DST_STATS, put_dst_bytes, false, 0 },
	{ "destination.ip", RH_ANY_IP, put_dst_ips, false, 0 },
	{ "destination.mac", RH_MAC, put_dst_mac_ecs, false, 0 },
	{ "destination.packets", RH_DST_STATS, put_dst_pkts, false, 0 },
	{ "destination.port", RH_PORT, put_dst_port, false, 0 },
	{ "ecs.version", 0, put_ecs_version, true, 0 },
	{ "event.action", 0, put_action, true, 0 },
	{ "event.category", 0, put_category, true, 0 },
	{ "event.dataset", 0, put_dataset, true, 0 },
	{ "event.duration", 0, put_duration, false, 0 },
	{ "event.end", 0, put_end_ns, false, 0 },
	{ "event.kind", 0, put_kind, true, 0 },
	{ "event.reason", RH_FINAL, put_reason, false, 0 },
	{ "event.start", 0, put_start_ns, false, 0 },
	{ "event.type", 0, put_event_type, false, 0 },
	{ "flow.final", 0, put_final, false, 0 },
	{ "flow.id", 0, put_flow_id, false, 0 },
	{ "flow.vlan", RH_VLAN | RH_OVLAN, put_flow_vlan, false, 0 },
	{ "flowdump.conn_state", RH_CONN, put_conn_state, false, TCP },
	{ "flowdump.destination.iat_max", RH_DST_IAT, put_dst_iat_max, false,
	    STATS },
	{ "flowdump.destination.iat_mean", RH_DST_IAT, put_dst_iat_mean, false,
	    STATS },
	{ "flowdump.destination.iat_min", RH_DST_IAT, put_dst_iat_min, false,
	    STATS },
	{ "flowdump.destination.iat_stddev", RH_DST_IAT, put_dst_iat_sd, false,
	    STATS },
	{ "flowdump.destination.icmp_code", RH_DST_ICMP, put_dst_icmp_code,
	    false, ICMP },
	{ "flowdump.destination.icmp_type", RH_DST_ICMP, put_dst_icmp_type,
	    false, ICMP },
	{ "flowdump.destination.icmp_types", RH_DST_ICMP, put_dst_icmp_types,
	    false, ICMP },
	{ "flowdump.destination.icmp_types_more", RH_DST_ICMP_MORE,
	    put_dst_icmp_more, false, ICMP },
	{ "flowdump.destination.ip_bytes", RH_DST_IP, put_dst_ip_bytes, false,
	    IP },
	{ "flowdump.destination.len_max", RH_DST_LEN, put_dst_len_max, false,
	    STATS },
	{ "flowdump.destination.len_mean", RH_DST_LEN, put_dst_len_mean, false,
	    STATS },
	{ "flowdump.destination.len_min", RH_DST_LEN, put_dst_len_min, false,
	    STATS },
	{ "flowdump.destination.len_stddev", RH_DST_LEN, put_dst_len_sd, false,
	    STATS },
	{ "flowdump.destination.payload_bytes", RH_DST_IP, put_dst_payload,
	    false, IP },
	{ "flowdump.destination.tcp_flags", RH_DST_TCP, put_dst_tcp_flags, false,
	    TCP },
	{ "flowdump.destination.ttl_max", RH_DST_IP, put_dst_ttl_max, false,
	    IP },
	{ "flowdump.destination.ttl_min", RH_DST_IP, put_dst_ttl_min, false,
	    IP },
	{ "flowdump.history", RH_HIST, put_history, false, TCP },
	{ "flowdump.ip_protocols", RH_IPS, put_ip_protocols, false, IP },
	{ "flowdump.missed_bytes", RH_TCP, put_missed, false, TCP },
	{ "flowdump.pcap.first.file", RH_PCAP, put_pcap_first_file, false,
	    PCAP },
	{ "flowdump.pcap.first.packet", RH_PCAP, put_pcap_first_packet, false,
	    PCAP },
	{ "flowdump.pcap.interface", RH_PCAP_IF, put_pcap_interface, false,
	    PCAP },
	{ "flowdump.pcap.last.file", RH_PCAP, put_pcap_last_file, false,
	    PCAP },
	{ "flowdump.pcap.last.packet", RH_PCAP, put_pcap_last_packet, false,
	    PCAP },
	{ "flowdump.source.iat_max", RH_SRC_IAT, put_src_iat_max, false,
	    STATS },
	{ "flowdump.source.iat_mean", RH_SRC_IAT, put_src_iat_mean, false,
	    STATS },
	{ "flowdump.source.iat_min", RH_SRC_IAT, put_src_iat_min, false,
	    STATS },
	{ "flowdump.source.iat_stddev", RH_SRC_IAT, put_src_iat_sd, false,
	    STATS },
	{ "flowdump.source.icmp_code", RH_SRC_ICMP, put_src_icmp_code, false,
	    ICMP },
	{ "flowdump.source.icmp_type", RH_SRC_ICMP, put_src_icmp_type, false,
	    ICMP },
	{ "flowdump.source.icmp_types", RH_SRC_ICMP, put_src_icmp_types, false,
	    ICMP },
	{ "flowdump.source.icmp_types_more", RH_SRC_ICMP_MORE,
	    put_src_icmp_more, false, ICMP },
	{ "flowdump.source.ip_bytes", RH_SRC_IP, put_src_ip_bytes, false, IP },
	{ "flowdump.source.len_max", RH_SRC_LEN, put_src_len_max, false,
	    STATS },
	{ "flowdump.source.len_mean", RH_SRC_LEN, put_src_len_mean, false,
	    STATS },
	{ "flowdump.source.len_min", RH_SRC_LEN, put_src_len_min, false,
	    STATS },
	{ "flowdump.source.len_stddev", RH_SRC_LEN, put_src_len_sd, false,
	    STATS },
	{ "flowdump.source.payload_bytes", RH_SRC_IP, put_src_payload, false,
	    IP },
	{ "flowdump.source.tcp_flags", RH_SRC_TCP, put_src_tcp_flags, false,
	    TCP },
	{ "flowdump.source.ttl_max", RH_SRC_IP, put_src_ttl_max, false, IP },
	{ "flowdump.source.ttl_min", RH_SRC_IP, put_src_ttl_min, false, IP },
	{ "flowdump.tunnel.id", RH_TUNNEL_ID, put_tunnel_id, false, DECAP },
	{ "flowdump.tunnel.type", RH_TUNNEL, put_tunnel_type, false, DECAP },
	{ "network.bytes", 0, put_net_bytes, false, 0 },
	{ "network.community_id", RH_CID, put_cid, false, 0 },
	{ "network.iana_number", RH_IANA, put_iana, false, IP },
	{ "network.packets", 0, put_net_pkts, false, 0 },
	{ "network.transport", RH_TRANSPORT, put_transport, false, 0 },
	{ "network.type", RH_ANY_IP, put_ntype, false, 0 },
	{ "source.bytes", RH_SRC_STATS, put_src_bytes, false, 0 },
	{ "source.ip", RH_ANY_IP, put_src_ips, false, 0 },
	{ "source.mac", RH_MAC, put_src_mac_ecs, false, 0 },
	{ "source.packets", RH_SRC_STATS, put_src_pkts, false, 0 },
	{ "source.port", RH_PORT, put_src_port, false, 0 },
	{ "type", 0, put_type_flow, true, 0 },
	{ NULL, 0, NULL, false, 0 }
};

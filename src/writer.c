/*
 * writer.c -- the writer: the schema registry, --fields, and preparing a
 * record for the emitters (writer_json.c, writer_csv.c), which write the
 * fields of the schema's table (writer_fields.c) into an output buffer
 * (outbuf.c).
 */
#include <config.h>

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "flowkey.h"
#include "record.h"
#include "writer_impl.h"

static const struct {
	const char		*name;
	const struct field	*table;
} schemas[] = {
	[WRITER_LEGACY] = { "legacy", writer_legacy_fields },
	[WRITER_ECS] = { "ecs", writer_ecs_fields },
};

static const char *const formats[] = {
	[WRITER_NDJSON] = "ndjson",
	[WRITER_CSV] = "csv",
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

int
writer_format_parse(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i], name) == 0)
			return (int)i;
	return -1;
}

int
writer_schema_parse(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++)
		if (strcmp(schemas[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *
writer_field_name(enum writer_schema schema, size_t i)
{
	const struct field	*t = schemas[schema].table;
	size_t			 n;

	for (n = 0; t[n].path != NULL && n < i; n++)
		;
	return t[n].path;
}

/* The group that adds field "fl", for a message. */
static const char *
group_of(const struct field *fl)
{
	unsigned	g;

	for (g = 0; group_name(g) != NULL; g++)
		if (fl->group == GROUP_BIT(g))
			return group_name(g);
	return "?";
}

/* What field "fl" needs on the command line, for a message. */
static void
needs(char *buf, size_t len, const struct field *fl)
{
	if (fl->group == FIELDS_DECAP)
		snprintf(buf, len, "--decap");
	else
		snprintf(buf, len, "--with=%s", group_of(fl));
}

/* Parse "--fields a,b,c" into column indexes; -1 with a message. */
static int
select_columns(struct writer *w, const char *list, char *err, size_t errlen)
{
	const struct field	*fl;
	const char		*p = list, *end;
	size_t			 len, i;
	char			 what[32];

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
			for (fl = w->all; fl->path != NULL; fl++)
				if (strlen(fl->path) == len &&
				    memcmp(fl->path, p, len) == 0)
					break;
			if (fl->path != NULL) {
				needs(what, sizeof(what), fl);
				snprintf(err, errlen, "--fields: '%.*s' needs "
				    "%s", (int)len, p, what);
			}
			else
				snprintf(err, errlen, "--fields: no field "
				    "'%.*s' in this schema", (int)len, p);
			return -1;
		}
		w->cols[w->ncols++] = i;
		if (end == NULL)
			break;
		p = end + 1;
	}
	return 0;
}

/*
 * Split every field's path into its components, and give each prefix an
 * id: fields whose paths agree up to component k have equal ids there.
 */
static void
split_paths(struct writer *w)
{
	struct field_path	*p, *q;
	const char		*path, *c;
	size_t			 i, j, start;
	int			 k;

	w->paths = xcalloc(w->nfields, sizeof(*w->paths));
	for (i = 0; i < w->nfields; i++) {
		p = &w->paths[i];
		path = w->table[i].path;
		for (k = 0, start = 0, c = path;; c++) {
			if (*c != '.' && *c != '\0')
				continue;
			assert(k < PATH_DEPTH);
			p->comp[k].off = (uint8_t)start;
			p->comp[k].len = (uint8_t)((size_t)(c - path) - start);
			k++;
			start = (size_t)(c - path) + 1;
			if (*c == '\0')
				break;
		}
		p->ncomp = (uint8_t)k;
		for (k = 0; k < p->ncomp; k++) {
			p->comp[k].id = (uint16_t)i;
			for (j = 0; j < i; j++) {
				q = &w->paths[j];
				if (k < q->ncomp && (k == 0 ||
				    q->comp[k - 1].id == p->comp[k - 1].id) &&
				    q->comp[k].len == p->comp[k].len &&
				    memcmp(w->table[j].path + q->comp[k].off,
				    path + p->comp[k].off, p->comp[k].len) == 0) {
					p->comp[k].id = q->comp[k].id;
					break;
				}
			}
		}
	}
}

struct writer *
writer_new(FILE *fp, const struct writer_opts *o, char *err, size_t errlen)
{
	const struct field	*fl;
	struct writer		*w;
	size_t			 i, extra = 0;
	unsigned		 sets;

	/* the command line lets --fields through only with CSV */
	assert(o->fields == NULL || o->format == WRITER_CSV);
	w = xcalloc(1, sizeof(*w));
	w->opts = *o;
	w->format = o->format;
	w->schema = o->schema;
	groups_init(&w->gr, o->groups);
	/* the schema's fields less those of the groups that are off */
	w->all = schemas[o->schema].table;
	for (fl = w->all; fl->path != NULL; fl++)
		;
	w->table = xcalloc((size_t)(fl - w->all), sizeof(*w->table));
	sets = o->groups | (o->decap ? FIELDS_DECAP : 0);
	for (fl = w->all; fl->path != NULL; fl++)
		if (fl->group == 0 || (fl->group & sets) != 0)
			w->table[w->nfields++] = *fl;
	assert(w->nfields <= FIELDS_MAX);	/* plans' field sets */
	split_paths(w);
	json_init(&w->json);
	if (o->fields != NULL) {
		if (select_columns(w, o->fields, err, errlen) == -1) {
			writer_free(w);
			return NULL;
		}
	} else {
		w->cols = xcalloc(w->nfields, sizeof(*w->cols));
		for (i = 0; i < w->nfields; i++)
			w->cols[i] = i;
		w->ncols = w->nfields;
	}
	w->cid_seed = o->cid_seed;
	w->ninputs = o->ninputs;
	w->input_json = xcalloc(o->ninputs, sizeof(*w->input_json));
	w->input_csv = xcalloc(o->ninputs, sizeof(*w->input_csv));
	for (i = 0; i < o->ninputs; i++) {
		w->input_json[i] = ob_json_string(o->inputs[i]);
		w->input_csv[i] = ob_csv_string(o->inputs[i]);
		if (2 * strlen(w->input_json[i]) > extra)
			extra = 2 * strlen(w->input_json[i]);
	}
	w->name_json = ob_json_string(o->name);
	w->name_csv = ob_csv_string(o->name);
	w->version_json = ob_json_string(o->version);
	w->version_csv = ob_csv_string(o->version);
	w->name_json_len = strlen(w->name_json);
	w->name_csv_len = strlen(w->name_csv);
	w->version_json_len = strlen(w->version_json);
	w->version_csv_len = strlen(w->version_csv);
	/* two copies of the name and version, two of the longest input
	 * name (pcap.first and pcap.last), an interface name (each of its
	 * bytes may take 6 escaped), plus the other fields */
	ob_init(&w->ob, fp, 2 * w->name_json_len + 2 * w->version_json_len +
	    extra + 6 * RECORD_IFNAME_MAX + 8192);
	return w;
}

struct writer *
writer_dup(const struct writer *w)
{
	struct writer	*d;
	char		 err[256];

	/* the options made "w", so they make another */
	d = writer_new(w->ob.fp, &w->opts, err, sizeof(err));
	assert(d != NULL);
	ob_hold(&d->ob);
	return d;
}

void
writer_free(struct writer *w)
{
	size_t	i;

	if (w == NULL)
		return;
	ob_free(&w->ob);
	json_free(&w->json);
	free(w->table);
	free(w->paths);
	free(w->cols);
	for (i = 0; i < w->ninputs; i++) {
		free(w->input_json[i]);
		free(w->input_csv[i]);
	}
	free(w->input_json);
	free(w->input_csv);
	free(w->name_json);
	free(w->name_csv);
	free(w->version_json);
	free(w->version_csv);
	free(w);
}

int
writer_begin(struct writer *w)
{
	ptrdiff_t	start;

	if (w->format != WRITER_CSV)
		return 0;
	if ((start = ob_begin_record(&w->ob)) == -1)
		return -1;
	csv_header(w);
	ob_end_record(&w->ob, start);
	/* to the stream, before any writing thread's records */
	return ob_flush(&w->ob);
}

/*
 * Whether the pair in "slot" is one a tunnel's opening put in byte order
 * (flowkey_unorient()): the key has a tunnel whose pairs before it are
 * so ("tun", its item; else NULL), and the pair was added before it; but
 * for the Ethernet slot once an inner frame's addresses took it over.
 * Such a pair is written in byte order.
 */
static bool
outer_pair(const uint8_t *key, enum flowkey_slot slot, const uint8_t *tun)
{
	const uint8_t	*p;

	if (tun == NULL || (p = flowkey_item(key, slot)) == NULL || p > tun)
		return false;
	return slot != FK_ETH || key[FLOWKEY_CNT_ETH] < 2;
}

/*
 * A flow opened in a tunnel (--decap): network.type and the Community ID
 * addresses are the innermost IP pair's, as Zeek and Suricata give
 * tunnelled connections theirs.  Of the inner IPv4 and IPv6 slots, the
 * innermost is the one added last: the later offset in the key.
 */
static void
inner_cid(struct rec *rc, const uint8_t *key)
{
	const uint8_t	*v4 = flowkey_item(key, FK_IPV4);
	const uint8_t	*v6 = flowkey_item(key, FK_IPV6);

	if (v4 != NULL && (v6 == NULL || v4 > v6)) {
		rc->ntype = "ipv4";
		rc->cid_src = rc->ip4[0];
		rc->cid_dst = rc->ip4[1];
		rc->cid_alen = 4;
	} else {
		rc->ntype = "ipv6";
		rc->cid_src = rc->ip6[0];
		rc->cid_dst = rc->ip6[1];
		rc->cid_alen = 16;
	}
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
	const uint8_t		*a, *b, *v, *tun;
	uint16_t		 flags = flowkey_flags(r->key);
	int			 d = r->dir;
	unsigned		 n;
	bool			 has_id, unoriented;

	/* not memset(): it was a "rep stos", slow to start (util.h) */
	util_zero(rc, sizeof(*rc));
	rc->r = r;
	rc->w = w;
	tun = NULL;
	if (flowkey_tunnel(r->key, &rc->tun_type, &has_id, &rc->tun_id,
	    &unoriented)) {
		rc->has |= RH_TUNNEL | (has_id ? RH_TUNNEL_ID : 0);
		if (unoriented)
			tun = flowkey_item(r->key, FK_CONNID);
	}
#define PAIR(slot, size, dst)						\
	if (flowkey_pair(r->key, slot, size, outer_pair(r->key, slot,	\
	    tun) ? FLOWKEY_DIR_FORWARD : d, &a, &b)) {			\
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
	if ((rc->tcp = groups_tcp(&w->gr, r->ext)) != NULL &&
	    rc->tcp->proto != 0) {
		rc->has |= RH_CONN | (rc->tcp->proto == 6 ? RH_TCP : 0) |
		    (rc->tcp->sent[0] ? RH_SRC_TCP : 0) |
		    (rc->tcp->sent[1] ? RH_DST_TCP : 0) |
		    (rc->tcp->histlen > 0 ? RH_HIST : 0);
	}
	if ((rc->ip = groups_ip(&w->gr, r->ext)) != NULL) {
		n = ipgroup_nprotos(rc->ip, &rc->iana);
		rc->has |= (n > 0 ? RH_IPS : 0) | (n == 1 ? RH_IANA : 0) |
		    (rc->ip->side[0].seen ? RH_SRC_IP : 0) |
		    (rc->ip->side[1].seen ? RH_DST_IP : 0);
	}
	if ((rc->stats = groups_stats(&w->gr, r->ext)) != NULL)
		rc->has |= (rc->stats->side[0].n > 0 ? RH_SRC_LEN : 0) |
		    (rc->stats->side[1].n > 0 ? RH_DST_LEN : 0) |
		    (rc->stats->side[0].n > 1 ? RH_SRC_IAT : 0) |
		    (rc->stats->side[1].n > 1 ? RH_DST_IAT : 0);
	if ((rc->pcap = groups_pcap(&w->gr, r->ext)) != NULL &&
	    rc->pcap->seen)
		rc->has |= RH_PCAP | (rc->pcap->ifname != NULL ? RH_PCAP_IF : 0);
	if ((rc->icmp = groups_icmp(&w->gr, r->ext)) != NULL)
		rc->has |= (rc->icmp->side[0].seen ? RH_SRC_ICMP : 0) |
		    (rc->icmp->side[1].seen ? RH_DST_ICMP : 0) |
		    (rc->icmp->side[0].more > 0 ? RH_SRC_ICMP_MORE : 0) |
		    (rc->icmp->side[1].more > 0 ? RH_DST_ICMP_MORE : 0);
	rc->has |= (r->final ? RH_FINAL : 0) | (rc->has_vlan ? RH_VLAN : 0) |
	    (rc->has_ovlan ? RH_OVLAN : 0) | (rc->has_port ? RH_PORT : 0) |
	    (rc->mac[0] != NULL ? RH_MAC : 0) |
	    (rc->ip4[0] != NULL ? RH_IP4 : 0) |
	    (rc->ip6[0] != NULL ? RH_IP6 : 0) |
	    (rc->oip4[0] != NULL ? RH_OIP4 : 0) |
	    (rc->oip6[0] != NULL ? RH_OIP6 : 0) |
	    ((r->sent & 1) ? RH_SRC_STATS : 0) |
	    ((r->sent & 2) ? RH_DST_STATS : 0) |
	    ((flags & (FK_FLAG(FK_TCP) | FK_FLAG(FK_UDP))) ? RH_TRANSPORT_L : 0);
	if (w->schema != WRITER_ECS)
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
	if ((rc->has & RH_TUNNEL) && (rc->ip4[0] != NULL || rc->ip6[0] != NULL))
		inner_cid(rc, r->key);
	if (rc->ntype == NULL)
		rc->cid_proto = 0;
	rc->has |= (rc->ntype != NULL ? RH_ANY_IP : 0) |
	    (rc->transport != NULL ? RH_TRANSPORT : 0) |
	    (rc->cid_proto != 0 ? RH_CID : 0);
}

int
writer_write(struct writer *w, const struct flow_rec *r)
{
	struct rec	rc;
	ptrdiff_t	start;

	if ((start = ob_begin_record(&w->ob)) == -1)
		return -1;
	prepare(&rc, w, r);
	if (w->format == WRITER_CSV)
		csv_emit(w, &rc);
	else
		json_emit(w, &rc);
	ob_end_record(&w->ob, start);
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


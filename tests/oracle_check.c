/*
 * oracle_check.c -- compare flowdump's flows with tshark's (the oracle
 * files testdata/oracle/FILE.flows.tsv).
 *
 *	flowdump --no-mac-key -t 2562047h -p -1s FILE |
 *	    oracle_check [--no-times] FILE.flows.tsv
 *
 * The oracle keys a flow on the VLAN ids, the outermost IP addresses and
 * the header after them (with ports for TCP, UDP and SCTP).  flowdump
 * keys on the same layers but gives ports only to TCP and UDP, so every
 * other protocol between two addresses is one flow: oracle rows of such
 * protocols are summed per address pair before comparing.  flowdump's
 * flows without an IP layer (VLAN-only) are not in the oracle; they are
 * counted and must not exceed the oracle's non-IP frames.
 *
 * Every oracle flow must equal one flowdump flow (same source and
 * destination, packets and bytes each way, first and last time to the
 * millisecond) and every flowdump IP flow must have its oracle flow.
 * Exit 0 when all agree, 1 with a line per difference otherwise.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util.h"

struct oflow {
	char		 key[512];	/* vlan|transport|A|B, A < B for merged */
	char		 a[128], b[128];	/* source and destination */
	unsigned long long pkts[2], bytes[2];	/* [0]: sent by a */
	char		 first[40], last[40];	/* ms text */
	fd_ns		 tfirst, tlast;
	bool		 matched;
};

static struct oflow	*flows;
static size_t		 nflows, capflows;

static struct oflow *
new_flow(void)
{
	if (nflows == capflows) {
		capflows = capflows ? 2 * capflows : 64;
		flows = xrealloc(flows, capflows, sizeof(*flows));
	}
	memset(&flows[nflows], 0, sizeof(*flows));
	return &flows[nflows++];
}

static struct oflow *
find(const char *key)
{
	size_t	i;

	for (i = 0; i < nflows; i++)
		if (strcmp(flows[i].key, key) == 0)
			return &flows[i];
	return NULL;
}

static fd_ns
parse_ts(const char *s)
{
	unsigned long long	sec = 0, ns = 0;
	int			digits = 0;

	while (*s >= '0' && *s <= '9')
		sec = sec * 10 + (unsigned)(*s++ - '0');
	if (*s == '.')
		s++;
	while (*s >= '0' && *s <= '9' && digits < 9) {
		ns = ns * 10 + (unsigned)(*s++ - '0');
		digits++;
	}
	while (digits++ < 9)
		ns *= 10;
	return (fd_ns)sec * NS_PER_SEC + ns;
}

/* Strip ":port" from an address as the oracle writes it. */
static void
strip_port(char *dst, const char *src, size_t len)
{
	const char	*c;

	if (src[0] == '[') {
		snprintf(dst, len, "%s", src + 1);
		c = strchr(dst, ']');
		if (c != NULL)
			dst[c - dst] = '\0';
		return;
	}
	snprintf(dst, len, "%s", src);
	c = strchr(dst, ':');
	if (c != NULL && strchr(c + 1, ':') == NULL)
		dst[c - dst] = '\0';
}

static void
read_oracle(const char *path, unsigned long long *non_ip)
{
	char		 line[2048], *f[12], *p, ka[128], kb[128], key[512];
	struct oflow	*o;
	bool		 ported, rev;
	fd_ns		 t0, t1;
	FILE		*fp;
	int		 n;

	fp = fopen(path, "r");
	if (fp == NULL) {
		perror(path);
		exit(2);
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if ((p = strstr(line, "non_ip_frames=")) != NULL)
			*non_ip = strtoull(p + 14, NULL, 10);
		if (line[0] == '#' || strncmp(line, "vlan\t", 5) == 0)
			continue;
		for (n = 0, p = strtok(line, "\t"); p != NULL && n < 12;
		    p = strtok(NULL, "\t"))
			f[n++] = p;
		if (n < 10)
			continue;
		ported = strcmp(f[1], "tcp") == 0 || strcmp(f[1], "udp") == 0;
		t0 = parse_ts(f[8]);
		t1 = parse_ts(f[9]);
		if (ported) {
			snprintf(ka, sizeof(ka), "%s", f[2]);
			snprintf(kb, sizeof(kb), "%s", f[3]);
		} else {
			strip_port(ka, f[2], sizeof(ka));
			strip_port(kb, f[3], sizeof(kb));
		}
		/* merged rows are found under the ordered pair */
		rev = !ported && strcmp(ka, kb) > 0;
		snprintf(key, sizeof(key), "%s|%s|%s|%s", f[0],
		    ported ? f[1] : "-", rev ? kb : ka, rev ? ka : kb);
		o = find(key);
		if (o == NULL) {
			o = new_flow();
			snprintf(o->key, sizeof(o->key), "%s", key);
			snprintf(o->a, sizeof(o->a), "%s", ka);
			snprintf(o->b, sizeof(o->b), "%s", kb);
			o->tfirst = t0;
			o->tlast = t1;
		} else if (t0 < o->tfirst) {
			/* the earlier row's sender is the source */
			unsigned long long tp = o->pkts[0], tb = o->bytes[0];

			if (strcmp(o->a, ka) != 0) {
				o->pkts[0] = o->pkts[1];
				o->bytes[0] = o->bytes[1];
				o->pkts[1] = tp;
				o->bytes[1] = tb;
				snprintf(o->a, sizeof(o->a), "%s", ka);
				snprintf(o->b, sizeof(o->b), "%s", kb);
			}
			o->tfirst = t0;
		}
		if (t1 > o->tlast)
			o->tlast = t1;
		n = strcmp(o->a, ka) == 0 ? 0 : 1;
		o->pkts[n] += strtoull(f[4], NULL, 10);
		o->bytes[n] += strtoull(f[5], NULL, 10);
		o->pkts[1 - n] += strtoull(f[6], NULL, 10);
		o->bytes[1 - n] += strtoull(f[7], NULL, 10);
	}
	fclose(fp);
}

static const char *
str(const cJSON *o, const char *name)
{
	const cJSON	*i = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(i) ? i->valuestring : NULL;
}

static unsigned long long
num(const cJSON *o, const char *a, const char *b)
{
	const cJSON	*i = cJSON_GetObjectItemCaseSensitive(o, a);

	if (b != NULL)
		i = cJSON_GetObjectItemCaseSensitive(i, b);
	return cJSON_IsNumber(i) ? (unsigned long long)i->valuedouble : 0;
}

/* The outermost address of one side, with its port as the oracle has it. */
static bool
endpoint(const cJSON *side, bool ported, char *out, size_t len)
{
	const char	*ip;
	const cJSON	*port;

	ip = str(side, "outer_ip");
	if (ip == NULL)
		ip = str(side, "outer_ipv6");
	if (ip == NULL)
		ip = str(side, "ip");
	if (ip == NULL)
		ip = str(side, "ipv6");
	if (ip == NULL)
		return false;
	port = cJSON_GetObjectItemCaseSensitive(side, "port");
	if (ported && cJSON_IsNumber(port))
		snprintf(out, len, strchr(ip, ':') ? "[%s]:%d" : "%s:%d", ip,
		    port->valueint);
	else
		snprintf(out, len, "%s", ip);
	return true;
}

int
main(int argc, char **argv)
{
	char			 line[65536], vlan[32], a[128], b[128], key[512];
	char			 first[40], last[40];
	unsigned long long	 non_ip = 0, vlan_only = 0, pk[2], by[2];
	const cJSON		*src, *dst, *ov, *iv, *tr;
	struct oflow		*o;
	cJSON			*j;
	bool			 times = true, ported, bad = false, rev;
	size_t			 i, nmine = 0;
	int			 ai = 1;

	if (argc > 1 && strcmp(argv[1], "--no-times") == 0) {
		times = false;
		ai++;
	}
	if (ai >= argc) {
		fprintf(stderr, "usage: oracle_check [--no-times] FILE.tsv "
		    "< flows.ndjson\n");
		return 2;
	}
	read_oracle(argv[ai], &non_ip);

	while (fgets(line, sizeof(line), stdin) != NULL) {
		j = cJSON_Parse(line);
		if (j == NULL) {
			printf("not JSON: %s", line);
			return 1;
		}
		src = cJSON_GetObjectItemCaseSensitive(j, "source");
		dst = cJSON_GetObjectItemCaseSensitive(j, "dest");
		tr = cJSON_GetObjectItemCaseSensitive(j, "transport");
		ported = cJSON_IsString(tr);
		if (!endpoint(src, ported, a, sizeof(a)) ||
		    !endpoint(dst, ported, b, sizeof(b))) {
			vlan_only += num(src, "stats", "net_packets_total") +
			    num(dst, "stats", "net_packets_total");
			cJSON_Delete(j);
			continue;
		}
		nmine++;
		ov = cJSON_GetObjectItemCaseSensitive(j, "outer_vlan");
		iv = cJSON_GetObjectItemCaseSensitive(j, "vlan");
		if (cJSON_IsNumber(ov))
			snprintf(vlan, sizeof(vlan), "%d/%d", ov->valueint,
			    iv->valueint);
		else if (cJSON_IsNumber(iv))
			snprintf(vlan, sizeof(vlan), "%d", iv->valueint);
		else
			snprintf(vlan, sizeof(vlan), "-");
		rev = !ported && strcmp(a, b) > 0;
		snprintf(key, sizeof(key), "%s|%s|%s|%s", vlan,
		    ported ? tr->valuestring : "-", rev ? b : a, rev ? a : b);
		pk[0] = num(src, "stats", "net_packets_total");
		by[0] = num(src, "stats", "net_bytes_total");
		pk[1] = num(dst, "stats", "net_packets_total");
		by[1] = num(dst, "stats", "net_bytes_total");
		o = find(key);
		if (o == NULL || o->matched) {
			printf("flowdump only: %s %llu/%llu %llu/%llu\n", key,
			    pk[0], by[0], pk[1], by[1]);
			bad = true;
			cJSON_Delete(j);
			continue;
		}
		o->matched = true;
		if (strcmp(o->a, a) != 0 || o->pkts[0] != pk[0] ||
		    o->bytes[0] != by[0] || o->pkts[1] != pk[1] ||
		    o->bytes[1] != by[1]) {
			printf("counts differ: %s: oracle %s %llu/%llu "
			    "%llu/%llu, flowdump %s %llu/%llu %llu/%llu\n",
			    key, o->a, o->pkts[0], o->bytes[0], o->pkts[1],
			    o->bytes[1], a, pk[0], by[0], pk[1], by[1]);
			bad = true;
		}
		util_fmt_time(first, o->tfirst, 3);
		util_fmt_time(last, o->tlast, 3);
		if (times && (strcmp(first, str(j, "start_time")) != 0 ||
		    strcmp(last, str(j, "last_time")) != 0)) {
			printf("times differ: %s: oracle %s %s, flowdump %s "
			    "%s\n", key, first, last, str(j, "start_time"),
			    str(j, "last_time"));
			bad = true;
		}
		cJSON_Delete(j);
	}
	for (i = 0; i < nflows; i++) {
		if (!flows[i].matched) {
			printf("oracle only: %s %llu/%llu %llu/%llu\n",
			    flows[i].key, flows[i].pkts[0], flows[i].bytes[0],
			    flows[i].pkts[1], flows[i].bytes[1]);
			bad = true;
		}
	}
	if (vlan_only > non_ip) {
		printf("%llu packets in flows without IP, oracle has %llu "
		    "non-IP frames\n", vlan_only, non_ip);
		bad = true;
	}
	printf("%s: %zu oracle flows, %zu flowdump IP flows, %s\n",
	    argv[ai], nflows, nmine, bad ? "DIFFERENT" : "equal");
	free(flows);
	return bad ? 1 : 0;
}

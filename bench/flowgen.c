/*
 * flowgen.c -- deterministic synthetic captures for flowdump's
 * benchmarks and scale tests.
 *
 *	flowgen [-m mixed|short|elephant] [-p PACKETS] [-f FLOWS]
 *	    [-d SECONDS] [-s SNAPLEN] [-S SEED] -o FILE.pcap
 *
 * Writes a classic pcap (microsecond timestamps, Ethernet).  The same
 * arguments give a byte-identical file: all randomness comes from one
 * splitmix64 stream seeded by -S, and nothing depends on the machine.
 *
 * Traffic: FLOWS conversations start at times spread over SECONDS; each
 * sends its packets at its own pace, both ways, and a min-heap of
 * next-packet times merges them into time order.  About 70 % are TCP,
 * 25 % UDP, 5 % ICMP echo; 10 % IPv6, 10 % carry an 802.1Q tag.  Modes:
 *	mixed     flow sizes heavy-tailed (Pareto), PACKETS in all; some
 *	          flows pause 40-90 s, so idle timeouts split them
 *	short     2 to 4 packets a flow (PACKETS is ignored)
 *	elephant  FLOWS long bulk TCP flows sharing PACKETS
 * Frames are cut to SNAPLEN captured bytes; the original length is the
 * frame's wire length (90 to 1514 bytes).  Addresses come from the
 * documentation and benchmarking ranges (198.18.0.0/15, 2001:db8::/32).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t	rng_state;

static uint64_t
rng(void)
{
	uint64_t	z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform double in [0, 1). */
static double
uniform(void)
{
	return (double)(rng() >> 11) / 9007199254740992.0;
}

struct conv {
	uint64_t	next_us;	/* time of its next packet */
	uint64_t	gap_us;		/* mean gap between packets */
	uint32_t	left;		/* packets still to send */
	uint32_t	sent;
	uint32_t	id;
	uint8_t		proto;		/* 6, 17 or 1 */
	uint8_t		v6;
	uint16_t	vlan;		/* 0: untagged */
	uint16_t	sport, dport;
	uint8_t		pause;		/* pauses once for 40-90 s */
};

static struct conv	*heap;
static size_t		 nheap;

static void
heap_push(struct conv c)
{
	size_t	k = nheap++, p;

	while (k > 0) {
		p = (k - 1) / 2;
		if (heap[p].next_us < c.next_us ||
		    (heap[p].next_us == c.next_us && heap[p].id < c.id))
			break;
		heap[k] = heap[p];
		k = p;
	}
	heap[k] = c;
}

static struct conv
heap_pop(void)
{
	struct conv	top = heap[0], last = heap[--nheap];
	size_t		k = 0, c;

	for (;;) {
		c = 2 * k + 1;
		if (c >= nheap)
			break;
		if (c + 1 < nheap && (heap[c + 1].next_us < heap[c].next_us ||
		    (heap[c + 1].next_us == heap[c].next_us &&
		    heap[c + 1].id < heap[c].id)))
			c++;
		if (last.next_us < heap[c].next_us ||
		    (last.next_us == heap[c].next_us && last.id < heap[c].id))
			break;
		heap[k] = heap[c];
		k = c;
	}
	if (nheap > 0)
		heap[k] = last;
	return top;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Write one packet of "c" in direction "rev" (0: client to server). */
static void
write_packet(FILE *fp, const struct conv *c, int rev, uint32_t wirelen,
    uint32_t snaplen)
{
	uint8_t		f[128], hdr[16];
	size_t		n = 0, l4;
	uint32_t	caplen, cli = c->id, srv = c->id % 4096;
	uint16_t	sp = rev ? c->dport : c->sport;
	uint16_t	dp = rev ? c->sport : c->dport;

	memset(f, 0, sizeof(f));
	/* MACs: client 02:00:ii:ii:ii:01, gateway 02:ff:00:00:00:01 */
	f[0] = 0x02; f[1] = 0xff; f[5] = 0x01;
	f[6] = 0x02; f[8] = (uint8_t)(cli >> 16); f[9] = (uint8_t)(cli >> 8);
	f[10] = (uint8_t)cli; f[11] = 0x01;
	if (rev) {
		uint8_t	t[6];

		memcpy(t, f, 6);
		memcpy(f, f + 6, 6);
		memcpy(f + 6, t, 6);
	}
	n = 12;
	if (c->vlan) {
		put16(f + n, 0x8100);
		put16(f + n + 2, c->vlan);
		n += 4;
	}
	put16(f + n, c->v6 ? 0x86dd : 0x0800);
	n += 2;
	l4 = c->proto == 6 ? 20 : 8;
	if (!c->v6) {
		uint8_t	a[4] = { 198, 18, (uint8_t)(cli >> 8), (uint8_t)cli };
		uint8_t	b[4] = { 198, 19, (uint8_t)(srv >> 8), (uint8_t)srv };

		f[n] = 0x45;
		put16(f + n + 2, (uint16_t)(wirelen - n));
		f[n + 8] = 64;
		f[n + 9] = c->proto;
		memcpy(f + n + 12, rev ? b : a, 4);
		memcpy(f + n + 16, rev ? a : b, 4);
		n += 20;
	} else {
		uint8_t	a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
		uint8_t	b[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2 };

		put32le(a + 12, cli);
		put32le(b + 12, srv);
		f[n] = 0x60;
		put16(f + n + 4, (uint16_t)(wirelen - n - 40));
		f[n + 6] = c->proto == 1 ? 58 : c->proto;
		f[n + 7] = 64;
		memcpy(f + n + 8, rev ? b : a, 16);
		memcpy(f + n + 24, rev ? a : b, 16);
		n += 40;
	}
	if (c->proto == 1) {
		f[n] = c->v6 ? (rev ? 129 : 128) : (rev ? 0 : 8);
		put16(f + n + 4, (uint16_t)c->id);
		put16(f + n + 6, (uint16_t)c->sent);
	} else {
		put16(f + n, sp);
		put16(f + n + 2, dp);
		if (c->proto == 6) {
			put32le(f + n + 4, c->sent);
			f[n + 12] = 0x50;
			f[n + 13] = c->sent == 0 ? 0x02 : 0x10;
		} else
			put16(f + n + 4, (uint16_t)(wirelen - n));
	}
	n += l4;
	caplen = wirelen < snaplen ? wirelen : snaplen;
	if (caplen > sizeof(f))
		caplen = sizeof(f);
	if (caplen < n && wirelen >= n)
		caplen = (uint32_t)n < snaplen ? (uint32_t)n : snaplen;
	put32le(hdr, (uint32_t)(c->next_us / 1000000));
	put32le(hdr + 4, (uint32_t)(c->next_us % 1000000));
	put32le(hdr + 8, caplen);
	put32le(hdr + 12, wirelen);
	fwrite(hdr, 1, 16, fp);
	fwrite(f, 1, caplen, fp);
}

int
main(int argc, char **argv)
{
	const char	*mode = "mixed", *out = NULL;
	uint64_t	 packets = 100000, flows = 10000, dur_s = 60, seed = 1;
	uint64_t	 t0 = 1700000000ULL * 1000000, written = 0, budget;
	uint32_t	 snaplen = 128, i;
	uint8_t		 ghdr[24];
	struct conv	 c;
	FILE		*fp;
	int		 ch;

	while ((ch = getopt(argc, argv, "m:p:f:d:s:S:o:")) != -1) {
		switch (ch) {
		case 'm': mode = optarg; break;
		case 'p': packets = strtoull(optarg, NULL, 10); break;
		case 'f': flows = strtoull(optarg, NULL, 10); break;
		case 'd': dur_s = strtoull(optarg, NULL, 10); break;
		case 's': snaplen = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'S': seed = strtoull(optarg, NULL, 10); break;
		case 'o': out = optarg; break;
		default: goto usage;
		}
	}
	if (out == NULL || flows == 0 || dur_s == 0 || snaplen < 64 ||
	    (strcmp(mode, "mixed") != 0 && strcmp(mode, "short") != 0 &&
	    strcmp(mode, "elephant") != 0))
		goto usage;
	fp = fopen(out, "wb");
	if (fp == NULL) {
		perror(out);
		return 1;
	}
	rng_state = seed;
	heap = calloc(flows, sizeof(*heap));
	if (heap == NULL)
		return 1;
	memset(ghdr, 0, sizeof(ghdr));
	put32le(ghdr, 0xa1b2c3d4);
	ghdr[4] = 2;
	ghdr[6] = 4;
	put32le(ghdr + 16, snaplen);
	ghdr[20] = 1;
	fwrite(ghdr, 1, 24, fp);

	budget = packets;
	for (i = 0; i < flows; i++) {
		double	u = uniform();

		memset(&c, 0, sizeof(c));
		c.id = i + 1;
		c.proto = u < 0.70 ? 6 : u < 0.95 ? 17 : 1;
		c.v6 = uniform() < 0.10;
		c.vlan = uniform() < 0.10 ? (uint16_t)(1 + rng() % 4000) : 0;
		c.sport = (uint16_t)(1024 + rng() % 60000);
		c.dport = c.proto == 6 ? (uint16_t)(rng() % 2 ? 443 : 80) :
		    (uint16_t)(rng() % 2 ? 53 : 123);
		if (strcmp(mode, "short") == 0) {
			c.left = 2 + (uint32_t)(rng() % 3);
			c.next_us = t0 + (uint64_t)(((double)i + uniform()) *
			    (double)dur_s * 1e6 / (double)flows);
			c.gap_us = 1000 + rng() % 200000;
		} else if (strcmp(mode, "elephant") == 0) {
			c.proto = 6;
			c.left = (uint32_t)(packets / flows);
			c.next_us = t0 + rng() % 5000000;
			c.gap_us = dur_s * 1000000 / (c.left + 1);
		} else {
			/* Pareto sizes with the mean packets / flows */
			double	mean = (double)packets / (double)flows;
			double	xm = mean * 0.4;	/* alpha 5/3 */

			c.left = (uint32_t)(xm / pow(1 - uniform(), 0.6));
			if (c.left < 1)
				c.left = 1;
			if (c.left > budget)
				c.left = (uint32_t)(budget > 0 ? budget : 1);
			c.next_us = t0 + (uint64_t)(((double)i + uniform()) *
			    (double)dur_s * 1e6 / (double)flows);
			c.gap_us = 1 + (uint64_t)(uniform() * 2e6 /
			    (1 + c.left / 16.0));
			c.pause = c.left > 8 && uniform() < 0.02;
		}
		if (budget >= c.left)
			budget -= c.left;
		heap_push(c);
	}
	while (nheap > 0) {
		c = heap_pop();
		if (c.next_us > t0 + dur_s * 1000000)
			continue;		/* the capture ends */
		write_packet(fp, &c, c.sent % 2 == 1,
		    (uint32_t)(c.sent == 0 ? 90 : 90 + rng() % 1425), snaplen);
		written++;
		c.sent++;
		if (--c.left == 0)
			continue;
		c.next_us += 1 + (uint64_t)(uniform() * 2.0 * (double)c.gap_us);
		if (c.pause && c.sent == c.left) {
			c.next_us += 40000000 + rng() % 50000000;
			c.pause = 0;
		}
		heap_push(c);
	}
	if (fclose(fp) != 0) {
		perror(out);
		return 1;
	}
	fprintf(stderr, "flowgen: %s: %llu packets, %llu flows, mode %s, "
	    "seed %llu\n", out, (unsigned long long)written,
	    (unsigned long long)flows, mode, (unsigned long long)seed);
	return 0;
usage:
	fprintf(stderr, "usage: flowgen [-m mixed|short|elephant] [-p packets] "
	    "[-f flows] [-d seconds] [-s snaplen] [-S seed] -o file.pcap\n");
	return 2;
}

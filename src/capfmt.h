/*
 * capfmt.h -- the capture file formats: classic pcap (either byte order,
 * micro- or nanosecond timestamps) and pcapng (every section in its own
 * byte order, every interface with its own link type, snap length, time
 * resolution and offset; Enhanced, Simple and obsolete Packet blocks).
 *
 * The parser knows nothing of files: it is handed the bytes from its
 * position on (as many as the caller has) and says what they hold: a
 * packet, a block that holds none, a need for more bytes, the end, or
 * damage.  It reads them through bounds-checked views only, and never
 * keeps a pointer to them.
 */
#ifndef FLOWDUMP_CAPFMT_H
#define FLOWDUMP_CAPFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"

/* What the first bytes of a file are. */
enum capfmt_magic {
	CAPFMT_UNKNOWN = 0,
	CAPFMT_PCAP,
	CAPFMT_PCAPNG,
	CAPFMT_GZIP,
	CAPFMT_ZSTD,
};

/* Bytes capfmt_sniff() needs to tell every magic apart. */
#define CAPFMT_SNIFF_LEN	4

/* What capfmt_open() and capfmt_next() found. */
enum capfmt_result {
	CAPFMT_PACKET = 0,	/* a packet: see the struct capfmt_pkt */
	CAPFMT_SKIP,		/* a block with no packet, taken in */
	CAPFMT_MORE,		/* "*adv" bytes are needed to go on */
	CAPFMT_END,		/* the end of the capture, at a boundary */
	CAPFMT_BAD,		/* damage (the message says what) */
	CAPFMT_NOTCAP,		/* capfmt_open(): not a pcap or pcapng */
};

/* One pcapng interface (an Interface Description Block). */
struct capfmt_iface {
	int		 linktype;	/* DLT_ value, as libpcap maps it */
	uint32_t	 snaplen;	/* 0: none given */
	uint64_t	 res;		/* timestamp units per second */
	bool		 binary;	/* res is a power of 2 */
	int64_t		 offset;	/* if_tsoffset, seconds */
	char		 name[RECORD_IFNAME_MAX + 1]; /* if_name, or "" */
};

/* A capture file's reading state. */
struct capfmt {
	enum capfmt_magic	 kind;		/* CAPFMT_PCAP or _PCAPNG */
	bool			 big;		/* fields are big-endian */
	/* classic pcap */
	bool			 nano;
	bool			 swaplens;	/* version < 2.3: swapped */
	bool			 maybe_swap;	/* 2.3: swapped if caplen>len */
	unsigned		 rechdr;	/* record header: 16 or 24 */
	int			 linktype;	/* DLT_; pcapng: first IDB's */
	uint32_t		 snaplen;	/* as libpcap adjusts it */
	unsigned		 major, minor;	/* version */
	/* pcapng: the section's interfaces */
	struct capfmt_iface	*ifs;
	size_t			 nif, ifcap;
	uint32_t		 max_block;	/* longest block accepted */
	uint64_t		 sections;	/* Section Header Blocks seen */
};

/* One packet record. */
struct capfmt_pkt {
	uint64_t	 sec;		/* seconds since the epoch */
	uint64_t	 frac_ns;	/* >= 1e9 only in a broken pcap */
	uint32_t	 caplen;	/* bytes captured, at data_off */
	uint32_t	 wirelen;	/* length on the wire */
	size_t		 data_off;	/* from the record's first byte */
	int		 linktype;	/* DLT_ value */
	uint32_t	 iface;		/* pcapng interface, else 0 */
};

/* What a capfmt_open() needs at most to decide (a pcap file header). */
#define CAPFMT_PCAP_HDRLEN	24

/* The Section Header Block's type, which is also pcapng's magic. */
#define CAPFMT_BT_SHB		0x0A0D0D0Au

/* Tell a file's kind from its first bytes (at least CAPFMT_SNIFF_LEN). */
enum capfmt_magic capfmt_sniff(const uint8_t *p, size_t n);

/*
 * Read the file header from "p" (the "n" bytes the file starts with;
 * "eof": there are no more).  Return CAPFMT_SKIP with "*adv" bytes to
 * consume; CAPFMT_MORE with "*adv" bytes needed; CAPFMT_NOTCAP; or
 * CAPFMT_BAD (a truncated header, an unsupported version) with a
 * message in "msg".  For pcapng this is the first Section Header Block.
 */
enum capfmt_result capfmt_open(struct capfmt *f, const uint8_t *p, size_t n,
		    bool eof, size_t *adv, char *msg, size_t msglen);

/*
 * The next record or block from "p" ("n" bytes; "eof": no more).
 * CAPFMT_PACKET: "*pk" says what, its bytes are p[pk->data_off ..
 * + caplen], and "*adv" bytes are the record's; CAPFMT_SKIP: a block
 * without a packet, "*adv" bytes long, was taken in; CAPFMT_MORE:
 * "*adv" bytes are needed; CAPFMT_END; CAPFMT_BAD with "msg".
 */
enum capfmt_result capfmt_next(struct capfmt *f, const uint8_t *p, size_t n,
		    bool eof, struct capfmt_pkt *pk, size_t *adv, char *msg,
		    size_t msglen);

/* The interface "i" of the current pcapng section, or NULL. */
const struct capfmt_iface *capfmt_iface(const struct capfmt *f, uint32_t i);

/* Free what the state holds (not "f"). */
void		 capfmt_free(struct capfmt *f);

/* The DLT_ value libpcap gives a file's LINKTYPE_ value. */
int		 capfmt_dlt(uint32_t linktype);

/* The longest packet libpcap accepts for a DLT_ value. */
uint32_t	 capfmt_max_snaplen(int dlt);

#endif /* FLOWDUMP_CAPFMT_H */

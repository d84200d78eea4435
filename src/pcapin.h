/*
 * pcapin.h -- capture inputs: open pcap and pcapng files (or standard
 * input), plain or gzip- or zstd-compressed, and read them as one
 * timeline merged by timestamp, at nanosecond precision.
 *
 * The next record is the one with the smallest timestamp among the
 * inputs' next records; ties go to the input added first.  Each input
 * keeps its own record order.  A record returned by pcapin_next() stays
 * valid until the next call; one marked "stable" (a mapped file) until
 * pcapin_free().
 */
#ifndef FLOWDUMP_PCAPIN_H
#define FLOWDUMP_PCAPIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "record.h"

/* How an input failed while being read. */
enum pcapin_fail {
	PCAPIN_DAMAGED = 1,	/* truncated or corrupt record */
};

struct pcapin_error {
	size_t		 input;
	enum pcapin_fail kind;
	long long	 offset;	/* byte offset of the bad record */
	const char	*compression;	/* "gzip", "zstd": offset is in the
					   decompressed stream; or NULL */
	char		 msg[512];	/* what is wrong */
};

struct pcapin;

/* Create an empty set of inputs. */
struct pcapin	*pcapin_new(void);

/* Close every input and free the set.  NULL is allowed. */
void		 pcapin_free(struct pcapin *in);

/*
 * Open "path" ("-" for standard input) and read its header (for a
 * pcapng, up to its first packet).  Return 0; or -1 with a message
 * naming the input in "err" (unreadable file, not a capture,
 * unsupported version).
 */
int		 pcapin_add(struct pcapin *in, const char *path, char *err,
		    size_t errlen);

/*
 * Add the capture read from "fp" (which the set then owns and closes),
 * called "name" in messages.  Return as pcapin_add().
 */
int		 pcapin_add_stream(struct pcapin *in, const char *name,
		    FILE *fp, char *err, size_t errlen);

size_t		 pcapin_count(const struct pcapin *in);
const char	*pcapin_name(const struct pcapin *in, size_t i);

/* The DLT_ link type of input "i" (a pcapng's first), or -1 if none. */
int		 pcapin_linktype(const struct pcapin *in, size_t i);

/*
 * Compile the BPF expression "expr" for every input's link type (and
 * later for each new one a pcapng interface brings: records of a link
 * type it cannot be compiled for are rejected).  Return 0, or -1 with a
 * message naming the input in "err".
 */
int		 pcapin_set_filter(struct pcapin *in, const char *expr,
		    char *err, size_t errlen);

/*
 * Call "fn(arg)" (on the reading thread) whenever reading is about to
 * wait for more input on a pipe or terminal: the caller can hand on
 * what it has so far.  NULL "fn": no hook.
 */
void		 pcapin_set_wait_hook(struct pcapin *in, void (*fn)(void *),
		    void *arg);

/*
 * Make every wait for more input (on a pipe or terminal) end at once, as
 * the end of that input, now and for the rest of the run.  Any thread
 * may call it, and a signal handler too.
 */
void		 pcapin_interrupt(struct pcapin *in);

/* Bytes read so far from all inputs (for progress displays). */
uint64_t	 pcapin_bytes(const struct pcapin *in);

/*
 * Each input's offset (pcapin_count() of them) before which lie only
 * records already returned, to be given to pcapin_discard() once none
 * of those is used any more.
 */
void		 pcapin_positions(const struct pcapin *in, uint64_t *pos);

/* Let the system drop the mapped bytes before each input's "pos". */
void		 pcapin_discard(struct pcapin *in, const uint64_t *pos);

/*
 * Read the next record of the merged timeline into "*rec".  Return 1;
 * 0 when every input is exhausted; or -1 when an input failed, with
 * "*e" describing it: that input is closed and the others go on at the
 * next call.
 */
int		 pcapin_next(struct pcapin *in, struct record *rec,
		    struct pcapin_error *e);

#endif /* FLOWDUMP_PCAPIN_H */

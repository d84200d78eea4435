/*
 * pcapin.h -- capture inputs: open pcap and pcapng files (or standard
 * input) with libpcap at nanosecond precision, and read them as one
 * timeline merged by timestamp.
 *
 * The next record is the one with the smallest timestamp among the
 * inputs' next records; ties go to the input added first.  Each input
 * keeps its own record order.  A record returned by pcapin_next() stays
 * valid until the next call.
 */
#ifndef FLOWDUMP_PCAPIN_H
#define FLOWDUMP_PCAPIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "record.h"

/* What to say of a pcapng file whose interfaces libpcap cannot mix. */
#define PCAPIN_MIXED_MSG	"unsupported pcapng: interfaces with " \
				"different link types or snap lengths"

/* How an input failed while being read. */
enum pcapin_fail {
	PCAPIN_DAMAGED = 1,	/* truncated or corrupt record */
	PCAPIN_UNSUPPORTED,	/* pcapng that libpcap cannot read */
};

struct pcapin_error {
	size_t		 input;
	enum pcapin_fail kind;
	long long	 offset;	/* byte offset of the bad record, or -1 */
	char		 msg[512];	/* libpcap's words */
};

struct pcapin;

/* Create an empty set of inputs. */
struct pcapin	*pcapin_new(void);

/* Close every input and free the set.  NULL is allowed. */
void		 pcapin_free(struct pcapin *in);

/*
 * Open "path" ("-" for standard input) and read its header.  Return 0;
 * or -1 with a message naming the input in "err" (unreadable file, not
 * a capture, unsupported version or pcapng layout).
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
int		 pcapin_linktype(const struct pcapin *in, size_t i);

/*
 * Compile the BPF expression "expr" for every input's link type.
 * Return 0, or -1 with a message naming the input in "err".
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
 * Read the next record of the merged timeline into "*rec".  Return 1;
 * 0 when every input is exhausted; or -1 when an input failed, with
 * "*e" describing it: that input is closed and the others go on at the
 * next call.
 */
int		 pcapin_next(struct pcapin *in, struct record *rec,
		    struct pcapin_error *e);

#endif /* FLOWDUMP_PCAPIN_H */

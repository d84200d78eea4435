/*
 * writer.h -- flow records out: the writer registry.
 *
 * A writer turns struct flow_report values into lines on a stream.
 * Records are formatted directly into a buffer (no JSON tree per record)
 * with exact 64-bit integers.  Writers know nothing of decoding; they
 * read a struct flow and its key.
 */
#ifndef FLOWDUMP_WRITER_H
#define FLOWDUMP_WRITER_H

#include <stdbool.h>
#include <stdio.h>

#include "flowtab.h"
#include "util.h"

/* Why a flow ended, on final records. */
enum end_reason {
	END_NONE = 0,		/* not final */
	END_IDLE,
	END_EOF,
	END_INTERRUPTED,
};

/* One record to write. */
struct flow_report {
	const struct flow	*f;
	fd_ns			 ts_ns;		/* @timestamp */
	bool			 final;
	enum end_reason		 reason;
};

struct writer_opts {
	const char	*name;		/* beat.name, beat.hostname */
	const char	*version;	/* beat.version */
};

struct writer;

/*
 * Create a writer of "format" ("ndjson") to "fp".  Return NULL if there
 * is no such format.  "o" is copied.
 */
struct writer	*writer_new(const char *format, FILE *fp,
		    const struct writer_opts *o);

/*
 * Write one record.  Return 0, or -1 with errno set if writing to the
 * stream failed.
 */
int		 writer_write(struct writer *w, const struct flow_report *r);

/* Flush everything and check the stream; return 0 or -1 with errno. */
int		 writer_end(struct writer *w);

/* Free the writer (not the stream).  NULL is allowed. */
void		 writer_free(struct writer *w);

/* Name of an end reason ("idle", "eof", ...). */
const char	*writer_reason_name(enum end_reason r);

#endif /* FLOWDUMP_WRITER_H */

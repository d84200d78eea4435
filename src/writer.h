/*
 * writer.h -- flow records out: NDJSON or CSV, legacy or ECS schema.
 *
 * A writer turns struct flow_rec values into lines on a stream.  Each
 * schema is one table of fields (dotted paths, sorted bytewise at every
 * level); the NDJSON writer nests them into objects and the CSV writer
 * makes one column of each, so both formats and the man page list the
 * same names in the same order.  Records are formatted directly into a
 * buffer, never through a JSON tree, with exact 64-bit integers.
 * Writers know nothing of decoding nor of the flow table: they read
 * records (flowrec.h) and nothing else.
 */
#ifndef FLOWDUMP_WRITER_H
#define FLOWDUMP_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "flowrec.h"

enum writer_format {
	WRITER_NDJSON = 0,
	WRITER_CSV,
};

enum writer_schema {
	WRITER_LEGACY = 0,	/* Packetbeat 5.x/6.x flow events */
	WRITER_ECS,		/* Packetbeat 8.x flow events */
};

/* The format or schema of that name ("csv", "ecs", ...), or -1. */
int		 writer_format_parse(const char *name);
int		 writer_schema_parse(const char *name);

struct writer_opts {
	enum writer_format format;
	enum writer_schema schema;
	const char	*fields;	/* CSV columns "a,b,c", or NULL: all; */
					/* only with WRITER_CSV */
	unsigned	 groups;	/* field groups on (groups.h) */
	const char *const *inputs;	/* the inputs' names, as given ("-": */
	size_t		 ninputs;	/* stdin), for the pcap group */
	const char	*name;		/* beat.name, agent.name */
	const char	*version;	/* beat.version, agent.version */
	uint16_t	 cid_seed;	/* Community ID seed */
	bool		 decap;		/* --decap: the tunnel fields */
};

/* The ecs.version written in ECS records. */
#define WRITER_ECS_VERSION	"8.0.0"

struct writer;

/*
 * Create a writer to "fp".  Return NULL with a message in "err" for a
 * field of "o->fields" that the schema does not have, or whose group is
 * off.  "o" and its strings are copied.  Records' extras are read as
 * the engine lays them out for the same groups (groups_init()).
 */
struct writer	*writer_new(FILE *fp, const struct writer_opts *o, char *err,
		    size_t errlen);

/*
 * A writer with the options of "w" to the same stream that holds what it
 * formats until writer_flush(): each writing thread of several formats
 * its batch whole, then writes it out in its turn.  The strings of the
 * options writer_new() was given must still be valid.
 */
struct writer	*writer_dup(const struct writer *w);

/* Write what comes before the records (the CSV header); 0 or -1. */
int		 writer_begin(struct writer *w);

/*
 * Write one record.  Return 0, or -1 with errno set if writing to the
 * stream failed.
 */
int		 writer_write(struct writer *w, const struct flow_rec *r);

/* Write out what is buffered and flush the stream; 0 or -1 with errno. */
int		 writer_flush(struct writer *w);

/* Flush everything and check the stream; return 0 or -1 with errno. */
int		 writer_end(struct writer *w);

/* Free the writer (not the stream).  NULL is allowed. */
void		 writer_free(struct writer *w);

/* Name of an end reason ("idle", "eof", ...). */
const char	*writer_reason_name(enum end_reason r);

/*
 * The dotted name of field "i" of "schema" (the fields of every group
 * included), or NULL past the last one.
 */
const char	*writer_field_name(enum writer_schema schema, size_t i);

#endif /* FLOWDUMP_WRITER_H */

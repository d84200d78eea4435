/*
 * record.h -- one capture record, as the inputs hand it to the engine.
 */
#ifndef FLOWDUMP_RECORD_H
#define FLOWDUMP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest pcapng interface name kept (longer ones are cut). */
#define RECORD_IFNAME_MAX	63

struct record {
	uint64_t	 sec;		/* timestamp seconds */
	uint64_t	 frac_ns;	/* nanoseconds; >= 1e9 in a broken file */
	const uint8_t	*data;		/* captured bytes */
	size_t		 caplen;
	uint32_t	 wirelen;	/* original length on the wire */
	int		 linktype;
	bool		 rejected;	/* rejected by the filter */
	bool		 stable;	/* data valid until the inputs close */
	const char	*ifname;	/* pcapng if_name, or NULL */
	size_t		 input;		/* which input, in the order added */
	uint64_t	 num;		/* its record number there, from 1 */
};

#endif /* FLOWDUMP_RECORD_H */

/*
 * pcapgroup.h -- the pcap field group: where a record's span is in the
 * captures (the input and record number of its first and last packet).
 *
 * The state is plain memory, all zero to start (record numbers count
 * from 1, so 0 is none); the module knows nothing of files or output.
 */
#ifndef FLOWDUMP_PCAPGROUP_H
#define FLOWDUMP_PCAPGROUP_H

#include <stdbool.h>
#include <stdint.h>

struct pcap_mark {
	uint64_t	 num;		/* record number in the input, from 1 */
	uint32_t	 input;		/* which input, in command-line order */
};

/* The state, and what a record says of it: the same values. */
struct pcapgroup {
	struct pcap_mark first, last;	/* of the span */
	const char	*ifname;	/* the first's interface, or NULL */
	bool		 seen;		/* a packet in the span */
};

/*
 * Record "num" of input "input", captured on interface "ifname" (NULL:
 * none named; the string must outlive every record written), counted in
 * the flow.
 */
void	pcapgroup_packet(struct pcapgroup *s, uint32_t input, uint64_t num,
	    const char *ifname);

/* A record was written: the span starts again (--delta). */
void	pcapgroup_reported(struct pcapgroup *s);

#endif /* FLOWDUMP_PCAPGROUP_H */

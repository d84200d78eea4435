/*
 * stats.h -- the run summary: what happened to every record read.
 *
 * Every record read is in exactly one of the "partition" counters:
 * counted in a flow, rejected by the filter, or not counted for one
 * reason.  The other counters describe records already in the partition
 * (late ones, partly decoded ones) and the flows and records made.
 */
#ifndef FLOWDUMP_STATS_H
#define FLOWDUMP_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum stats_counter {
	ST_READ = 0,		/* records read */
	/* the partition */
	ST_IN_FLOWS,		/* counted in a flow */
	ST_FILTERED,		/* rejected by --filter */
	ST_UNSUPPORTED_LINK,	/* not counted: unsupported link type */
	ST_LINK_TRUNC,		/* not counted: link header truncated */
	ST_NOKEY_NONIP,		/* not counted: no key layer (non-IP) */
	ST_NOKEY_TRUNC,		/* not counted: IP header truncated */
	ST_NOKEY_BAD,		/* not counted: IP header malformed */
	ST_BAD_TIME,		/* not counted: time after year 9999 */
	ST_OTHER_SHARD,		/* in a flow of another --shard */
	/* details of records counted in flows */
	ST_NONIP,		/* non-IP frames (MAC/VLAN-only flows) */
	ST_STOP_TRUNC,		/* decoding stopped: layer truncated */
	ST_STOP_BAD,		/* decoding stopped: layer malformed */
	ST_STOP_CHAIN,		/* decoding stopped: chain too long */
	ST_STOP_ENCAP,		/* decoding stopped: MPLS/PPPoE not IP */
	ST_FRAG_ORPHAN,		/* fragment without first fragment */
	ST_TUNNEL_OPENED,	/* in a tunnel --decap opened */
	ST_TUNNEL_CLOSED,	/* in a tunnel --decap would open */
	/* time */
	ST_LATE,		/* records below the clock */
	ST_NSEC_CARRY,		/* fraction >= 1e9 carried into seconds */
	/* flows and output */
	ST_FLOWS,		/* flow instances created */
	ST_REC_REPORT,		/* intermediate records written */
	ST_REC_IDLE,		/* final records, end reason idle */
	ST_REC_EOF,		/* final records, end reason eof */
	ST_REC_INTR,		/* final records, end reason interrupted */
	ST_REC_EVICTED,		/* final records, end reason evicted */
	ST_PEAK_FLOWS,		/* most flows live at once */
	ST_INPUTS_DAMAGED,	/* inputs that ended at damage */
	ST_NCOUNTERS
};

struct stats {
	uint64_t	 v[ST_NCOUNTERS];
};

/* The counter's fixed name in text ("records read") and JSON form. */
const char	*stats_name(enum stats_counter c);
const char	*stats_json_name(enum stats_counter c);

/*
 * True if a counter that means skipped or damaged input is non-zero
 * (then the summary is printed even without --stats).
 */
bool		 stats_has_damage(const struct stats *st);

/* Write the summary to "fp", one "name: value" line per counter. */
void		 stats_print_text(const struct stats *st, FILE *fp);

/* Write the summary to "fp" as one JSON object on one line. */
void		 stats_print_json(const struct stats *st, FILE *fp);

#endif /* FLOWDUMP_STATS_H */

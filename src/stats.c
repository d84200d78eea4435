/*
 * stats.c -- names and printing of the run summary.
 *
 * The JSON form is built with cJSON: it is written once per run, so its
 * cost does not matter.  Counters are added as raw numbers so that
 * values above 2^53 stay exact.
 */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "stats.h"

static const struct {
	const char	*text;
	const char	*json;
} names[ST_NCOUNTERS] = {
	[ST_READ] = { "records read", "records_read" },
	[ST_IN_FLOWS] = { "records counted in flows", "records_in_flows" },
	[ST_FILTERED] = { "records rejected by the filter",
	    "records_filtered" },
	[ST_UNSUPPORTED_LINK] = { "records not counted: unsupported link type",
	    "records_unsupported_link_type" },
	[ST_LINK_TRUNC] = { "records not counted: link header truncated",
	    "records_link_header_truncated" },
	[ST_NOKEY_NONIP] = { "records not counted: no flow key",
	    "records_no_flow_key" },
	[ST_NOKEY_TRUNC] = { "records not counted: IP header truncated",
	    "records_ip_header_truncated" },
	[ST_NOKEY_BAD] = { "records not counted: IP header malformed",
	    "records_ip_header_malformed" },
	[ST_BAD_TIME] = { "records not counted: time after year 9999",
	    "records_time_out_of_range" },
	[ST_OTHER_SHARD] = { "records in flows of other shards",
	    "records_other_shards" },
	[ST_NONIP] = { "non-IP frames in MAC- or VLAN-only flows",
	    "frames_non_ip" },
	[ST_STOP_TRUNC] = { "frames cut short inside a layer",
	    "frames_layer_truncated" },
	[ST_STOP_BAD] = { "frames with a malformed layer",
	    "frames_layer_malformed" },
	[ST_STOP_CHAIN] = { "frames with too many nested layers",
	    "frames_chain_too_long" },
	[ST_STOP_ENCAP] = { "frames with a non-IP MPLS or PPPoE payload",
	    "frames_unsupported_encapsulation" },
	[ST_FRAG_ORPHAN] = { "fragments without first fragment",
	    "fragments_without_first" },
	[ST_TUNNEL_OPENED] = { "records in tunnels opened (--decap)",
	    "records_tunnel_opened" },
	[ST_TUNNEL_CLOSED] = { "records in tunnels not opened (see --decap)",
	    "records_tunnel_closed" },
	[ST_LATE] = { "late records (time went backwards)", "records_late" },
	[ST_NSEC_CARRY] = { "records with a fraction of 1 s or more",
	    "records_fraction_overflow" },
	[ST_FLOWS] = { "flows created", "flows_created" },
	[ST_REC_REPORT] = { "records written: intermediate",
	    "records_written_intermediate" },
	[ST_REC_IDLE] = { "records written: final, idle",
	    "records_written_idle" },
	[ST_REC_EOF] = { "records written: final, eof",
	    "records_written_eof" },
	[ST_REC_INTR] = { "records written: final, interrupted",
	    "records_written_interrupted" },
	[ST_REC_EVICTED] = { "records written: final, evicted",
	    "records_written_evicted" },
	[ST_PEAK_FLOWS] = { "peak live flows", "peak_live_flows" },
	[ST_INPUTS_DAMAGED] = { "inputs damaged", "inputs_damaged" },
};

const char *
stats_name(enum stats_counter c)
{
	return names[c].text;
}

const char *
stats_json_name(enum stats_counter c)
{
	return names[c].json;
}

bool
stats_has_damage(const struct stats *st)
{
	return st->v[ST_UNSUPPORTED_LINK] != 0 || st->v[ST_LINK_TRUNC] != 0 ||
	    st->v[ST_BAD_TIME] != 0 || st->v[ST_INPUTS_DAMAGED] != 0;
}

void
stats_print_text(const struct stats *st, FILE *fp)
{
	int	i;

	for (i = 0; i < ST_NCOUNTERS; i++)
		fprintf(fp, "%s: %" PRIu64 "\n", names[i].text, st->v[i]);
}

void
stats_print_json(const struct stats *st, FILE *fp)
{
	cJSON	*o;
	char	*s, num[24];
	int	 i;

	o = cJSON_CreateObject();
	if (o == NULL)
		return;
	for (i = 0; i < ST_NCOUNTERS; i++) {
		snprintf(num, sizeof(num), "%" PRIu64, st->v[i]);
		cJSON_AddRawToObject(o, names[i].json, num);
	}
	s = cJSON_PrintUnformatted(o);
	if (s != NULL) {
		fprintf(fp, "%s\n", s);
		cJSON_free(s);
	}
	cJSON_Delete(o);
}

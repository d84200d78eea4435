/*
 * cli.c -- argp options.
 *
 * Durations use Go's syntax, as Packetbeat's configuration does: a
 * timeout below 1 s is an error (Packetbeat: "timeout must be >= 1s"),
 * a period at or below 0 turns periodic reports off and a period
 * between 0 and 1 s is an error.
 */
#include <config.h>

#include <argp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "decode.h"
#include "groups.h"
#include "util.h"

const char	*argp_program_version = PACKAGE_STRING;
const char	*argp_program_bug_address = PACKAGE_BUGREPORT;

enum {
	OPT_CID_SEED = 256,
	OPT_DECAP,
	OPT_DELTA,
	OPT_FIELDS,
	OPT_MAX_FLOWS,
	OPT_NAME,
	OPT_NO_MAC_KEY,
	OPT_PROGRESS,
	OPT_SHARD,
	OPT_STATS,
	OPT_STRICT,
	OPT_WITH,
};

static const struct argp_option options[] = {
	{ "community-id-seed", OPT_CID_SEED, "N", 0,
	    "Seed of the Community ID hash (0-65535, default 0)", 0 },
	{ "decap", OPT_DECAP, NULL, 0,
	    "Open tunnels (GRE, ERSPAN, VXLAN, Geneve, GTP-U, Teredo): each "
	    "inner conversation is its own flow, keyed with the outer IP "
	    "pair and the tunnel's id; records add tunnel.type, tunnel.id",
	    0 },
	{ "delta", OPT_DELTA, NULL, 0,
	    "Each record carries the counts since the flow's previous record "
	    "(Packetbeat's enable_delta_flow_reports)", 0 },
	{ "fields", OPT_FIELDS, "LIST", 0,
	    "CSV columns to write, in this order (comma-separated field "
	    "names of the schema)", 0 },
	{ "filter", 'F', "EXPR", 0,
	    "Count only records that match the BPF expression EXPR "
	    "(rejected records still move the clock)", 0 },
	{ "format", 'f', "FORMAT", 0,
	    "Output format: ndjson (default) or csv", 0 },
	{ "max-flows", OPT_MAX_FLOWS, "N", 0,
	    "Keep at most N flows live: the least recently seen flow ends "
	    "(end reason evicted) to make room", 0 },
	{ "name", OPT_NAME, "NAME", 0,
	    "Host name written in every record (default: this host's name)",
	    0 },
	{ "no-mac-key", OPT_NO_MAC_KEY, NULL, 0,
	    "Leave Ethernet addresses out of the flow key and the records "
	    "(Packetbeat's allow_mismatched_eth)", 0 },
	{ "period", 'p', "DURATION", 0,
	    "Interval of intermediate reports (default 10s; 0 or -1s: none)",
	    0 },
	{ "progress", OPT_PROGRESS, NULL, 0,
	    "Show progress on standard error when it is a terminal", 0 },
	{ "schema", 's', "SCHEMA", 0,
	    "Record layout: legacy (Packetbeat 5.x/6.x, default) or ecs "
	    "(Packetbeat 8.x, Elastic Common Schema)", 0 },
	{ "shard", OPT_SHARD, "K/N", 0,
	    "Process only the flows of shard K of N (1 <= K <= N), by a hash "
	    "of the flow key; the N shards' records together are the whole "
	    "run's", 0 },
	{ "stats", OPT_STATS, "FORMAT", OPTION_ARG_OPTIONAL,
	    "Print the run summary on standard error at the end, as text "
	    "(default) or json", 0 },
	{ "strict", OPT_STRICT, NULL, 0,
	    "Stop reading all inputs at the first damaged one (the flows read "
	    "so far are reported)", 0 },
	{ "timeout", 't', "DURATION", 0,
	    "Idle timeout of a flow (default 30s, at least 1s)", 0 },
	{ "with", OPT_WITH, "GROUPS", 0,
	    "Add the fields of these groups (comma-separated; repeatable): "
	    "tcp (TCP flags each way; Zeek's conn_state, history and "
	    "missed_bytes), ip (IP and payload bytes and TTLs each way, the "
	    "IP protocols), icmp (ICMP types and codes each way), pcap (the "
	    "input and record number of the first and last packet, the "
	    "pcapng interface of the first), stats "
	    "(packet sizes and inter-arrival times each way)", 0 },
	{ 0 }
};

static const char doc[] =
    "Print network flow records (Packetbeat flow events) found in pcap "
    "and pcapng captures, on packet time, as NDJSON or CSV."
    "\vDURATION is Go's syntax: a number with a unit (ns, us, ms, s, m, "
    "h), e.g. 30s, 1m30s, 1.5h, -1s.  With no FILE, or when FILE is -, "
    "read standard input.  A FILE may be gzip- or zstd-compressed.  "
    "Several FILEs are merged by timestamp into one timeline.\n\nExit status: 0 success, 64 usage error, 65 damaged "
    "input, 66 unreadable input, 70 internal error, 74 write error, "
    "130/143 interrupted.";

struct parse_state {
	struct config	*cfg;
	bool		 seen_stdin;
};

static void
parse_dur(struct argp_state *state, const char *opt, const char *arg,
    int64_t *out)
{
	const char	*why;

	if (parse_duration(arg, out, &why) == -1)
		argp_error(state, "%s '%s': %s", opt, arg, why);
}

/* "--shard K/N": 1 <= K <= N. */
static void
parse_shard(struct argp_state *state, const char *arg, struct config *cfg)
{
	char		 buf[64], *slash;
	uint64_t	 k = 0, n = 0;

	snprintf(buf, sizeof(buf), "%s", arg);
	slash = strchr(buf, '/');
	if (slash == NULL)
		argp_error(state, "--shard '%s': use K/N, e.g. 1/4", arg);
	*slash = '\0';
	if (parse_u64(buf, UINT32_MAX, &k) == -1 ||
	    parse_u64(slash + 1, UINT32_MAX, &n) == -1 || k < 1 || n < 1 ||
	    k > n)
		argp_error(state, "--shard '%s': K/N with 1 <= K <= N", arg);
	cfg->shard = (uint32_t)k;
	cfg->nshards = (uint32_t)n;
}

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct parse_state	*ps = state->input;
	struct config		*cfg = ps->cfg;
	uint64_t		 u;
	int64_t			 d;
	int			 v;
	char			 err[256];

	switch (key) {
	case OPT_CID_SEED:
		if (parse_u64(arg, UINT16_MAX, &u) == -1)
			argp_error(state, "--community-id-seed '%s': not a "
			    "number from 0 to 65535", arg);
		cfg->cid_seed = (uint16_t)u;
		break;
	case OPT_DELTA:
		cfg->delta = true;
		break;
	case OPT_FIELDS:
		cfg->fields = arg;
		break;
	case OPT_MAX_FLOWS:
		if (parse_u64(arg, UINT32_MAX - 65536, &u) == -1 || u == 0)
			argp_error(state, "--max-flows '%s': not a number from "
			    "1 to %u", arg, UINT32_MAX - 65536);
		cfg->max_flows = u;
		break;
	case OPT_PROGRESS:
		cfg->progress = true;
		break;
	case OPT_STRICT:
		cfg->strict = true;
		break;
	case OPT_WITH:
		if (groups_parse(arg, &cfg->groups, err, sizeof(err)) == -1)
			argp_error(state, "%s", err);
		break;
	case OPT_SHARD:
		parse_shard(state, arg, cfg);
		break;
	case 'F':
		cfg->filter = arg;
		break;
	case 'f':
		if ((v = writer_format_parse(arg)) == -1)
			argp_error(state, "--format '%s': use ndjson or csv",
			    arg);
		cfg->format = (enum writer_format)v;
		break;
	case 's':
		if ((v = writer_schema_parse(arg)) == -1)
			argp_error(state, "--schema '%s': use legacy or ecs",
			    arg);
		cfg->schema = (enum writer_schema)v;
		break;
	case OPT_NAME:
		if (!util_utf8_valid(arg))
			argp_error(state, "--name: not valid UTF-8");
		cfg->name = arg;
		break;
	case OPT_NO_MAC_KEY:
		cfg->no_mac = true;
		break;
	case OPT_DECAP:
		cfg->decap = true;
		break;
	case 'p':
		parse_dur(state, "--period", arg, &d);
		if (d > 0 && d < (int64_t)NS_PER_SEC)
			argp_error(state, "--period '%s': must be at least 1s, "
			    "or 0 or negative to turn reports off", arg);
		cfg->period_ns = d;
		break;
	case OPT_STATS:
		if (arg == NULL || strcmp(arg, "text") == 0)
			cfg->stats = CLI_STATS_TEXT;
		else if (strcmp(arg, "json") == 0)
			cfg->stats = CLI_STATS_JSON;
		else
			argp_error(state, "--stats '%s': use text or json",
			    arg);
		break;
	case 't':
		parse_dur(state, "--timeout", arg, &d);
		if (d < (int64_t)NS_PER_SEC)
			argp_error(state, "--timeout '%s': must be at least 1s",
			    arg);
		cfg->timeout_ns = (uint64_t)d;
		break;
	case ARGP_KEY_ARG:
		if (strcmp(arg, "-") == 0) {
			if (ps->seen_stdin)
				argp_error(state, "standard input (-) named "
				    "twice");
			ps->seen_stdin = true;
		}
		if (cfg->ninputs == DECODE_MAX_INPUTS)
			argp_error(state, "more than %d inputs",
			    DECODE_MAX_INPUTS);
		cfg->inputs = xrealloc(cfg->inputs, cfg->ninputs + 1,
		    sizeof(*cfg->inputs));
		cfg->inputs[cfg->ninputs++] = arg;
		break;
	case ARGP_KEY_END:
		if (cfg->fields != NULL && cfg->format != WRITER_CSV)
			argp_error(state, "--fields needs --format=csv");
		if (cfg->ninputs == 0) {
			if (isatty(STDIN_FILENO))
				argp_error(state, "no input: name a capture "
				    "file, or pipe one to standard input");
			cfg->inputs = xrealloc(cfg->inputs, 1,
			    sizeof(*cfg->inputs));
			cfg->inputs[cfg->ninputs++] = (char *)"-";
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

void
cli_parse(int argc, char **argv, struct config *cfg)
{
	const struct argp	argp = {
		.options = options,
		.parser = parse_opt,
		.args_doc = "[FILE...]",
		.doc = doc,
	};
	struct parse_state	ps;

	memset(cfg, 0, sizeof(*cfg));
	cfg->timeout_ns = 30 * NS_PER_SEC;
	cfg->period_ns = 10 * (int64_t)NS_PER_SEC;
	cfg->format = WRITER_NDJSON;
	cfg->schema = WRITER_LEGACY;
	ps.cfg = cfg;
	ps.seen_stdin = false;
	argp_err_exit_status = EXIT_USAGE;
	argp_parse(&argp, argc, argv, 0, NULL, &ps);
}

void
cli_cleanup(struct config *cfg)
{
	free(cfg->inputs);
	cfg->inputs = NULL;
	cfg->ninputs = 0;
}

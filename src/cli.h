/*
 * cli.h -- the command line: argp options into a struct config.
 *
 * cli_parse() validates every option and exits with status 64 (argp's
 * EX_USAGE) and a message on a usage error; --help, --usage and
 * --version exit with 0.
 */
#ifndef FLOWDUMP_CLI_H
#define FLOWDUMP_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exitcode.h"
#include "writer.h"

enum cli_stats {
	CLI_STATS_OFF = 0,
	CLI_STATS_TEXT,
	CLI_STATS_JSON,
};

struct config {
	char		**inputs;	/* FILE operands; "-" is stdin */
	size_t		  ninputs;
	uint64_t	  timeout_ns;
	int64_t		  period_ns;	/* <= 0: no periodic reports */
	bool		  delta;
	bool		  no_mac;
	bool		  decap;	/* --decap */
	const char	 *filter;	/* NULL: none */
	const char	 *name;		/* NULL: gethostname(2) */
	enum writer_format format;
	enum writer_schema schema;
	const char	 *fields;	/* CSV columns, or NULL */
	uint16_t	  cid_seed;	/* Community ID seed */
	uint64_t	  max_flows;	/* 0: no bound */
	uint32_t	  shard;	/* 1..nshards; 0: no sharding */
	uint32_t	  nshards;
	bool		  progress;	/* progress display on a terminal */
	bool		  strict;	/* stop at the first damaged input */
	unsigned	  groups;	/* --with: GROUP_BIT()s (groups.h) */
	enum cli_stats	  stats;
};

/*
 * Parse "argv" into "cfg".  Return only on success; "cfg->inputs" then
 * has at least one entry (stdin when no FILE was named).
 */
void	cli_parse(int argc, char **argv, struct config *cfg);

/* Free what cli_parse() allocated in "cfg". */
void	cli_cleanup(struct config *cfg);

#endif /* FLOWDUMP_CLI_H */

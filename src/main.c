/*
 * main.c -- flowdump: options, inputs, the pass, the summary and the
 * exit status.  The only module besides cli.c that prints to stderr.
 */
#include <config.h>

#include <err.h>
#include <inttypes.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "cli.h"
#include "exitcode.h"
#include "decode.h"
#include "engine.h"
#include "outq.h"
#include "pcapin.h"
#include "reader.h"
#include "stats.h"
#include "util.h"
#include "writer.h"

/*
 * What happened in a run, as far as the exit status goes: each member
 * is one line of the man page's EXIT STATUS.
 */
struct outcome {
	bool	 usage;		/* 64: a bad writer option or filter */
	bool	 noinput;	/* 66: an input not opened or not readable */
	int	 write_errno;	/* 74: writing failed with this errno */
	bool	 software;	/* 70: no thread, a full flow table */
	int	 signal;	/* 130, 143: SIGINT or SIGTERM */
	bool	 damaged;	/* 65: an input ended at damage */
};

/* The exit status of "o": the first that applies, in the man page's order. */
static int
exit_status(const struct outcome *o)
{
	const struct {
		bool	 applies;
		int	 status;
	} order[] = {
		{ o->usage, EXIT_USAGE },
		{ o->noinput, EXIT_NOINPUT },
		{ o->write_errno != 0, EXIT_IOERR },
		{ o->software, EXIT_SOFTWARE },
		{ o->signal == SIGINT, EXIT_SIGINT },
		{ o->signal == SIGTERM, EXIT_SIGTERM },
		{ o->damaged, EXIT_DATAERR },
	};
	size_t	i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (order[i].applies)
			return order[i].status;
	return 0;
}

/* Set by the handler, read by the reading thread too (lock-free). */
static atomic_int	got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

static int
emit(const struct flow_rec *r, void *arg)
{
	return outq_put(arg, r);
}

/* Report write error "saved" on stdout (a closed pipe ends us here). */
static void
write_failed(int saved)
{
	if (saved == EPIPE) {
		/* a closed pipe ends us quietly, as SIGPIPE's default does */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
	warnx("write error on standard output: %s", strerror(saved));
}

/* Note that writing failed, with errno (EIO if errno says nothing). */
static void
write_error(struct outcome *o)
{
	if (o->write_errno == 0)
		o->write_errno = errno != 0 ? errno : EIO;
}

/*
 * The progress display: one line on a terminal, rewritten a few times a
 * second.  It is called once a batch of records, so it costs nothing
 * measurable, and nothing when it is off.
 */
static void
progress(uint64_t bytes, const struct engine *eng, uint64_t nrec, bool last)
{
	static struct timespec	prev;
	struct timespec		now;
	char			when[40];
	fd_ns			clk;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!last && (now.tv_sec - prev.tv_sec) * 1000000000L +
	    (now.tv_nsec - prev.tv_nsec) < 250000000L)
		return;
	prev = now;
	if (last) {
		fputs("\r\033[K", stderr);
		return;
	}
	clk = engine_clock(eng);
	if (clk == 0 || clk >= (fd_ns)UTIL_MAX_SEC * NS_PER_SEC)
		snprintf(when, sizeof(when), "-");
	else
		util_fmt_time(when, clk, 0);
	fprintf(stderr, "\r\033[Kflowdump: %" PRIu64 " MB read, %" PRIu64
	    " records, capture time %s, %zu flows live",
	    bytes >> 20, nrec, when, engine_live_flows(eng));
	fflush(stderr);
}

/*
 * Report an input that failed (its batch says how); return true if the
 * run must stop (--strict).
 */
static bool
input_failed(const struct pcapin *in, const struct pcapin_error *perr,
    const struct config *cfg, struct stats *st, struct outcome *o)
{
	st->v[ST_INPUTS_DAMAGED]++;
	o->damaged = true;
	if (perr->compression != NULL)
		warnx("%s: damaged at byte offset %lld of the %s-decompressed "
		    "stream: %s; the rest of this input is skipped",
		    pcapin_name(in, perr->input), perr->offset,
		    perr->compression, perr->msg);
	else
		warnx("%s: damaged at byte offset %lld: %s; the rest of this "
		    "input is skipped", pcapin_name(in, perr->input),
		    perr->offset, perr->msg);
	if (cfg->strict) {
		warnx("--strict: not reading the other inputs");
		return true;
	}
	return false;
}

/*
 * Note why the engine stopped; return the end reason of the flows still
 * live, or END_NONE if they cannot be reported (writing failed).
 */
static enum end_reason
engine_failed(const struct engine *eng, struct outcome *o)
{
	if (engine_error(eng) == ENGINE_ERR_FULL) {
		warnx("the flow table is full (%zu live flows): stopping here",
		    engine_live_flows(eng));
		o->software = true;
		return END_INTERRUPTED;
	}
	write_error(o);
	return END_NONE;
}

static void
host_name(char *buf, size_t len)
{
	if (gethostname(buf, len) == -1 || buf[0] == '\0')
		snprintf(buf, len, "localhost");
	buf[len - 1] = '\0';
}

static void
warn_link_types(const struct pcapin *in)
{
	const char	*name;
	size_t		 i;
	int		 lt;

	for (i = 0; i < pcapin_count(in); i++) {
		lt = pcapin_linktype(in, i);
		if (lt == -1 || decode_link_supported(lt))
			continue;
		name = pcap_datalink_val_to_name(lt);
		warnx("%s: unsupported link type %d (%s): its records are "
		    "not counted in flows", pcapin_name(in, i), lt,
		    name != NULL ? name : "unknown");
	}
}

/*
 * The pass, on three threads: the reading thread reads and decodes, this
 * one counts, the writing thread formats and writes.  SIGINT and SIGTERM
 * go to the reading thread while it runs, so that they cut short its
 * waits for input.  Counters go to "st", what happened to "o".
 */
static void
run_pass(const struct config *cfg, struct pcapin *in, struct writer *w,
    struct stats *st, struct outcome *o)
{
	struct engine_opts	 eo;
	struct engine		*eng = NULL;
	struct reader		*rd = NULL;
	struct reader_batch	*b;
	struct outq		*oq = NULL;
	struct outq_sink	 sink;
	struct sigaction	 sa;
	sigset_t		 sigs;
	enum end_reason		 end = END_EOF;
	char			 errbuf[1024];
	uint64_t		 nrec = 0;
	bool			 show_progress, stop = false;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	memset(&eo, 0, sizeof(eo));
	eo.timeout_ns = cfg->timeout_ns;
	eo.period_ns = cfg->period_ns;
	eo.delta = cfg->delta;
	eo.no_mac = cfg->no_mac;
	eo.decap = cfg->decap;
	eo.max_flows = cfg->max_flows;
	eo.nshards = cfg->nshards;
	eo.shard = cfg->shard > 0 ? cfg->shard - 1 : 0;
	eo.groups = cfg->groups;
	if (writer_begin(w) == -1) {
		write_error(o);
		end = END_NONE;
		stop = true;
	}

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	outq_writer_sink(&sink, w);
	if ((oq = outq_new(&sink, outq_default_threads(), errbuf,
	    sizeof(errbuf))) == NULL ||
	    (rd = reader_new(in, decode_opts(cfg->no_mac, cfg->decap),
	    &got_signal, errbuf, sizeof(errbuf))) == NULL) {
		warnx("%s", errbuf);
		o->software = true;
		goto out;
	}
	eng = engine_new(&eo, st, emit, oq);
	show_progress = cfg->progress && isatty(STDERR_FILENO);
	while (!stop && (b = reader_next(rd)) != NULL) {
		if (engine_take(eng, b->pkt, b->n) == -1) {
			end = engine_failed(eng, o);
			stop = true;
		} else if (b->flush && outq_flush(oq) == -1) {
			write_error(o);
			end = END_NONE;
			stop = true;
		}
		/* the input's failure is reported whatever else happened */
		if (b->failed && input_failed(in, &b->err, cfg, st, o))
			stop = true;
		nrec += b->n;
		if (show_progress)
			progress(b->bytes, eng, nrec, false);
		reader_release(rd);
	}
	reader_free(rd);
	rd = NULL;
	pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
	if (show_progress)
		progress(0, eng, nrec, true);
	if (end == END_EOF && got_signal)
		end = END_INTERRUPTED;
	/* the live flows, unless writing failed; then what is queued */
	outq_input_done(oq);
	if (end != END_NONE && engine_finish(eng, end) == -1)
		write_error(o);
	if (outq_end(oq) == -1)
		write_error(o);
	if (o->write_errno == 0 && writer_end(w) == -1)
		write_error(o);
	if (o->write_errno != 0)
		write_failed(o->write_errno);
	o->signal = got_signal;
out:
	pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
	reader_free(rd);
	outq_free(oq);
	engine_free(eng);
}

/* The writer the options ask for, or NULL (a bad --fields). */
static struct writer *
open_writer(const struct config *cfg, const char *name)
{
	struct writer_opts	 wo;
	struct writer		*w;
	char			 errbuf[1024];

	memset(&wo, 0, sizeof(wo));
	wo.name = name;
	wo.version = PACKAGE_VERSION;
	wo.format = cfg->format;
	wo.schema = cfg->schema;
	wo.fields = cfg->fields;
	wo.cid_seed = cfg->cid_seed;
	wo.groups = cfg->groups;
	wo.decap = cfg->decap;
	wo.inputs = (const char *const *)cfg->inputs;
	wo.ninputs = cfg->ninputs;
	/* the writer buffers whole records itself (a batch of them at a
	 * time with several writing threads): stdio's buffer would copy
	 * them again and split each write in two or three */
	setvbuf(stdout, NULL, _IONBF, 0);
	if ((w = writer_new(stdout, &wo, errbuf, sizeof(errbuf))) == NULL)
		warnx("%s", errbuf);
	return w;
}

/*
 * Open every input (reporting each that fails) and set the filter;
 * return the inputs, or NULL if the run cannot go on.
 */
static struct pcapin *
open_inputs(const struct config *cfg, struct outcome *o)
{
	struct pcapin	*in;
	char		 errbuf[1024];
	size_t		 i;

	in = pcapin_new();
	for (i = 0; i < cfg->ninputs; i++) {
		if (pcapin_add(in, cfg->inputs[i], errbuf, sizeof(errbuf))
		    == -1) {
			warnx("%s", errbuf);
			o->noinput = true;
		}
	}
	if (cfg->filter != NULL &&
	    pcapin_set_filter(in, cfg->filter, errbuf, sizeof(errbuf)) == -1) {
		warnx("%s", errbuf);
		o->usage = true;
	}
	if (o->usage || o->noinput) {
		pcapin_free(in);
		return NULL;
	}
	return in;
}

int
main(int argc, char **argv)
{
	struct config	 cfg;
	struct outcome	 o;
	struct pcapin	*in = NULL;
	struct writer	*w;
	struct stats	 st;
	char		 hostbuf[256];

	signal(SIGPIPE, SIG_DFL);
	cli_parse(argc, argv, &cfg);
	memset(&o, 0, sizeof(o));
	if (cfg.name == NULL) {
		host_name(hostbuf, sizeof(hostbuf));
		cfg.name = hostbuf;
	}
	if ((w = open_writer(&cfg, cfg.name)) == NULL)
		o.usage = true;
	else if ((in = open_inputs(&cfg, &o)) != NULL) {
		warn_link_types(in);
		memset(&st, 0, sizeof(st));
		run_pass(&cfg, in, w, &st, &o);
		if (st.v[ST_TUNNEL_CLOSED] > 0)
			warnx("%" PRIu64 " records were counted in the flows "
			    "of the tunnels that carry them; --decap would "
			    "open the tunnels", st.v[ST_TUNNEL_CLOSED]);
		if (cfg.stats == CLI_STATS_JSON)
			stats_print_json(&st, stderr);
		else if (cfg.stats == CLI_STATS_TEXT || stats_has_damage(&st))
			stats_print_text(&st, stderr);
	}
	writer_free(w);
	pcapin_free(in);
	cli_cleanup(&cfg);
	return exit_status(&o);
}

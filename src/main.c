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
#include "decode.h"
#include "engine.h"
#include "outq.h"
#include "pcapin.h"
#include "reader.h"
#include "stats.h"
#include "util.h"
#include "writer.h"

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

/* Report write error "saved" on stdout; return the exit status for it. */
static int
write_failed(int saved)
{
	if (saved == EPIPE) {
		/* a closed pipe ends us quietly, as SIGPIPE's default does */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
	warnx("write error on standard output: %s", strerror(saved));
	return EXIT_IOERR;
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
    const struct config *cfg, struct stats *st, bool *damaged,
    bool *unsupported)
{
	st->v[ST_INPUTS_DAMAGED]++;
	if (perr->kind == PCAPIN_UNSUPPORTED) {
		*unsupported = true;
		warnx("%s: " PCAPIN_MIXED_MSG " (at byte offset %lld)",
		    pcapin_name(in, perr->input), perr->offset);
	} else {
		*damaged = true;
		warnx("%s: damaged at byte offset %lld: %s; the rest of this "
		    "input is skipped", pcapin_name(in, perr->input),
		    perr->offset, perr->msg);
	}
	if (cfg->strict) {
		warnx("--strict: not reading the other inputs");
		return true;
	}
	return false;
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
		if (decode_link_supported(lt))
			continue;
		name = pcap_datalink_val_to_name(lt);
		warnx("%s: unsupported link type %d (%s): its records are "
		    "not counted in flows", pcapin_name(in, i), lt,
		    name != NULL ? name : "unknown");
	}
}

int
main(int argc, char **argv)
{
	struct config		 cfg;
	struct pcapin		*in = NULL;
	struct reader		*rd = NULL;
	struct outq		*oq = NULL;
	struct outq_sink	 sink;
	struct reader_batch	*b;
	struct engine_opts	 eo;
	struct engine		*eng = NULL;
	struct writer_opts	 wo;
	struct writer		*w = NULL;
	struct stats		 st;
	struct sigaction	 sa;
	sigset_t		 sigs;
	char			 hostbuf[256], errbuf[1024];
	size_t			 i;
	int			 status = 0, open_failed = 0, write_errno = 0;
	bool			 damaged = false, unsupported = false;
	bool			 write_error = false, show_progress, stop = false;
	uint64_t		 nrec = 0;

	signal(SIGPIPE, SIG_DFL);
	cli_parse(argc, argv, &cfg);
	if (cfg.name == NULL) {
		host_name(hostbuf, sizeof(hostbuf));
		cfg.name = hostbuf;
	}
	wo.name = cfg.name;
	wo.version = PACKAGE_VERSION;
	wo.format = cfg.format;
	wo.schema = cfg.schema;
	wo.fields = cfg.fields;
	wo.cid_seed = cfg.cid_seed;
	w = writer_new(stdout, &wo, errbuf, sizeof(errbuf));
	if (w == NULL) {
		warnx("%s", errbuf);
		status = EXIT_USAGE;
		goto out;
	}

	in = pcapin_new();
	for (i = 0; i < cfg.ninputs; i++) {
		if (pcapin_add(in, cfg.inputs[i], errbuf, sizeof(errbuf))
		    == -1) {
			warnx("%s", errbuf);
			open_failed++;
		}
	}
	if (cfg.filter != NULL &&
	    pcapin_set_filter(in, cfg.filter, errbuf, sizeof(errbuf)) == -1) {
		warnx("%s", errbuf);
		status = EXIT_USAGE;
		goto out;
	}
	if (open_failed) {
		status = EXIT_NOINPUT;
		goto out;
	}
	warn_link_types(in);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	memset(&st, 0, sizeof(st));
	eo.timeout_ns = cfg.timeout_ns;
	eo.period_ns = cfg.period_ns;
	eo.delta = cfg.delta;
	eo.no_mac = cfg.no_mac;
	eo.max_flows = cfg.max_flows;
	eo.nshards = cfg.nshards;
	eo.shard = cfg.shard > 0 ? cfg.shard - 1 : 0;
	if (writer_begin(w) == -1) {
		write_errno = errno;
		write_error = stop = true;
	}

	/*
	 * The pass, on three threads: the reading thread reads and decodes,
	 * this one counts, the writing thread formats and writes.  SIGINT
	 * and SIGTERM go to the reading thread while it runs, so that they
	 * cut short its waits for input.
	 */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	outq_writer_sink(&sink, w);
	if ((oq = outq_new(&sink, errbuf, sizeof(errbuf))) == NULL ||
	    (rd = reader_new(in, cfg.no_mac, &got_signal, errbuf,
	    sizeof(errbuf))) == NULL) {
		warnx("%s", errbuf);
		status = EXIT_SOFTWARE;
		goto out;
	}
	eng = engine_new(&eo, &st, emit, oq);
	show_progress = cfg.progress && isatty(STDERR_FILENO);
	while (!stop && (b = reader_next(rd)) != NULL) {
		if (engine_take(eng, b->pkt, b->n) == -1 ||
		    (b->flush && outq_flush(oq) == -1)) {
			write_errno = errno;
			write_error = stop = true;
		} else if (b->failed)
			stop = input_failed(in, &b->err, &cfg, &st, &damaged,
			    &unsupported);
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
	if (!write_error && engine_finish(eng, got_signal ? END_INTERRUPTED :
	    END_EOF) == -1) {
		write_errno = errno;
		write_error = true;
	}
	if (outq_end(oq) == -1 && !write_error) {
		write_errno = errno;
		write_error = true;
	}
	if (!write_error && writer_end(w) == -1) {
		write_errno = errno;
		write_error = true;
	}
	if (write_error)
		status = write_failed(write_errno);

	if (cfg.stats == CLI_STATS_JSON)
		stats_print_json(&st, stderr);
	else if (cfg.stats == CLI_STATS_TEXT || stats_has_damage(&st))
		stats_print_text(&st, stderr);

	if (status == 0) {
		if (unsupported)
			status = EXIT_NOINPUT;
		else if (got_signal == SIGINT)
			status = 130;
		else if (got_signal == SIGTERM)
			status = 143;
		else if (damaged)
			status = EXIT_DATAERR;
	}
out:
	reader_free(rd);
	outq_free(oq);
	engine_free(eng);
	writer_free(w);
	pcapin_free(in);
	cli_cleanup(&cfg);
	return status;
}

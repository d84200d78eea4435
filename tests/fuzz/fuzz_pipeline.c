/*
 * fuzz_pipeline.c -- libFuzzer harness for the whole pass: the input is
 * a capture file held in memory (fmemopen), read by libpcap through
 * pcapin, run through the engine with short timers (so ticks, reports
 * and timeouts happen), sometimes with --max-flows=3, --shard=2/2,
 * --delta or --no-mac-key, and written as NDJSON or CSV, legacy or ECS,
 * to /dev/null; sometimes on one thread (engine_record()), sometimes on
 * three as flowdump runs it (reader.c, engine_take(), outq.c).
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine.h"
#include "outq.h"
#include "pcapin.h"
#include "reader.h"
#include "stats.h"
#include "writer.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE	*devnull;
static atomic_int no_stop;

static int
emit(const struct flow_rec *r, void *arg)
{
	return writer_write(arg, r);
}

static int
emit_queued(const struct flow_rec *r, void *arg)
{
	return outq_put(arg, r);
}

/* The pass as main.c runs it: reading thread, engine, writing thread. */
static void
threaded(struct pcapin *in, const struct engine_opts *eo, struct writer *w)
{
	struct stats		 st = { { 0 } };
	struct reader		*rd;
	struct reader_batch	*b;
	struct engine		*eng;
	struct outq		*oq;
	struct outq_sink	 sink;
	char			 err[256];

	outq_writer_sink(&sink, w);
	oq = outq_new(&sink, 2, err, sizeof(err));
	rd = reader_new(in, decode_opts(eo->no_mac, eo->decap), &no_stop, err,
	    sizeof(err));
	if (oq == NULL || rd == NULL)
		abort();
	eng = engine_new(eo, &st, emit_queued, oq);
	while ((b = reader_next(rd)) != NULL) {
		if (engine_take(eng, b->pkt, b->n) == -1 ||
		    (b->flush && outq_flush(oq) == -1))
			break;
		reader_release(rd);
	}
	reader_free(rd);
	engine_finish(eng, END_EOF);
	outq_end(oq);
	outq_free(oq);
	engine_free(eng);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct writer_opts	 wo = { .name = "fuzz", .version = "0",
	    .format = WRITER_NDJSON, .schema = WRITER_LEGACY };
	struct engine_opts	 eo = { .timeout_ns = 1000000000,
	    .period_ns = 1000000000, .delta = false, .no_mac = false };
	struct pcapin		*in;
	struct record		 rec;
	struct pcapin_error	 perr;
	struct engine		*eng;
	struct writer		*w;
	struct stats		 st = { { 0 } };
	char			 err[1024];
	FILE			*fp;
	int			 rc;

	if (size == 0)
		return 0;
	if (devnull == NULL)
		devnull = fopen("/dev/null", "w");
	fp = fmemopen((void *)(uintptr_t)data, size, "rb");
	if (fp == NULL)
		return 0;
	in = pcapin_new();
	if (pcapin_add_stream(in, "fuzz", fp, err, sizeof(err)) == -1) {
		pcapin_free(in);
		return 0;
	}
	eo.delta = size & 1;
	eo.no_mac = size & 2;
	eo.decap = wo.decap = (size & 512) != 0;	/* tunnels opened */
	eo.max_flows = size & 16 ? 3 : 0;	/* evictions, often */
	eo.nshards = size & 32 ? 2 : 0;
	eo.shard = 1;
	wo.format = size & 4 ? WRITER_CSV : WRITER_NDJSON;
	wo.schema = size & 8 ? WRITER_ECS : WRITER_LEGACY;
	/* the field groups, on in three runs of four */
	eo.groups = wo.groups = (size & 384) != 0 ? GROUP_BIT(GROUP_TCP) |
	    GROUP_BIT(GROUP_IP) | GROUP_BIT(GROUP_ICMP) |
	    GROUP_BIT(GROUP_PCAP) | GROUP_BIT(GROUP_STATS) : 0;
	w = writer_new(devnull, &wo, err, sizeof(err));
	if (size & 64) {
		threaded(in, &eo, w);
		writer_end(w);
		writer_free(w);
		pcapin_free(in);
		return 0;
	}
	eng = engine_new(&eo, &st, emit, w);
	while ((rc = pcapin_next(in, &rec, &perr)) != 0) {
		if (rc == -1)
			continue;
		if (engine_record(eng, &rec) == -1)
			break;
	}
	engine_finish(eng, END_EOF);
	writer_end(w);
	engine_free(eng);
	writer_free(w);
	pcapin_free(in);
	return 0;
}

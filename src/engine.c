/*
 * engine.c -- the flow pass on packet time.
 *
 * Specification: the man page's "Flows" and "Time";
 * packetbeat/flows/worker.go for the tick semantics.  Each flow is filed under the timeout check at which it will be idle (a
 * ring of FLOWTAB_RING buckets: a flow's check is never more than a few
 * checks ahead), so a check costs in proportion to the flows that
 * expire; they are written in creation order, as Packetbeat's table
 * walk would write them.
 */
#include <config.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "decode.h"
#include "engine.h"
#include "flowkey.h"
#include "flowtab.h"
#include "fragtab.h"

/* Records engine_record() holds before processing them as a batch. */
#define ENGINE_PIPE	16

/*
 * How far ahead of the record being processed to prefetch (with 8 and
 * 4, the engine thread took 13 % more CPU on the shared mixed input
 * with -p -1s: the misses had not arrived; 32 and 16 gained nothing
 * more).
 */
#define PREFETCH_INDEX	16	/* the index entries of the record's flow */
#define PREFETCH_FLOW	8	/* the first flow with that hash */
#define PREFETCH_RECORD	16	/* the decoded record itself */
#define HASH_RING	32	/* > PREFETCH_INDEX, a power of two */

#define PREFETCH_EXPIRED	4	/* the next flows to report idle */

/* A candidate for eviction, as it was when the candidates were listed. */
struct evict_ent {
	struct flow		*f;
	uint64_t		 seq;
	uint64_t		 last_ns;
};

struct engine {
	struct engine_opts	 o;
	struct stats		*st;
	engine_emit_fn		 emit;
	void			*arg;
	struct clock		 clk;
	struct flowtab		*ft;
	struct groups		 gr;		/* field groups and their layout */
	struct fragtab		*frags;
	struct decoded		 pipe[ENGINE_PIPE];
	size_t			 npipe;
	fd_ns			 base;		/* flow times are relative to it */
	uint64_t		 cur_m;		/* idle check of [cur_lo, cur_hi) */
	fd_ns			 cur_lo, cur_hi;
	/* --max-flows: the oldest bucket's flows, least recently seen first */
	struct evict_ent	*ev;
	size_t			 nev, evpos, evcap;
	uint64_t		 ev_time;	/* relative clock when listed */
	uint64_t		 ev_gen;	/* record count when listed */
	uint64_t		 gen;		/* records processed */
	struct flowtab_ref	*expired;	/* scratch for idle expiry */
	struct flowtab_ref	*sorted;	/* scratch for the radix sort */
	size_t			 nexpired_cap;
	size_t			*radix;		/* the sort's 65536 counters */
	enum engine_error	 err;		/* of the last failure */
};

struct engine *
engine_new(const struct engine_opts *o, struct stats *st, engine_emit_fn emit,
    void *arg)
{
	struct engine	*e;

	e = xmemalign(_Alignof(struct engine), sizeof(*e));	/* pipe[] */
	memset(e, 0, sizeof(*e));
	e->o = *o;
	e->st = st;
	e->emit = emit;
	e->arg = arg;
	clock_init(&e->clk, o->timeout_ns, o->period_ns);
	e->cur_lo = e->cur_hi = 0;
	groups_init(&e->gr, o->groups);
	e->ft = flowtab_new(0, e->gr.size);
	if (o->table_max > 0)
		flowtab_set_max(e->ft, o->table_max);
	e->frags = fragtab_new();
	return e;
}

void
engine_free(struct engine *e)
{
	if (e == NULL)
		return;
	flowtab_free(e->ft);
	fragtab_free(e->frags);
	free(e->expired);
	free(e->sorted);
	free(e->radix);
	free(e->ev);
	free(e);
}

size_t
engine_live_flows(const struct engine *e)
{
	return flowtab_count(e->ft);
}

fd_ns
engine_clock(const struct engine *e)
{
	return e->clk.now;
}

enum engine_error
engine_error(const struct engine *e)
{
	return e->err;
}

/*
 * Hand one record of "f", whose extras are "ext" (flowtab_ext()), to the
 * emit function and count it.
 */
static int
report_ext(struct engine *e, struct flow *f, void *ext, fd_ns ts,
    enum end_reason reason)
{
	struct flow_rec	r;
	uint8_t		 rext[GROUPS_REPORT_MAX] __attribute__((aligned(16)));

	r.ts_ns = ts;
	r.first_ns = e->base + f->first_ns;
	r.last_ns = e->base + f->last_ns;
	r.pkts[0] = f->pkts[0];
	r.pkts[1] = f->pkts[1];
	r.bytes[0] = f->bytes[0];
	r.bytes[1] = f->bytes[1];
	r.seq = f->seq;
	r.icmp4_tc = f->icmp4_tc;
	r.icmp6_tc = f->icmp6_tc;
	r.dir = f->dir;
	r.sent = f->sent;
	r.final = reason != END_NONE;
	r.reason = (uint8_t)reason;
	r.ext = NULL;
	r.ext_len = 0;
	if (ext != NULL) {
		/* the groups' fields, as values */
		groups_report(&e->gr, ext, rext);
		r.ext = rext;
		r.ext_len = (uint32_t)e->gr.rsize;
	}
	flowtab_ident(e->ft, f, r.key);
	if (e->emit(&r, e->arg) == -1) {
		e->err = ENGINE_ERR_EMIT;
		return -1;
	}
	switch (reason) {
	case END_NONE:
		e->st->v[ST_REC_REPORT]++;
		if (e->o.delta) {
			f->pkts[0] = f->pkts[1] = 0;
			f->bytes[0] = f->bytes[1] = 0;
			if (ext != NULL)
				groups_reported(&e->gr, ext);
		}
		break;
	case END_IDLE:
		e->st->v[ST_REC_IDLE]++;
		break;
	case END_EOF:
		e->st->v[ST_REC_EOF]++;
		break;
	case END_INTERRUPTED:
		e->st->v[ST_REC_INTR]++;
		break;
	case END_EVICTED:
		e->st->v[ST_REC_EVICTED]++;
		break;
	}
	return 0;
}

static int
report(struct engine *e, struct flow *f, fd_ns ts, enum end_reason reason)
{
	return report_ext(e, f, flowtab_ext(e->ft, f), ts, reason);
}

/* True if "f" has been idle for longer than the timeout at "when". */
static bool
is_idle(const struct engine *e, const struct flow *f, fd_ns when)
{
	fd_ns	last = e->base + f->last_ns;

	return when > last && when - last > e->o.timeout_ns;
}

/*
 * Put the "n" flows of "a" in creation order: insertion sort for a few,
 * else a least-significant-digit radix sort on the 64-bit sequence
 * numbers, 16 bits a pass, over as many passes as the largest needs.
 * The numbers were copied into "a", so no flow is read here.
 */
static void
sort_by_seq(struct engine *e, struct flowtab_ref *a, size_t n)
{
	struct flowtab_ref	*src = a, *dst = e->sorted, *t, x;
	size_t		*count;
	uint64_t	 max = 0;
	size_t		 i, j, sum, c;
	int		 shift;

	if (n < 64) {
		for (i = 1; i < n; i++) {
			x = a[i];
			for (j = i; j > 0 && a[j - 1].seq > x.seq; j--)
				a[j] = a[j - 1];
			a[j] = x;
		}
		return;
	}
	if (e->radix == NULL)
		e->radix = xmalloc(65536 * sizeof(*e->radix));
	count = e->radix;
	for (i = 0; i < n; i++)
		if (a[i].seq > max)
			max = a[i].seq;
	for (shift = 0; shift < 64 && (max >> shift) != 0; shift += 16) {
		memset(count, 0, 65536 * sizeof(*count));
		for (i = 0; i < n; i++)
			count[src[i].seq >> shift & 0xffff]++;
		for (sum = 0, i = 0; i < 65536; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[src[i].seq >> shift & 0xffff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
}

/*
 * List the flows filed under the check of tick "tk", which are exactly
 * the idle ones, in creation order into e->expired; return how many.
 */
static size_t
list_expired(struct engine *e, const struct clock_tick *tk, unsigned *bucket)
{
	unsigned	 b = (unsigned)(tk->k / e->clk.nt % FLOWTAB_RING);
	size_t		 n = flowtab_bcount(e->ft, b);

	if (n > e->nexpired_cap) {
		e->nexpired_cap = n + 256;
		e->expired = xrealloc(e->expired, e->nexpired_cap,
		    sizeof(*e->expired));
		e->sorted = xrealloc(e->sorted, e->nexpired_cap,
		    sizeof(*e->sorted));
	}
	flowtab_list_bucket(e->ft, b, e->expired);
	sort_by_seq(e, e->expired, n);
	*bucket = b;
	return n;
}

/*
 * A tick that reports every live flow, in creation order; if it checks
 * timeouts, the idle ones end, and are removed once all are reported
 * (in creation order, which keeps their neighbours in the cache).
 */
static int
tick_report(struct engine *e, const struct clock_tick *tk)
{
	struct flowtab_walk	 walk;
	struct flow		*f;
	void			*ext;
	size_t			 n, nidle = 0;
	unsigned		 b;
	bool			 idle;

	flowtab_walk_start(e->ft, &walk);
	while ((f = flowtab_walk_next(e->ft, &walk, &ext)) != NULL) {
		idle = tk->check && is_idle(e, f, tk->when);
		nidle += idle;
		if (report_ext(e, f, ext, tk->when, idle ? END_IDLE :
		    END_NONE) == -1)
			return -1;
	}
	if (tk->check) {
		n = list_expired(e, tk, &b);
		assert(n == nidle);	/* the idle ones, all of them */
		flowtab_remove_bucket(e->ft, b, e->expired, n);
	}
	(void)nidle;
	return 0;
}

/*
 * A tick that only checks timeouts: end the flows filed under this
 * check, which are exactly the idle ones.
 */
static int
tick_expire(struct engine *e, const struct clock_tick *tk)
{
	struct flow	*f;
	void		*ext;
	size_t		 n, i;
	unsigned	 b;

	n = list_expired(e, tk, &b);
	for (i = 0; i < n; i++) {
		if (i + PREFETCH_EXPIRED < n)
			flowtab_ref_prefetch(e->ft,
			    &e->expired[i + PREFETCH_EXPIRED]);
		f = flowtab_ref_flow(e->ft, &e->expired[i], &ext);
		assert(is_idle(e, f, tk->when));
		if (report_ext(e, f, ext, tk->when, END_IDLE) == -1)
			return -1;
	}
	/* in creation order: a flow's neighbours on that list are often
	 * the ones just removed */
	flowtab_remove_bucket(e->ft, b, e->expired, n);
	return 0;
}

/* The expiry bucket of a flow last seen at "now". */
static unsigned
bucket_of(struct engine *e, fd_ns now)
{
	if (now < e->cur_lo || now >= e->cur_hi)
		e->cur_m = clock_idle_check(&e->clk, now, &e->cur_lo,
		    &e->cur_hi);
	return (unsigned)(e->cur_m % FLOWTAB_RING);
}

/* Run every tick at or before the clock. */
static int
run_ticks(struct engine *e)
{
	struct clock_tick	tk;
	int			rc = 0;

	for (;;) {
		if (flowtab_count(e->ft) == 0) {
			clock_skip(&e->clk);
			return 0;
		}
		if (!clock_next_tick(&e->clk, &tk))
			return 0;
		if (tk.report)
			rc = tick_report(e, &tk);
		else if (tk.check)
			rc = tick_expire(e, &tk);
		if (rc == -1)
			return -1;
	}
}

static void
count_decode(struct engine *e, const struct pkt_info *pk)
{
	static const enum stats_counter stop_counter[] = {
		[DECODE_STOP_NONIP] = ST_NONIP,
		[DECODE_STOP_TRUNC] = ST_STOP_TRUNC,
		[DECODE_STOP_BAD] = ST_STOP_BAD,
		[DECODE_STOP_CHAIN] = ST_STOP_CHAIN,
		[DECODE_STOP_ENCAP] = ST_STOP_ENCAP,
	};

	if (pk->stop != DECODE_DONE)
		e->st->v[stop_counter[pk->stop]]++;
	if (pk->tunnel != DECODE_TUN_NONE)
		e->st->v[e->o.decap ? ST_TUNNEL_OPENED : ST_TUNNEL_CLOSED]++;
}

static int
cmp_evict(const void *a, const void *b)
{
	const struct evict_ent	*x = a, *y = b;

	if (x->last_ns != y->last_ns)
		return x->last_ns < y->last_ns ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * List the flows of the oldest non-empty expiry bucket, least recently
 * seen first (earliest created first among equals).  Flows in later
 * buckets were seen later, so the first of these that is still as it
 * was listed is the least recently seen flow of the table.
 */
static void
evict_list(struct engine *e)
{
	struct flow	*f;
	uint64_t	 m;
	unsigned	 b;
	size_t		 n, i;

	/* the next check to run; no flow is filed under an earlier one */
	m = (e->clk.next_k + e->clk.nt - 1) / e->clk.nt;
	for (i = 0; i < FLOWTAB_RING; i++) {
		b = (unsigned)((m + i) % FLOWTAB_RING);
		if ((n = flowtab_bcount(e->ft, b)) > 0)
			break;
	}
	if (n > e->evcap) {
		e->evcap = n + 1024;
		e->ev = xrealloc(e->ev, e->evcap, sizeof(*e->ev));
	}
	for (n = 0, f = flowtab_bfirst(e->ft, b); f != NULL;
	    f = flowtab_bnext(e->ft, f), n++) {
		e->ev[n].f = f;
		e->ev[n].seq = f->seq;
		e->ev[n].last_ns = f->last_ns;
	}
	assert(n > 0);		/* called only with the table full */
	qsort(e->ev, n, sizeof(*e->ev), cmp_evict);
	e->nev = n;
	e->evpos = 0;
	e->ev_time = (uint64_t)(e->clk.now - e->base);
	e->ev_gen = e->gen;
}

/*
 * End the least recently seen flow, reported final with end reason
 * evicted, to make room for a new one.  Return 0 or -1 (emit failed).
 */
static int
evict_one(struct engine *e)
{
	struct evict_ent	*v;

	for (;;) {
		if (e->evpos == e->nev)
			evict_list(e);
		v = &e->ev[e->evpos];
		/* skip flows ended, re-created or seen since listed */
		if (!flowtab_live(e->ft, v->f) || v->f->seq != v->seq ||
		    v->f->last_ns != v->last_ns) {
			e->evpos++;
			continue;
		}
		/*
		 * Flows seen since the listing were seen at or after it, so
		 * they come after this one -- unless this one was seen at
		 * the listing time itself and one of them earlier created:
		 * then list again.
		 */
		if (v->last_ns == e->ev_time && e->ev_gen != e->gen) {
			evict_list(e);
			continue;
		}
		e->evpos++;
		if (report(e, v->f, e->clk.now, END_EVICTED) == -1)
			return -1;
		flowtab_remove(e->ft, v->f);
		return 0;
	}
}

/*
 * Process one record of the pipeline: move the clock, run the ticks that
 * are due, then count the frame in its flow.
 */
static int
process(struct engine *e, struct decoded *p, uint64_t hash)
{
	static const enum stats_counter nokey_counter[] = {
		[DECODE_NOKEY_LINK] = ST_LINK_TRUNC,
		[DECODE_NOKEY_NONIP] = ST_NOKEY_NONIP,
		[DECODE_NOKEY_TRUNC] = ST_NOKEY_TRUNC,
		[DECODE_NOKEY_BAD] = ST_NOKEY_BAD,
		[DECODE_NOKEY_UNSUPPORTED] = ST_UNSUPPORTED_LINK,
	};
	struct stats		*st = e->st;
	struct pkt_info		*pk = &p->pk;
	struct flow		*f;
	const struct decode_op	*ops;
	size_t			 nops;
	fd_ns			 t = p->t, now;
	bool			 created, late, orphan;
	void			*ext;
	int			 d;

	e->gen++;
	st->v[ST_READ]++;
	if (p->frac_carry)
		st->v[ST_NSEC_CARRY]++;
	if (t >= (fd_ns)UTIL_MAX_SEC * NS_PER_SEC ||
	    (flowtab_count(e->ft) > 0 && t > e->clk.now &&
	    t - e->base > UINT64_MAX)) {
		/* after 9999, or 584 years after a live flow's times' base */
		st->v[ST_BAD_TIME]++;
		return 0;
	}
	if ((late = clock_advance(&e->clk, t)))
		st->v[ST_LATE]++;
	now = e->clk.now;
	if (run_ticks(e) == -1)
		return -1;
	fragtab_expire(e->frags, now);
	if (p->rejected) {
		st->v[ST_FILTERED]++;
		return 0;
	}
	if (pk->nokey != DECODE_KEYED) {
		st->v[nokey_counter[pk->nokey]]++;
		return 0;
	}
	orphan = false;
	if (pk->frag == DECODE_FRAG_LATER) {
		if (fragtab_get(e->frags, pk, now, &ops, &nops))
			decode_replay(&pk->key, ops, nops);
		else
			orphan = true;
		hash = flowkey_hash(pk->key.ident);
	} else if (pk->frag == DECODE_FRAG_FIRST && pk->ops_ports)
		fragtab_put(e->frags, pk, now);

	if (e->o.nshards > 1 && hash % e->o.nshards != e->o.shard) {
		st->v[ST_OTHER_SHARD]++;
		return 0;
	}
	if (e->o.max_flows > 0 && flowtab_count(e->ft) >= e->o.max_flows &&
	    flowtab_find(e->ft, pk->key.ident, hash) == NULL &&
	    evict_one(e) == -1)
		return -1;
	if (flowtab_count(e->ft) == 0)
		e->base = now;
	f = flowtab_get(e->ft, pk->key.ident, hash,
	    (uint64_t)(now - e->base), bucket_of(e, now), pk->key.dir,
	    &created, &ext);
	if (f == NULL) {
		/*
		 * The run stops before this record: it is left out of the
		 * summary as the records after it are.
		 */
		st->v[ST_READ]--;
		if (p->frac_carry)
			st->v[ST_NSEC_CARRY]--;
		if (late)
			st->v[ST_LATE]--;
		e->err = ENGINE_ERR_FULL;
		return -1;
	}
	/* details of the records counted in this shard's flows */
	count_decode(e, pk);
	if (orphan)
		st->v[ST_FRAG_ORPHAN]++;
	if (created) {
		st->v[ST_FLOWS]++;
		if (flowtab_count(e->ft) > st->v[ST_PEAK_FLOWS])
			st->v[ST_PEAK_FLOWS] = flowtab_count(e->ft);
	}
	d = pk->key.dir == f->dir ? 0 : 1;
	if (ext != NULL) {
		if (created)
			groups_created(&e->gr, ext, p);
		groups_packet(&e->gr, ext, p, d);
	}
	f->pkts[d]++;
	f->bytes[d] += p->wirelen;
	f->sent |= (uint8_t)(1U << d);
	/* Packetbeat keeps each side's last ICMP message; only the source's
	 * is ever written */
	if (d == 0 && pk->icmp_ver == 4)
		f->icmp4_tc = (uint16_t)(pk->icmp_type << 8 | pk->icmp_code);
	else if (d == 0 && pk->icmp_ver == 6)
		f->icmp6_tc = (uint16_t)(pk->icmp_type << 8 | pk->icmp_code);
	st->v[ST_IN_FLOWS]++;
	return 0;
}

/*
 * Hash the key of record "p" into "*hash" (0 if it has none to look up)
 * and start fetching its index entries.
 */
static void
look_ahead(struct engine *e, const struct decoded *p, uint64_t *hash)
{
	*hash = 0;
	if (decoded_lookup_ahead(p)) {
		*hash = flowkey_hash(p->pk.key.ident);
		flowtab_prefetch_index(e->ft, *hash);
	}
}

int
engine_take(struct engine *e, struct decoded *p, size_t n)
{
	uint64_t	hash[HASH_RING];	/* of records i to i + 8 */
	size_t		i, j;

	/*
	 * The memory of a record's flow is brought into the cache while the
	 * records before it are processed: first its index entries, then
	 * (once they have arrived) the first flow with its hash.  The hashes
	 * are kept here, not in the records, whose lines the reading
	 * thread writes again.
	 */
	for (i = 0; i < n && i < PREFETCH_INDEX; i++)
		look_ahead(e, &p[i], &hash[i % HASH_RING]);
	for (i = 0; i < n; i++) {
		/* records decoded on another core: their first two lines */
		if (i + PREFETCH_RECORD < n) {
			__builtin_prefetch(&p[i + PREFETCH_RECORD]);
			__builtin_prefetch((const char *)&p[i + PREFETCH_RECORD] +
			    64);
		}
		if ((j = i + PREFETCH_INDEX) < n)
			look_ahead(e, &p[j], &hash[j % HASH_RING]);
		if ((j = i + PREFETCH_FLOW) < n &&
		    decoded_lookup_ahead(&p[j]))
			flowtab_prefetch_flow(e->ft, hash[j % HASH_RING]);
		if (process(e, &p[i], hash[i % HASH_RING]) == -1)
			return -1;
	}
	return 0;
}

int
engine_record(struct engine *e, const struct record *r)
{
	decode_record(r, decode_opts(e->o.no_mac, e->o.decap),
	    &e->pipe[e->npipe++]);
	if (e->npipe == ENGINE_PIPE)
		return engine_flush(e);
	return 0;
}

int
engine_flush(struct engine *e)
{
	size_t	n = e->npipe;

	e->npipe = 0;
	return engine_take(e, e->pipe, n);
}

int
engine_finish(struct engine *e, enum end_reason reason)
{
	struct flowtab_walk	 walk;
	struct flow		*f;
	void			*ext;

	if (engine_flush(e) == -1)
		return -1;
	flowtab_walk_start(e->ft, &walk);
	while ((f = flowtab_walk_next(e->ft, &walk, &ext)) != NULL)
		if (report_ext(e, f, ext, e->clk.now, reason) == -1)
			return -1;
	flowtab_clear(e->ft);
	return 0;
}

/*
 * pcapin.c -- the capture inputs and their merge by timestamp.
 *
 * Each input is a byte source (capsrc: mapped, streamed, decompressed)
 * read by the format parser (capfmt).  Every input's next record is read
 * ahead and kept on a min-heap by timestamp.  libpcap is used for the
 * filter only: compiled once per link type met, with pcap_open_dead(),
 * and run with pcap_offline_filter().
 */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "capfmt.h"
#include "capsrc.h"
#include "pcapin.h"
#include "util.h"

/* The first bytes asked for: a pcap record header, a block header. */
#define PCAPIN_FIRST_ASK	32

struct input {
	char			*name;
	struct capsrc		*src;		/* NULL once closed */
	struct capsrc		*spent;		/* closed but mapped */
	struct capfmt		 fmt;
	bool			 stable;	/* records stay valid */
	/* the input's next record (read ahead) */
	struct capfmt_pkt	 pk;
	const uint8_t		*data;
	size_t			 adv;		/* its bytes, to consume */
	long long		 offset;	/* its offset */
	fd_ns			 t;
	int			 primed;	/* fetch() at open: 1 a record, -1 */
					/* damage (primed_err); 0 none or end */
	struct pcapin_error	 primed_err;
	uint64_t		 nrec;		/* records handed out */
	uint64_t		 final_bytes;	/* read, once closed */
	/* interface names: interned, one per interface of the section */
	const char		**ifname;
	size_t			 ifname_cap;
	size_t			 known_nif;
	uint64_t		 known_sections;
	char			**names;
	size_t			 nnames;
};

struct filter {
	int			 dlt;
	bool			 ok;		/* compiled */
	struct bpf_program	 prog;
};

struct pcapin {
	int			 wake[2];	/* pcapin_interrupt() writes [1] */
	struct capsrc_wait	 wait;
	struct input		*in;
	size_t			 n;
	size_t			*heap;		/* input indexes, min-heap */
	size_t			 nheap;
	size_t			 primed;	/* inputs put on the heap */
	long			 cur;		/* input of the last record */
	char			*expr;		/* the filter, or NULL */
	struct filter		*filters;	/* one per link type met */
	size_t			 nfilters;
	struct filter		*last_filter;	/* the last one used */
};

/* Inputs beyond this many get smaller buffers (rotated files). */
#define PCAPIN_MANY		16

struct pcapin *
pcapin_new(void)
{
	struct pcapin	*in;

	in = xcalloc(1, sizeof(*in));
	in->cur = -1;
	if (pipe2(in->wake, O_CLOEXEC | O_NONBLOCK) == -1)
		in->wake[0] = in->wake[1] = -1;	/* no interrupting then */
	in->wait.wakefd = in->wake[0];
	return in;
}

static void
close_input(struct input *x)
{
	if (x->src == NULL)
		return;
	x->final_bytes = capsrc_raw_bytes(x->src);
	/* records handed out may still point into a mapping */
	if (x->stable)
		x->spent = x->src;
	else
		capsrc_free(x->src);
	x->src = NULL;
}

void
pcapin_free(struct pcapin *in)
{
	struct input	*x;
	size_t		 i, k;

	if (in == NULL)
		return;
	for (i = 0; i < in->n; i++) {
		x = &in->in[i];
		close_input(x);
		capsrc_free(x->spent);
		capfmt_free(&x->fmt);
		for (k = 0; k < x->nnames; k++)
			free(x->names[k]);
		free(x->names);
		free(x->ifname);
		free(x->name);
	}
	for (i = 0; i < in->nfilters; i++) {
		if (in->filters[i].ok)
			pcap_freecode(&in->filters[i].prog);
	}
	free(in->filters);
	free(in->expr);
	free(in->in);
	free(in->heap);
	if (in->wake[0] != -1) {
		close(in->wake[0]);
		close(in->wake[1]);
	}
	free(in);
}

/* Fill "*e" for damage of input "i" at "offset". */
static void
damage(struct pcapin_error *e, const struct input *x, size_t i,
    long long offset, const char *msg)
{
	e->input = i;
	e->kind = PCAPIN_DAMAGED;
	e->offset = offset;
	e->compression = x->src != NULL ? capsrc_compression(x->src) : NULL;
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
}

/* Take in the interfaces the section has gained since the last look. */
static void
sync_ifaces(struct input *x)
{
	const struct capfmt_iface	*ifc;
	size_t				 k, j;

	if (x->fmt.sections != x->known_sections) {
		x->known_sections = x->fmt.sections;
		x->known_nif = 0;
	}
	if (x->fmt.nif > x->ifname_cap) {
		x->ifname_cap = x->fmt.ifcap;
		x->ifname = xrealloc(x->ifname, x->ifname_cap,
		    sizeof(*x->ifname));
	}
	for (k = x->known_nif; k < x->fmt.nif; k++) {
		ifc = capfmt_iface(&x->fmt, (uint32_t)k);
		x->ifname[k] = NULL;
		if (ifc->name[0] == '\0')
			continue;
		for (j = 0; j < x->nnames; j++) {
			if (strcmp(x->names[j], ifc->name) == 0)
				break;
		}
		if (j == x->nnames) {
			x->names = xrealloc(x->names, x->nnames + 1,
			    sizeof(*x->names));
			x->names[x->nnames++] = xstrdup(ifc->name);
		}
		x->ifname[k] = x->names[j];
	}
	x->known_nif = x->fmt.nif;
}

/* How far ahead fetch() starts reading records' bytes. */
#define PCAPIN_PREFETCH	2048

/*
 * Read input "i"'s next record into its struct input.  Return 1; 0 at
 * the end of the input; -1 with "*e" filled on damage.  The input is
 * closed unless 1 is returned.
 */
static int
fetch(struct pcapin *in, size_t i, struct pcapin_error *e)
{
	struct input		*x = &in->in[i];
	enum capfmt_result	 rc;
	const uint8_t		*p;
	long long		 n;
	size_t			 want = PCAPIN_FIRST_ASK, adv;
	char			 msg[sizeof(e->msg)];

	if (x->src == NULL)
		return 0;
	capsrc_consume(x->src, x->adv);
	x->adv = 0;
	for (;;) {
		x->offset = (long long)capsrc_offset(x->src);
		if ((n = capsrc_fill(x->src, want, &p)) < 0) {
			damage(e, x, i, x->offset, capsrc_error(x->src));
			close_input(x);
			return -1;
		}
		rc = capfmt_next(&x->fmt, p, (size_t)n, (size_t)n < want,
		    &x->pk, &adv, msg, sizeof(msg));
		switch (rc) {
		case CAPFMT_PACKET:
			x->data = p + x->pk.data_off;
			x->adv = adv;
			/*
			 * The bytes of the records a little further on, which
			 * are read from memory for the first time: two lines
			 * a record cover records of up to 128 bytes.  Only
			 * within the bytes at hand: no pointer past them.
			 */
			if ((size_t)n > PCAPIN_PREFETCH + 64) {
				__builtin_prefetch(p + PCAPIN_PREFETCH);
				__builtin_prefetch(p + PCAPIN_PREFETCH + 64);
			}
			return 1;
		case CAPFMT_SKIP:
			capsrc_consume(x->src, adv);
			if (x->fmt.nif != x->known_nif ||
			    x->fmt.sections != x->known_sections)
				sync_ifaces(x);
			want = PCAPIN_FIRST_ASK;
			break;
		case CAPFMT_MORE:
			want = adv;
			break;
		case CAPFMT_END:
			close_input(x);
			return 0;
		default:
			damage(e, x, i, x->offset, msg);
			close_input(x);
			return -1;
		}
	}
}

/* Read the file header of input "x"; 0, or -1 with "err" saying why. */
static int
open_format(struct input *x, char *err, size_t errlen)
{
	enum capfmt_result	 rc;
	const uint8_t		*p;
	long long		 n;
	size_t			 want = CAPFMT_PCAP_HDRLEN, adv;
	const char		*comp = capsrc_compression(x->src);
	char			 msg[512], how[32] = "";

	if (comp != NULL)
		snprintf(how, sizeof(how), " (%s-compressed)", comp);
	for (;;) {
		if ((n = capsrc_fill(x->src, want, &p)) < 0) {
			snprintf(err, errlen, "%s: %s", x->name,
			    capsrc_error(x->src));
			return -1;
		}
		if (n == 0) {
			snprintf(err, errlen, "%s: empty%s, not a pcap or "
			    "pcapng file", x->name, comp != NULL ?
			    how : " file");
			return -1;
		}
		rc = capfmt_open(&x->fmt, p, (size_t)n, (size_t)n < want, &adv,
		    msg, sizeof(msg));
		if (rc == CAPFMT_MORE) {
			want = adv;
			continue;
		}
		break;
	}
	switch (rc) {
	case CAPFMT_SKIP:
		capsrc_consume(x->src, adv);
		return 0;
	case CAPFMT_NOTCAP:
		snprintf(err, errlen, "%s: not a pcap or pcapng file%s",
		    x->name, how);
		return -1;
	default:
		snprintf(err, errlen, "%s: not a readable capture%s: %s",
		    x->name, how, msg);
		return -1;
	}
}

static int
add_source(struct pcapin *in, const char *name, struct capsrc *src,
    char *err, size_t errlen)
{
	struct input	*x;

	in->in = xrealloc(in->in, in->n + 1, sizeof(*in->in));
	x = &in->in[in->n];
	memset(x, 0, sizeof(*x));
	x->name = xstrdup(name);
	x->src = src;
	x->stable = capsrc_stable(src);
	if (open_format(x, err, errlen) == -1) {
		capsrc_free(src);
		capfmt_free(&x->fmt);
		free(x->name);
		return -1;
	}
	in->n++;
	/*
	 * pcapng: read on to the first packet, so that the first
	 * interface's link type is known now (a record then waits).
	 */
	if (x->fmt.kind == CAPFMT_PCAPNG)
		x->primed = fetch(in, in->n - 1, &x->primed_err);
	return 0;
}

int
pcapin_add(struct pcapin *in, const char *path, char *err, size_t errlen)
{
	struct capsrc	*src;
	const char	*name;
	char		 why[256];

	name = strcmp(path, "-") == 0 ? "(standard input)" : path;
	src = capsrc_open(path, &in->wait, in->n >= PCAPIN_MANY, why,
	    sizeof(why));
	if (src == NULL) {
		snprintf(err, errlen, "cannot open %s: %s", name, why);
		return -1;
	}
	return add_source(in, name, src, err, errlen);
}

int
pcapin_add_stream(struct pcapin *in, const char *name, FILE *fp, char *err,
    size_t errlen)
{
	return add_source(in, name, capsrc_open_stream(fp,
	    in->n >= PCAPIN_MANY), err, errlen);
}

size_t
pcapin_count(const struct pcapin *in)
{
	return in->n;
}

const char *
pcapin_name(const struct pcapin *in, size_t i)
{
	return in->in[i].name;
}

int
pcapin_linktype(const struct pcapin *in, size_t i)
{
	return in->in[i].fmt.linktype;
}

/* The filter for link type "dlt", compiled now if it is new. */
static struct filter *
filter_for(struct pcapin *in, int dlt, char *err, size_t errlen)
{
	struct filter	*f;
	pcap_t		*p;
	size_t		 i;

	if (in->last_filter != NULL && in->last_filter->dlt == dlt)
		return in->last_filter;
	for (i = 0; i < in->nfilters; i++) {
		if (in->filters[i].dlt == dlt)
			return in->last_filter = &in->filters[i];
	}
	in->filters = xrealloc(in->filters, in->nfilters + 1,
	    sizeof(*in->filters));
	f = &in->filters[in->nfilters++];
	memset(f, 0, sizeof(*f));
	f->dlt = dlt;
	if ((p = pcap_open_dead(dlt, 262144)) == NULL) {
		snprintf(err, errlen, "libpcap cannot open link type %d", dlt);
		return in->last_filter = f;
	}
	if (pcap_compile(p, &f->prog, in->expr, 1, PCAP_NETMASK_UNKNOWN) == 0)
		f->ok = true;
	else
		snprintf(err, errlen, "%s", pcap_geterr(p));
	pcap_close(p);
	return in->last_filter = f;
}

int
pcapin_set_filter(struct pcapin *in, const char *expr, char *err,
    size_t errlen)
{
	struct filter	*f;
	char		 why[PCAP_ERRBUF_SIZE + 64];
	size_t		 i;

	free(in->expr);
	in->expr = xstrdup(expr);
	for (i = 0; i < in->nfilters; i++) {
		if (in->filters[i].ok)
			pcap_freecode(&in->filters[i].prog);
	}
	in->nfilters = 0;
	in->last_filter = NULL;
	for (i = 0; i < in->n; i++) {
		if (in->in[i].fmt.linktype == -1)
			continue;	/* no interface yet */
		why[0] = '\0';
		f = filter_for(in, in->in[i].fmt.linktype, why, sizeof(why));
		if (!f->ok) {
			snprintf(err, errlen, "bad filter for %s: %s",
			    in->in[i].name, why);
			return -1;
		}
	}
	return 0;
}

static bool
heap_less(const struct pcapin *in, size_t a, size_t b)
{
	const struct input	*x = &in->in[a], *y = &in->in[b];

	return x->t < y->t || (x->t == y->t && a < b);
}

static void
heap_push(struct pcapin *in, size_t i)
{
	size_t	k = in->nheap++, parent;

	while (k > 0) {
		parent = (k - 1) / 2;
		if (!heap_less(in, i, in->heap[parent]))
			break;
		in->heap[k] = in->heap[parent];
		k = parent;
	}
	in->heap[k] = i;
}

static size_t
heap_pop(struct pcapin *in)
{
	size_t	top = in->heap[0], last, k = 0, c;

	last = in->heap[--in->nheap];
	for (;;) {
		c = 2 * k + 1;
		if (c >= in->nheap)
			break;
		if (c + 1 < in->nheap && heap_less(in, in->heap[c + 1],
		    in->heap[c]))
			c++;
		if (!heap_less(in, in->heap[c], last))
			break;
		in->heap[k] = in->heap[c];
		k = c;
	}
	if (in->nheap > 0)
		in->heap[k] = last;
	return top;
}

/* Read input "i"'s next record (or take the one read at open). */
static int
read_next(struct pcapin *in, size_t i, struct pcapin_error *e)
{
	struct input	*x = &in->in[i];
	int		 rc;

	if (x->primed != 0) {
		rc = x->primed;
		if (rc == -1)
			*e = x->primed_err;
		x->primed = 0;
		return rc;
	}
	return fetch(in, i, e);
}

/* Read input "i"'s next record and put the input on the merge heap. */
static int
advance(struct pcapin *in, size_t i, struct pcapin_error *e)
{
	struct input	*x = &in->in[i];
	int		 rc;

	if ((rc = read_next(in, i, e)) == 1) {
		x->t = (fd_ns)x->pk.sec * NS_PER_SEC + x->pk.frac_ns;
		heap_push(in, i);
	}
	return rc;
}

void
pcapin_set_wait_hook(struct pcapin *in, void (*fn)(void *), void *arg)
{
	in->wait.on_wait = fn;
	in->wait.arg = arg;
}

void
pcapin_interrupt(struct pcapin *in)
{
	if (in->wake[1] != -1 && write(in->wake[1], "", 1) == -1) {
		/* EAGAIN: the pipe is full, so the waits end already */
	}
}

uint64_t
pcapin_bytes(const struct pcapin *in)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < in->n; i++) {
		if (in->in[i].src != NULL)
			n += capsrc_raw_bytes(in->in[i].src);
		else
			n += in->in[i].final_bytes;
	}
	return n;
}

void
pcapin_positions(const struct pcapin *in, uint64_t *pos)
{
	size_t	i;

	for (i = 0; i < in->n; i++)
		pos[i] = in->in[i].offset > 0 ? (uint64_t)in->in[i].offset : 0;
}

void
pcapin_discard(struct pcapin *in, const uint64_t *pos)
{
	struct input	*x;
	size_t		 i;

	for (i = 0; i < in->n; i++) {
		x = &in->in[i];
		if (x->stable)
			capsrc_discard(x->src != NULL ? x->src : x->spent,
			    pos[i]);
	}
}

/* Whether the filter rejects the record of input "x". */
static bool
rejected(struct pcapin *in, const struct input *x)
{
	struct pcap_pkthdr	 h;
	struct filter		*f;
	char			 why[PCAP_ERRBUF_SIZE + 64];

	f = filter_for(in, x->pk.linktype, why, sizeof(why));
	if (!f->ok)
		return true;	/* it cannot select them: none is kept */
	memset(&h, 0, sizeof(h));
	h.caplen = x->pk.caplen;
	h.len = x->pk.wirelen;
	return pcap_offline_filter(&f->prog, &h, x->data) == 0;
}

int
pcapin_next(struct pcapin *in, struct record *rec, struct pcapin_error *e)
{
	struct input	*x;
	uint64_t	 frac;
	size_t		 i;
	int		 rc;

	if (in->heap == NULL)
		in->heap = xcalloc(in->n + 1, sizeof(*in->heap));
	while (in->primed < in->n) {
		if (advance(in, in->primed++, e) == -1)
			return -1;
	}
	if (in->cur >= 0 && in->nheap == 0) {
		/* the last record's input is the only one left: no merge */
		i = (size_t)in->cur;
		if ((rc = read_next(in, i, e)) != 1) {
			in->cur = -1;
			return rc;
		}
	} else {
		if (in->cur >= 0) {
			i = (size_t)in->cur;
			in->cur = -1;
			if (advance(in, i, e) == -1)
				return -1;
		}
		if (in->nheap == 0)
			return 0;
		i = heap_pop(in);
		in->cur = (long)i;
	}
	x = &in->in[i];
	rec->input = i;
	rec->num = ++x->nrec;
	/*
	 * Copied one at a time, as capfmt just stored them: one 16-byte
	 * load of both (which the compiler would make) waits for those
	 * two stores to reach the cache (store forwarding fails); that
	 * wait was 4 % of elephant's samples.  The empty asm keeps the
	 * nanoseconds in a register of their own.
	 */
	frac = x->pk.frac_ns;
	__asm__("" : "+r" (frac));
	rec->sec = x->pk.sec;
	rec->frac_ns = frac;
	rec->data = x->data;
	rec->caplen = x->pk.caplen;
	rec->wirelen = x->pk.wirelen;
	rec->linktype = x->pk.linktype;
	rec->stable = x->stable;
	rec->ifname = x->pk.iface < x->known_nif ? x->ifname[x->pk.iface] :
	    NULL;
	rec->rejected = in->expr != NULL && rejected(in, x);
	return 1;
}

/*
 * pcapin.c -- libpcap savefile reading and the merge of several inputs.
 *
 * Offsets of damaged records come from the position of the savefile's
 * stream, taken before each record is read.  A regular file is read
 * through a plain stream; a pipe or terminal through a stream that
 * counts the bytes it delivers (so that its position is known) and
 * whose waits for input can be interrupted.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include <pcap/pcap.h>

#include "pcapin.h"
#include "util.h"

struct input {
	char			*name;
	pcap_t			*p;
	FILE			*fp;
	int			 linktype;
	bool			 has_filter;
	struct bpf_program	 prog;
	/* the input's next record */
	struct pcap_pkthdr	*hdr;
	const u_char		*data;
	uint64_t		 sec;
	uint64_t		 frac;		/* nanoseconds */
	fd_ns			 t;
	long long		 offset;	/* of the next record */
	uint64_t		 final_bytes;	/* read, once closed */
	uint64_t		 nrec;		/* records handed out */
	struct fd_cookie	*ck;		/* fp's cookie, or NULL */
	char			*iobuf;		/* fp's buffer, or NULL */
};

/*
 * The stdio buffer of an input: a read(2) per 256 KiB for the first
 * inputs, 32 KiB for the others (a thousand rotated files, all open at
 * once, then take 32 MB, not 256).
 */
#define PCAPIN_IOBUF		(256 * 1024)
#define PCAPIN_IOBUF_MANY	(32 * 1024)
#define PCAPIN_MANY		16

struct pcapin {
	int		 wake[2];	/* pcapin_interrupt() writes to [1] */
	void		(*on_wait)(void *);	/* pcapin_set_wait_hook() */
	void		*on_wait_arg;
	struct input	*in;
	size_t		 n;
	size_t		*heap;		/* input indexes, min-heap */
	size_t		 nheap;
	size_t		 primed;	/* inputs whose first record was read */
	long		 cur;		/* input of the last record, or -1 */
};

/*
 * A counting read-only stream over a file descriptor that is not a
 * regular file: its position is known although it cannot seek.
 */
struct fd_cookie {
	int		fd;
	int		wakefd;		/* pcapin's wake pipe, or -1 */
	struct pcapin	*in;		/* for its wait hook */
	long long	pos;		/* bytes delivered so far */
};

/*
 * The logical position of the input's stream: the bytes the stream has
 * read from its file (our counting stream's count, or glibc's own for a
 * regular file) less those still in stdio's buffer (glibc's FILE fields
 * are public, and configure checks for them), which saves an ftell(3)
 * call per record.
 */
static long long
stream_pos(const struct input *x)
{
#if defined(HAVE_FILE__IO_READ_PTR) && defined(HAVE_FILE__IO_READ_END) && \
    defined(HAVE_FILE__OFFSET)
	long long	buffered = x->fp->_IO_read_end - x->fp->_IO_read_ptr;

	if (x->ck != NULL)
		return x->ck->pos - buffered;
	if (x->fp->_offset != -1)
		return (long long)x->fp->_offset - buffered;
#endif
	return ftello(x->fp);
}

static ssize_t
fd_read(void *c, char *buf, size_t size)
{
	struct fd_cookie	*ck = c;
	ssize_t			 n;

	/*
	 * A signal that interrupts the wait for more input (flowdump
	 * handles only SIGINT and SIGTERM, which end the run), or a word
	 * on the wake pipe, reads as the end of the input, so the caller
	 * sees it at once.  Regular files never make us wait.
	 */
	if (ck->wakefd != -1) {
		struct pollfd	pf[2] = {
			{ .fd = ck->fd, .events = POLLIN },
			{ .fd = ck->wakefd, .events = POLLIN },
		};

		/* about to wait: tell the wait hook first */
		if (poll(pf, 1, 0) == 0 && ck->in->on_wait != NULL)
			ck->in->on_wait(ck->in->on_wait_arg);
		if (poll(pf, 2, -1) == -1 || pf[1].revents != 0)
			return 0;
	}
	n = read(ck->fd, buf, size);
	if (n == -1 && errno == EINTR)
		return 0;
	if (n > 0)
		ck->pos += n;
	return n;
}

static int
fd_seek(void *c, off64_t *off, int whence)
{
	struct fd_cookie	*ck = c;

	if (whence == SEEK_CUR && *off == 0) {
		*off = ck->pos;
		return 0;
	}
	errno = ESPIPE;
	return -1;
}

static int
fd_close(void *c)
{
	struct fd_cookie	*ck = c;
	int			 rc = 0;

	if (ck->fd != STDIN_FILENO)
		rc = close(ck->fd);
	free(ck);
	return rc;
}

/*
 * Open "path" ("-": standard input) for reading, or return NULL.  A
 * regular file gets a plain stream (whose position glibc keeps, once a
 * seek has told it: see stream_pos()); anything else a counting stream
 * that pcapin_interrupt() can interrupt and that calls the wait hook,
 * with "*ckp" set to its cookie.
 */
/*
 * Give "fp" a big buffer, returned for the caller to free after closing
 * "fp".  (setvbuf(3) with a NULL buffer keeps glibc's own, of the file's
 * block size: a read(2) per 4 KiB.)
 */
static char *
big_buffer(const struct pcapin *in, FILE *fp)
{
	size_t	 size = in->n < PCAPIN_MANY ? PCAPIN_IOBUF : PCAPIN_IOBUF_MANY;
	char	*buf = xmalloc(size);

	setvbuf(fp, buf, _IOFBF, size);
	return buf;
}

static FILE *
open_input(struct pcapin *in, const char *path, struct fd_cookie **ckp,
    char **bufp)
{
	cookie_io_functions_t	 io = {
		.read = fd_read,
		.seek = fd_seek,
		.close = fd_close,
	};
	struct fd_cookie	*ck;
	struct stat		 sb;
	FILE			*fp;
	int			 fd, saved;

	*ckp = NULL;
	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		if (fd == STDIN_FILENO &&
		    (fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3)) == -1)
			return NULL;
		if ((fp = fdopen(fd, "rb")) == NULL) {
			saved = errno;
			close(fd);
			errno = saved;
			return NULL;
		}
		*bufp = big_buffer(in, fp);
		(void)fseeko(fp, 0, SEEK_CUR);
		return fp;
	}
	ck = xcalloc(1, sizeof(*ck));
	ck->fd = fd;
	ck->wakefd = in->wake[0];
	ck->in = in;
	fp = fopencookie(ck, "rb", io);
	if (fp == NULL) {
		fd_close(ck);
		return NULL;
	}
	*bufp = big_buffer(in, fp);
	*ckp = ck;
	return fp;
}

struct pcapin *
pcapin_new(void)
{
	struct pcapin	*in;

	in = xcalloc(1, sizeof(*in));
	in->cur = -1;
	if (pipe2(in->wake, O_CLOEXEC | O_NONBLOCK) == -1)
		in->wake[0] = in->wake[1] = -1;	/* no interrupting then */
	return in;
}

static void
close_input(struct input *x)
{
	if (x->fp != NULL) {
		long long	pos = stream_pos(x);

		x->final_bytes = pos > 0 ? (uint64_t)pos : 0;
	}
	x->ck = NULL;
	if (x->p != NULL)
		pcap_close(x->p);	/* closes x->fp too */
	free(x->iobuf);
	x->iobuf = NULL;
	x->p = NULL;
	x->fp = NULL;
	if (x->has_filter)
		pcap_freecode(&x->prog);
	x->has_filter = false;
}

void
pcapin_free(struct pcapin *in)
{
	size_t	i;

	if (in == NULL)
		return;
	for (i = 0; i < in->n; i++) {
		close_input(&in->in[i]);
		free(in->in[i].name);
	}
	free(in->in);
	free(in->heap);
	if (in->wake[0] != -1) {
		close(in->wake[0]);
		close(in->wake[1]);
	}
	free(in);
}

/* True if libpcap refused a pcapng for mixing link types or snaplens. */
static bool
is_mixed_pcapng(const char *msg)
{
	return strstr(msg, "different from the type of the first") != NULL ||
	    strstr(msg, "different from the snapshot length") != NULL ||
	    strstr(msg, "snapshot length of the first") != NULL;
}

int
pcapin_add(struct pcapin *in, const char *path, char *err, size_t errlen)
{
	struct fd_cookie	*ck;
	const char		*name;
	char			*buf = NULL;
	FILE			*fp;

	name = strcmp(path, "-") == 0 ? "(standard input)" : path;
	fp = open_input(in, path, &ck, &buf);
	if (fp == NULL) {
		snprintf(err, errlen, "cannot open %s: %s", name,
		    strerror(errno));
		return -1;
	}
	if (pcapin_add_stream(in, name, fp, err, errlen) == -1) {
		free(buf);		/* fp is closed */
		return -1;
	}
	in->in[in->n - 1].ck = ck;
	in->in[in->n - 1].iobuf = buf;
	return 0;
}

int
pcapin_add_stream(struct pcapin *in, const char *name, FILE *fp, char *err,
    size_t errlen)
{
	char		 ebuf[PCAP_ERRBUF_SIZE];
	struct input	*x;
	pcap_t		*p;

	ebuf[0] = '\0';
	p = pcap_fopen_offline_with_tstamp_precision(fp,
	    PCAP_TSTAMP_PRECISION_NANO, ebuf);
	if (p == NULL) {
		fclose(fp);
		if (is_mixed_pcapng(ebuf))
			snprintf(err, errlen, "%s: " PCAPIN_MIXED_MSG, name);
		else if (strstr(ebuf, "unknown file format") != NULL)
			snprintf(err, errlen, "%s: not a pcap or pcapng file",
			    name);
		else if (strstr(ebuf, "only got 0") != NULL &&
		    strstr(ebuf, "file header") != NULL)
			snprintf(err, errlen, "%s: empty file, not a pcap or "
			    "pcapng file", name);
		else
			snprintf(err, errlen, "%s: not a readable capture: %s",
			    name, ebuf);
		return -1;
	}
	/* one thread reads an input at a time: stdio need not lock */
	__fsetlocking(pcap_file(p), FSETLOCKING_BYCALLER);
	in->in = xrealloc(in->in, in->n + 1, sizeof(*in->in));
	x = &in->in[in->n++];
	memset(x, 0, sizeof(*x));
	x->name = xstrdup(name);
	x->p = p;
	x->fp = pcap_file(p);
	x->linktype = pcap_datalink(p);
	return 0;
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
	return in->in[i].linktype;
}

int
pcapin_set_filter(struct pcapin *in, const char *expr, char *err,
    size_t errlen)
{
	struct input	*x;
	size_t		 i;

	for (i = 0; i < in->n; i++) {
		x = &in->in[i];
		if (pcap_compile(x->p, &x->prog, expr, 1,
		    PCAP_NETMASK_UNKNOWN) == -1) {
			snprintf(err, errlen, "bad filter for %s: %s", x->name,
			    pcap_geterr(x->p));
			return -1;
		}
		x->has_filter = true;
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

/*
 * A timestamp field as the file meant it.  libpcap 1.10 reads the pcap
 * record's unsigned 32-bit seconds and fraction as signed, so values of
 * 2^31 and more (after 2038, or a broken fraction) arrive negative; a
 * pcapng timestamp beyond what time_t holds arrives wrapped.  Both are
 * undone here: the first by taking the low 32 bits, the second by taking
 * the 64 bits as they were.
 */
static uint64_t
ts_field(long long v)
{
	if (v < 0 && v >= INT32_MIN)
		return (uint32_t)v;
	return (uint64_t)v;
}

/*
 * Read input "i"'s next record into its struct input.  Return 1; 0 at
 * the end of the input; -1 with "*e" filled on a read error.  The input
 * is closed unless 1 is returned.
 */
static int
read_next(struct pcapin *in, size_t i, struct pcapin_error *e)
{
	struct input	*x = &in->in[i];
	int		 rc;

	if (x->p == NULL)
		return 0;
	errno = 0;
	x->offset = stream_pos(x);
	rc = pcap_next_ex(x->p, &x->hdr, &x->data);
	if (rc == 1) {
		x->sec = ts_field(x->hdr->ts.tv_sec);
		x->frac = ts_field(x->hdr->ts.tv_usec);
		return 1;
	}
	if (rc == -1) {
		e->input = i;
		e->offset = x->offset;
		snprintf(e->msg, sizeof(e->msg), "%s", pcap_geterr(x->p));
		e->kind = is_mixed_pcapng(e->msg) ? PCAPIN_UNSUPPORTED :
		    PCAPIN_DAMAGED;
		close_input(x);
		return -1;
	}
	close_input(x);
	return 0;
}

/* Read input "i"'s next record and put the input on the merge heap. */
static int
advance(struct pcapin *in, size_t i, struct pcapin_error *e)
{
	struct input	*x = &in->in[i];
	int		 rc;

	if ((rc = read_next(in, i, e)) == 1) {
		x->t = (fd_ns)x->sec * NS_PER_SEC + x->frac;
		heap_push(in, i);
	}
	return rc;
}

void
pcapin_set_wait_hook(struct pcapin *in, void (*fn)(void *), void *arg)
{
	in->on_wait = fn;
	in->on_wait_arg = arg;
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
	long long	pos;
	size_t		i;

	for (i = 0; i < in->n; i++) {
		if (in->in[i].fp != NULL) {
			pos = stream_pos(&in->in[i]);
			n += pos > 0 ? (uint64_t)pos : 0;
		} else
			n += in->in[i].final_bytes;
	}
	return n;
}

int
pcapin_next(struct pcapin *in, struct record *rec, struct pcapin_error *e)
{
	struct input	*x;
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
	rec->sec = x->sec;
	rec->frac_ns = x->frac;
	rec->data = x->data;
	rec->caplen = x->hdr->caplen;
	rec->wirelen = x->hdr->len;
	rec->linktype = x->linktype;
	rec->rejected = x->has_filter &&
	    pcap_offline_filter(&x->prog, x->hdr, x->data) == 0;
	return 1;
}

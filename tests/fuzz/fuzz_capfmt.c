/*
 * fuzz_capfmt.c -- the capture format parser on any bytes, read twice:
 * as a whole file, and as a stream that hands over only the bytes the
 * parser asks for, each time in a buffer of exactly that size (so that
 * AddressSanitizer sees any read past what it was given).  Both reads
 * must give the same records and end the same way.
 */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capfmt.h"

#define MAXREC	4096

struct rec {
	struct capfmt_pkt	pk;
	size_t			at;
	uint32_t		sum;	/* of its bytes: they are read */
};

static bool
same_pkt(const struct capfmt_pkt *a, const struct capfmt_pkt *b)
{
	return a->sec == b->sec && a->frac_ns == b->frac_ns &&
	    a->caplen == b->caplen && a->wirelen == b->wirelen &&
	    a->data_off == b->data_off && a->linktype == b->linktype &&
	    a->iface == b->iface;
}

static uint32_t
sum_of(const uint8_t *p, size_t n)
{
	uint32_t	s = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		s = s * 31 + p[i];
	return s;
}

/* Read "data" as a whole; return the records, and how it ended. */
static size_t
whole(const uint8_t *data, size_t size, struct rec *out,
    enum capfmt_result *how, size_t *end)
{
	struct capfmt		f;
	struct capfmt_pkt	pk;
	enum capfmt_result	rc;
	size_t			adv, at, n = 0;
	char			msg[512];

	rc = capfmt_open(&f, data, size, true, &adv, msg, sizeof(msg));
	if (rc != CAPFMT_SKIP) {
		*how = rc;
		*end = 0;
		capfmt_free(&f);
		return 0;
	}
	for (at = adv;;) {
		rc = capfmt_next(&f, data + at, size - at, true, &pk, &adv, msg,
		    sizeof(msg));
		if (rc == CAPFMT_MORE)
			abort();	/* at the end, it must say what is wrong */
		if (rc != CAPFMT_PACKET && rc != CAPFMT_SKIP)
			break;
		if (adv == 0 || adv > size - at)
			abort();
		if (rc == CAPFMT_PACKET && n < MAXREC) {
			if (pk.data_off + pk.caplen > adv)
				abort();
			out[n].pk = pk;
			out[n].at = at;
			out[n].sum = sum_of(data + at + pk.data_off, pk.caplen);
			n++;
		}
		at += adv;
	}
	*how = rc;
	*end = at;
	capfmt_free(&f);
	return n;
}

/* Hand the parser exactly the bytes it asks for, as a stream would. */
static enum capfmt_result
step(struct capfmt *f, const uint8_t *data, size_t size, size_t at,
    bool open, struct capfmt_pkt *pk, size_t *adv, uint8_t **hold)
{
	enum capfmt_result	rc;
	size_t			have = size - at < 8 ? size - at : 8;
	char			msg[512];
	uint8_t			*b;

	for (;;) {
		b = malloc(have > 0 ? have : 1);
		memcpy(b, data + at, have);
		if (open)
			rc = capfmt_open(f, b, have, have == size - at, adv,
			    msg, sizeof(msg));
		else
			rc = capfmt_next(f, b, have, have == size - at, pk,
			    adv, msg, sizeof(msg));
		if (rc != CAPFMT_MORE) {
			*hold = b;
			return rc;
		}
		free(b);
		if (*adv <= have)
			abort();	/* asked for no more than it had */
		have = *adv <= size - at ? *adv : size - at;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rec	 want[MAXREC];
	enum capfmt_result	 how, rc;
	struct capfmt		 f;
	struct capfmt_pkt	 pk;
	size_t			 n, k = 0, end, at, adv;
	uint8_t			*b;

	n = whole(data, size, want, &how, &end);
	memset(&f, 0, sizeof(f));
	rc = step(&f, data, size, 0, true, &pk, &adv, &b);
	free(b);
	if (rc != CAPFMT_SKIP) {
		if (how != rc || n != 0)
			abort();
		capfmt_free(&f);
		return 0;
	}
	for (at = adv;;) {
		rc = step(&f, data, size, at, false, &pk, &adv, &b);
		if (rc != CAPFMT_PACKET && rc != CAPFMT_SKIP) {
			free(b);
			break;
		}
		if (rc == CAPFMT_PACKET && k < MAXREC) {
			if (k >= n || want[k].at != at ||
			    !same_pkt(&want[k].pk, &pk) ||
			    want[k].sum != sum_of(b + pk.data_off, pk.caplen))
				abort();
			k++;
		}
		free(b);
		at += adv;
	}
	if (rc != how || at != end || k != n)
		abort();
	capfmt_free(&f);
	return 0;
}

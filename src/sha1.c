/*
 * sha1.c -- SHA-1 as FIPS 180-4 section 6.1 describes it.
 *
 * Written here rather than taken from a crypto library: Community ID
 * needs nothing else, and one short file is less to depend on than
 * OpenSSL.  Not for security: Community ID only uses it to spread bits.
 */
#include <config.h>

#include <string.h>

#include "sha1.h"

#define ROL(x, n)	((uint32_t)((x) << (n) | (x) >> (32 - (n))))

static void
sha1_block(struct sha1 *s, const uint8_t *p)
{
	uint32_t	w[80], a, b, c, d, e, f, k, t;
	int		i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 80; i++)
		w[i] = ROL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = s->h[0];
	b = s->h[1];
	c = s->h[2];
	d = s->h[3];
	e = s->h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = ROL(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = ROL(b, 30);
		b = a;
		a = t;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
}

void
sha1_init(struct sha1 *s)
{
	s->h[0] = 0x67452301;
	s->h[1] = 0xefcdab89;
	s->h[2] = 0x98badcfe;
	s->h[3] = 0x10325476;
	s->h[4] = 0xc3d2e1f0;
	s->nbytes = 0;
	s->nblock = 0;
}

void
sha1_update(struct sha1 *s, const void *data, size_t n)
{
	const uint8_t	*p = data;
	size_t		 take;

	s->nbytes += n;
	while (n > 0) {
		take = 64 - s->nblock;
		if (take > n)
			take = n;
		memcpy(s->block + s->nblock, p, take);
		s->nblock += take;
		p += take;
		n -= take;
		if (s->nblock == 64) {
			sha1_block(s, s->block);
			s->nblock = 0;
		}
	}
}

void
sha1_final(struct sha1 *s, uint8_t out[SHA1_DIGEST_LEN])
{
	uint64_t	bits = s->nbytes * 8;
	uint8_t		pad = 0x80, zero = 0, len[8];
	int		i;

	sha1_update(s, &pad, 1);
	while (s->nblock != 56)
		sha1_update(s, &zero, 1);
	for (i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha1_update(s, len, 8);
	for (i = 0; i < 5; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)s->h[i];
	}
}

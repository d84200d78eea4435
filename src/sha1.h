/*
 * sha1.h -- SHA-1 (FIPS 180-4), for the Community ID hash only.
 */
#ifndef FLOWDUMP_SHA1_H
#define FLOWDUMP_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_DIGEST_LEN	20

struct sha1 {
	uint32_t	h[5];
	uint64_t	nbytes;		/* message length so far */
	uint8_t		block[64];
	size_t		nblock;		/* bytes in "block" */
};

void	sha1_init(struct sha1 *s);
void	sha1_update(struct sha1 *s, const void *data, size_t n);
/* Finish the hash and write the 20-byte digest to "out". */
void	sha1_final(struct sha1 *s, uint8_t out[SHA1_DIGEST_LEN]);

#endif /* FLOWDUMP_SHA1_H */

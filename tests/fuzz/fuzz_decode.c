/*
 * fuzz_decode.c -- libFuzzer harness for the frame decoder.
 *
 * The first byte picks the link type, the second's low bits --no-mac-key
 * and --decap;
 * the rest is the frame, in a buffer of exactly its size so that any
 * read past it is caught by AddressSanitizer.  Each frame is decoded
 * twice, with and without the one-pass path for common frames: the two
 * must agree.
 */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "flowkey.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int	 links[] = { 0, 1, 12, 14, 101, 108, 113, 228,
	    229, 276, 105 };
	struct pkt_info		 pk, walk;
	unsigned		 opts;
	int			 link;
	char			 id[FLOWKEY_B64_MAX];
	uint8_t			*frame;
	const uint8_t		*a, *b;

	if (size < 2)
		return 0;
	frame = malloc(size - 2 > 0 ? size - 2 : 1);
	memcpy(frame, data + 2, size - 2);
	link = links[data[0] % (sizeof(links) / sizeof(links[0]))];
	opts = data[1] & (DECODE_NO_MAC | DECODE_DECAP);
	decode_frame(link, frame, size - 2, opts, &pk);
	decode_frame(link, frame, size - 2, opts | DECODE_NO_FAST, &walk);
	if (!decode_same(&pk, &walk))
		abort();		/* the one-pass path went wrong */
	if (pk.frag == DECODE_FRAG_LATER)
		decode_replay(&pk.key, pk.ops, pk.nops);
	flowkey_b64(pk.key.ident, id);
	(void)flowkey_hash(pk.key.ident);
	(void)flowkey_pair(pk.key.ident, FK_IPV6, 16, pk.key.dir, &a, &b);
	{
		uint8_t		t;
		bool		h, u;
		uint32_t	i;

		if (flowkey_tunnel(pk.key.ident, &t, &h, &i, &u) &&
		    decode_tunnel_name(t) == NULL)
			abort();	/* a type the decoder never sets */
	}
	free(frame);
	return 0;
}

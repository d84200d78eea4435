/*
 * seeds.c -- write the decoder fuzzer's seed corpus: every record of the
 * captures named on the command line, prefixed by its link type's index
 * in fuzz_decode.c's table, one file per frame, into the directory
 * named first.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "pcapin.h"

int
main(int argc, char **argv)
{
	static const int	 links[] = { 0, 1, 12, 14, 101, 108, 113, 228,
	    229, 276, 105 };
	struct record	 r;
	struct pcapin_error	 e;
	struct pcapin		*in;
	char			 err[1024], name[4096];
	unsigned		 n = 0, k;
	FILE			*fp;
	int			 i, rc;

	for (i = 2; i < argc; i++) {
		in = pcapin_new();
		if (pcapin_add(in, argv[i], err, sizeof(err)) == -1) {
			pcapin_free(in);
			continue;
		}
		while ((rc = pcapin_next(in, &r, &e)) != 0) {
			if (rc == -1)
				continue;
			for (k = 0; k < sizeof(links) / sizeof(links[0]); k++)
				if (links[k] == r.linktype)
					break;
			snprintf(name, sizeof(name), "%s/frame-%06u", argv[1],
			    n++);
			fp = fopen(name, "wb");
			if (fp == NULL)
				return 1;
			fputc((int)k, fp);
			fputc(0, fp);
			fwrite(r.data, 1, r.caplen, fp);
			fclose(fp);
		}
		pcapin_free(in);
	}
	printf("%u seeds\n", n);
	return 0;
}

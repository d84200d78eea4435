/*
 * pcapread.c -- the benchmarks' baseline: read a capture with libpcap's
 * pcap_next_ex() loop and do nothing else but count packets and bytes.
 *
 *	pcapread FILE
 */
#include <inttypes.h>
#include <stdio.h>

#include <pcap/pcap.h>

int
main(int argc, char **argv)
{
	char			 err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr	*h;
	const u_char		*d;
	uint64_t		 n = 0, bytes = 0;
	pcap_t			*p;

	if (argc != 2) {
		fprintf(stderr, "usage: pcapread FILE\n");
		return 2;
	}
	p = pcap_open_offline_with_tstamp_precision(argv[1],
	    PCAP_TSTAMP_PRECISION_NANO, err);
	if (p == NULL) {
		fprintf(stderr, "pcapread: %s\n", err);
		return 1;
	}
	while (pcap_next_ex(p, &h, &d) == 1) {
		n++;
		bytes += h->len;
	}
	printf("%" PRIu64 " packets, %" PRIu64 " bytes\n", n, bytes);
	pcap_close(p);
	return 0;
}

/*
 * capsrc.h -- the bytes of one input: a regular file mapped into memory,
 * a pipe or terminal read through a large buffer, a stdio stream, and
 * any of these gzip- or zstd-compressed (told by their magic numbers),
 * read as the bytes they decompress to.
 *
 * The reader asks for the next "n" bytes, gets a pointer to at least
 * that many contiguous bytes (fewer only at the end), and consumes what
 * it used.  Bytes of a mapped file stay valid until capsrc_free(); all
 * others until the next capsrc_fill().  Positions are counted in the
 * bytes the reader sees (decompressed, if the input is compressed).
 */
#ifndef FLOWDUMP_CAPSRC_H
#define FLOWDUMP_CAPSRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What waits for a pipe share: a way to end them, a hook before them. */
struct capsrc_wait {
	int		 wakefd;	/* readable: stop waiting, or -1 */
	void		(*on_wait)(void *);	/* about to wait, or NULL */
	void		*arg;
};

struct capsrc;

/*
 * Open "path" ("-": standard input); or return NULL with "err" saying
 * why (errno's words).  "wait" may be NULL; it must outlive the source.
 * "small": use a smaller buffer (many inputs are open at once).
 */
struct capsrc	*capsrc_open(const char *path, const struct capsrc_wait *wait,
		    bool small, char *err, size_t errlen);

/* A source reading "fp" (which it then owns and closes). */
struct capsrc	*capsrc_open_stream(FILE *fp, bool small);

/* Free the source, unmapping and closing what it holds.  NULL is fine. */
void		 capsrc_free(struct capsrc *s);

/*
 * Make at least "n" bytes from the position contiguous and point "*p"
 * at them.  Return the bytes there (possibly more than "n"; fewer only
 * at the end of the input), or -1 on a read or decompression error
 * (capsrc_error() says what).
 */
long long	 capsrc_fill(struct capsrc *s, size_t n, const uint8_t **p);

/* Move the position on by "n" bytes (at most what capsrc_fill() gave). */
void		 capsrc_consume(struct capsrc *s, size_t n);

/* The position: bytes consumed since the start (of the stream). */
uint64_t	 capsrc_offset(const struct capsrc *s);

/* Bytes taken from the file so far (compressed, if it is). */
uint64_t	 capsrc_raw_bytes(const struct capsrc *s);

/* Whether bytes stay valid until capsrc_free() (a mapped file). */
bool		 capsrc_stable(const struct capsrc *s);

/* "gzip" or "zstd" for a compressed input, else NULL. */
const char	*capsrc_compression(const struct capsrc *s);

/* Why the last capsrc_fill() returned -1. */
const char	*capsrc_error(const struct capsrc *s);

/*
 * Let the system drop the mapped pages before "offset": nothing reads
 * them again.  Only mapped files have any; cheap to call often.
 */
void		 capsrc_discard(struct capsrc *s, uint64_t offset);

#endif /* FLOWDUMP_CAPSRC_H */

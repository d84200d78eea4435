/*
 * util.h -- allocation, number and duration parsing, time and text
 * formatting shared by every module.
 *
 * Times are nanoseconds since the Unix epoch in an unsigned 128-bit
 * integer (fd_ns): a capture may carry timestamps up to the year 9999,
 * beyond what 64 bits of nanoseconds can hold.
 */
#ifndef FLOWDUMP_UTIL_H
#define FLOWDUMP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef unsigned __int128 fd_ns;

#define NS_PER_SEC	1000000000ULL
/* First second that RFC 3339 cannot write: 10000-01-01T00:00:00Z. */
#define UTIL_MAX_SEC	253402300800ULL

/*
 * Zero "n" bytes at "p", 64 at a time.  For a constant "n", GCC makes
 * vector stores of each step; one memset(3) of more than 64 bytes it
 * makes a "rep stos", whose start-up costs more than such a clear.
 */
static inline void
util_zero(void *p, size_t n)
{
	unsigned char	*c = p;
	size_t		 i;

	for (i = 0; i + 64 <= n; i += 64)
		memset(c + i, 0, 64);
	memset(c + i, 0, n - i);
}

/*
 * Copy "n" bytes from "s" to "d", the first "k" (a constant) as one copy
 * of that size even when "n" is smaller: both sides have room for the
 * larger of the two.  GCC makes a copy of a constant size vector moves;
 * one of a size only known to be bounded it makes a "rep movs", whose
 * start-up costs more than such a copy.
 */
static inline void
util_copy(void *d, const void *s, size_t n, size_t k)
{
	memcpy(d, s, k);
	if (n > k)
		memcpy((unsigned char *)d + k, (const unsigned char *)s + k,
		    n - k);
}

/* The xmalloc family: abort the program (status 70) when memory runs out. */
void	*xmalloc(size_t size);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *p, size_t n, size_t size);
char	*xstrdup(const char *s);
/* "size" bytes aligned on "align" (a power of two, a multiple of
 * sizeof(void *)); free(3) them. */
void	*xmemalign(size_t align, size_t size);

/*
 * Memory about to be written through, all of it: have the kernel map
 * the whole pages of [p, p + len) now, in one call, rather than one
 * page fault at a time on first touch (where a fault is costly, as on
 * virtual machines, that is most of the time the first touch takes).
 * Only a hint: nothing changes where the kernel cannot.
 */
void	 util_populate(void *p, size_t len);

/*
 * Parse the decimal integer "s" into "*out".  Fail (return -1, "*out"
 * untouched) on an empty string, a sign, trailing characters or a value
 * above "max".  Return 0 on success.
 */
int	 parse_u64(const char *s, uint64_t max, uint64_t *out);

/*
 * Parse a Go duration ("30s", "1m30s", "1.5h", "-1s", "500ms", "0") into
 * signed nanoseconds.  A number without a unit is an error, except "0".
 * Return 0 on success; on failure return -1 and point "*why" at a static
 * message.
 */
int	 parse_duration(const char *s, int64_t *ns, const char **why);

/* Greatest common divisor; gcd(a, 0) = a. */
uint64_t gcd_u64(uint64_t a, uint64_t b);

/*
 * Write "t" as "YYYY-MM-DDTHH:MM:SS" followed by "digits" (0-9) digits
 * of truncated fraction and "Z" into "buf" (at least 32 bytes).  Return
 * the length written.  The caller keeps "t" below UTIL_MAX_SEC seconds.
 */
size_t	 util_fmt_time(char *buf, fd_ns t, int digits);

/* Write "v" in decimal into "buf" (at least 40 bytes); return the length. */
size_t	 util_fmt_u64(char *buf, uint64_t v);
size_t	 util_fmt_u128(char *buf, fd_ns v);

/*
 * Base64-encode "n" bytes of "in" into "out" (NUL-terminated), with the
 * standard alphabet; with "pad" false no '=' padding is written.  "out"
 * must hold 4 * ((n + 2) / 3) + 1 bytes.  Return the length written.
 */
size_t	 util_base64(char *out, const uint8_t *in, size_t n, bool pad);

/* The 32-bit FNV-1a hash of "n" bytes at "p" (small, fixed-size keys). */
uint32_t util_fnv1a(const uint8_t *p, size_t n);

/* Return true if the NUL-terminated "s" is valid UTF-8. */
bool	 util_utf8_valid(const char *s);

#endif /* FLOWDUMP_UTIL_H */

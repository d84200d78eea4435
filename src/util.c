/*
 * util.c -- allocation, parsing and formatting helpers.
 *
 * Durations follow Go's time.ParseDuration (the syntax of Packetbeat's
 * configuration), including its float arithmetic for fractions, so that
 * "1.5h" means here exactly what it means to Packetbeat.
 */
#include <config.h>

#include <endian.h>
#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "exitcode.h"
#include "util.h"

void *
xmalloc(size_t size)
{
	void	*p;

	p = malloc(size == 0 ? 1 : size);
	if (p == NULL)
		err(EXIT_SOFTWARE, "out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
	if (p == NULL)
		err(EXIT_SOFTWARE, "out of memory");
	return p;
}

void *
xrealloc(void *p, size_t n, size_t size)
{
	void	*q;

	if (size != 0 && n > SIZE_MAX / size)
		errx(EXIT_SOFTWARE, "out of memory");
	q = realloc(p, n * size == 0 ? 1 : n * size);
	if (q == NULL)
		err(EXIT_SOFTWARE, "out of memory");
	return q;
}

void *
xmemalign(size_t align, size_t size)
{
	void	*p;
	int	 rc;

	rc = posix_memalign(&p, align, size == 0 ? 1 : size);
	if (rc != 0) {
		errno = rc;
		err(EXIT_SOFTWARE, "out of memory");
	}
	return p;
}

char *
xstrdup(const char *s)
{
	char	*p;

	p = strdup(s);
	if (p == NULL)
		err(EXIT_SOFTWARE, "out of memory");
	return p;
}

void
util_populate(void *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	long		 page = sysconf(_SC_PAGESIZE);
	uintptr_t	 a = (uintptr_t)p, start, end;

	if (page <= 0)
		return;
	start = (a + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	end = (a + len) & ~((uintptr_t)page - 1);
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)len;
#endif
}

int
parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long	 v;
	char			*end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Go's unit table; the longest names come first so "ms" wins over "m". */
static const struct {
	const char	*name;
	uint64_t	 ns;
} duration_units[] = {
	{ "ns", 1 },
	{ "us", 1000 },
	{ "\xc2\xb5s", 1000 },		/* U+00B5 micro sign */
	{ "\xce\xbcs", 1000 },		/* U+03BC Greek mu */
	{ "ms", 1000000 },
	{ "s", 1000000000 },
	{ "m", 60ULL * 1000000000 },
	{ "h", 3600ULL * 1000000000 },
	{ NULL, 0 }
};

int
parse_duration(const char *s, int64_t *out, const char **why)
{
	const uint64_t	 limit = 1ULL << 63;
	uint64_t	 d = 0, v, f, unit;
	double		 scale;
	bool		 neg = false, pre, post, overflow;
	size_t		 ulen, i;

	*why = "invalid duration";
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	if (strcmp(s, "0") == 0) {
		*out = 0;
		return 0;
	}
	if (*s == '\0')
		return -1;
	while (*s != '\0') {
		if (!(*s == '.' || (*s >= '0' && *s <= '9')))
			return -1;
		v = 0;
		pre = false;
		while (*s >= '0' && *s <= '9') {
			if (v > (limit - 1) / 10)
				goto range;
			v = v * 10 + (uint64_t)(*s - '0');
			if (v > limit)
				goto range;
			s++;
			pre = true;
		}
		f = 0;
		scale = 1;
		post = false;
		if (*s == '.') {
			s++;
			overflow = false;
			while (*s >= '0' && *s <= '9') {
				if (!overflow) {
					if (f > (limit - 1) / 10) {
						overflow = true;
					} else {
						f = f * 10 + (uint64_t)(*s - '0');
						scale *= 10;
					}
				}
				s++;
				post = true;
			}
		}
		if (!pre && !post)
			return -1;
		ulen = 0;
		while (s[ulen] != '\0' && s[ulen] != '.' &&
		    (s[ulen] < '0' || s[ulen] > '9'))
			ulen++;
		if (ulen == 0) {
			*why = "missing unit in duration (use ns, us, ms, s, "
			    "m or h, e.g. 30s)";
			return -1;
		}
		unit = 0;
		for (i = 0; duration_units[i].name != NULL; i++) {
			if (strlen(duration_units[i].name) == ulen &&
			    memcmp(duration_units[i].name, s, ulen) == 0) {
				unit = duration_units[i].ns;
				break;
			}
		}
		if (unit == 0) {
			*why = "unknown unit in duration (use ns, us, ms, s, "
			    "m or h)";
			return -1;
		}
		s += ulen;
		if (v > limit / unit)
			goto range;
		v *= unit;
		if (f > 0) {
			v += (uint64_t)((double)f * ((double)unit / scale));
			if (v > limit)
				goto range;
		}
		d += v;
		if (d > limit)
			goto range;
	}
	if (neg) {
		*out = d == limit ? INT64_MIN : -(int64_t)d;
		return 0;
	}
	if (d > limit - 1)
		goto range;
	*out = (int64_t)d;
	return 0;
range:
	*why = "duration out of range";
	return -1;
}

uint64_t
gcd_u64(uint64_t a, uint64_t b)
{
	uint64_t	t;

	while (b != 0) {
		t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static char *
put_digits(char *p, unsigned v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
	return p;
}

size_t
util_fmt_time(char *buf, fd_ns t, int digits)
{
	uint64_t	 secs, days, sod, z, era, doe, yoe, doy, mp, y, m, d;
	uint32_t	 frac, div;
	int		 i;
	char		*p = buf;

	if (t <= UINT64_MAX) {		/* 64-bit division: until 2554 */
		secs = (uint64_t)t / NS_PER_SEC;
		frac = (uint32_t)((uint64_t)t % NS_PER_SEC);
	} else {
		secs = (uint64_t)(t / NS_PER_SEC);
		frac = (uint32_t)(t % NS_PER_SEC);
	}
	days = secs / 86400;
	sod = secs % 86400;

	/* civil_from_days (H. Hinnant), for days >= 0 */
	z = days + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;

	put_digits(p, (unsigned)y, 4);
	p[4] = '-';
	put_digits(p + 5, (unsigned)m, 2);
	p[7] = '-';
	put_digits(p + 8, (unsigned)d, 2);
	p[10] = 'T';
	put_digits(p + 11, (unsigned)(sod / 3600), 2);
	p[13] = ':';
	put_digits(p + 14, (unsigned)(sod / 60 % 60), 2);
	p[16] = ':';
	put_digits(p + 17, (unsigned)(sod % 60), 2);
	p += 19;
	if (digits > 0) {
		div = 1000000000;
		for (i = 0; i < digits; i++)
			div /= 10;
		*p++ = '.';
		put_digits(p, frac / div, digits);
		p += digits;
	}
	*p++ = 'Z';
	*p = '\0';
	return (size_t)(p - buf);
}

size_t
util_fmt_u64(char *buf, uint64_t v)
{
	static const char	pairs[] =
	    "00010203040506070809101112131415161718192021222324252627282930"
	    "31323334353637383940414243444546474849505152535455565758596061"
	    "62636465666768697071727374757677787980818283848586878889909192"
	    "93949596979899";
	static const uint64_t	pow10[20] = { 1, 10, 100, 1000, 10000, 100000,
	    1000000, 10000000, 100000000, 1000000000, 10000000000ULL,
	    100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	    100000000000000000ULL, 1000000000000000000ULL,
	    10000000000000000000ULL };
	uint64_t		q;
	uint32_t		w, r;
	size_t			n;
	char			*p;

	/* most numbers written have one to four digits */
	if (v < 100) {
		if (v < 10) {
			buf[0] = (char)('0' + v);
			buf[1] = '\0';
			return 1;
		}
		memcpy(buf, pairs + 2 * v, 2);
		buf[2] = '\0';
		return 2;
	}
	if (v < 10000) {
		w = (uint32_t)v;
		r = w / 100;
		if (r < 10) {
			buf[0] = (char)('0' + r);
			memcpy(buf + 1, pairs + 2 * (w - r * 100), 2);
			buf[3] = '\0';
			return 3;
		}
		memcpy(buf, pairs + 2 * r, 2);
		memcpy(buf + 2, pairs + 2 * (w - r * 100), 2);
		buf[4] = '\0';
		return 4;
	}
	/* count the digits (from the bit length: 1233 / 4096 is just
	 * above log10(2)), then write them from the end, two at a time */
	n = (size_t)(((64 - __builtin_clzll(v | 1)) * 1233) >> 12);
	if (n < 20 && v >= pow10[n])
		n++;
	p = buf + n;
	*p = '\0';
	/* a pair a step, in 32 bits once the rest fits (most numbers do) */
	while (v > UINT32_MAX) {
		q = v / 100;
		p -= 2;
		memcpy(p, pairs + 2 * (v - q * 100), 2);
		v = q;
	}
	for (w = (uint32_t)v; w >= 100; w = r) {
		r = w / 100;
		p -= 2;
		memcpy(p, pairs + 2 * (w - r * 100), 2);
	}
	if (w >= 10)
		memcpy(p - 2, pairs + 2 * w, 2);
	else
		p[-1] = (char)('0' + w);
	return n;
}

size_t
util_fmt_u128(char *buf, fd_ns v)
{
	char		tmp[48];
	size_t		n, i;
	uint64_t	low;

	if (v <= UINT64_MAX)
		return util_fmt_u64(buf, (uint64_t)v);
	/* the 19 low digits, then the rest */
	low = (uint64_t)(v % 10000000000000000000ULL);
	n = util_fmt_u128(tmp, v / 10000000000000000000ULL);
	for (i = 19; i > 0; i--) {
		tmp[n + i - 1] = (char)('0' + low % 10);
		low /= 10;
	}
	n += 19;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return n;
}

/* The base64 digit of "v" (0-63), standard alphabet. */
#define B64(v)	((v) < 26 ? 'A' + (v) : (v) < 52 ? 'a' + (v) - 26 :	\
		 (v) < 62 ? '0' + (v) - 52 : (v) == 62 ? '+' : '/')

/* The two digits of every 12-bit value: two lookups per 3 bytes. */
static const char	b64pair[4096][2] = {
#define P(v)	{ B64((v) >> 6), B64((v) & 63) }
#define P8(v)	P(v), P(v + 1), P(v + 2), P(v + 3), P(v + 4), P(v + 5),	\
		P(v + 6), P(v + 7)
#define P64(v)	P8(v), P8(v + 8), P8(v + 16), P8(v + 24), P8(v + 32),	\
		P8(v + 40), P8(v + 48), P8(v + 56)
#define P512(v)	P64(v), P64(v + 64), P64(v + 128), P64(v + 192),	\
		P64(v + 256), P64(v + 320), P64(v + 384), P64(v + 448)
	P512(0), P512(512), P512(1024), P512(1536), P512(2048), P512(2560),
	P512(3072), P512(3584)
#undef P
#undef P8
#undef P64
#undef P512
};

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_B64_SSSE3	1

/*
 * Twelve bytes at a time into sixteen digits, with SSSE3's byte shuffle
 * (W. Mula and D. Lemire, "Faster Base64 Encoding and Decoding Using
 * AVX2 Instructions", 2018, in its 128-bit form): each 3 bytes spread
 * over a 32-bit lane, the four 6-bit values cut out with two multiplies,
 * then each value offset to its digit by range.  It reads 16 bytes for
 * every 12 it encodes, so it stops while 16 are left to read; return the
 * bytes encoded (a multiple of 12), their digits in "out".
 */
__attribute__((target("ssse3"))) static size_t
b64_ssse3(char *out, const uint8_t *in, size_t n)
{
	const __m128i	 spread = _mm_set_epi8(10, 11, 9, 10, 7, 8, 6, 7,
			    4, 5, 3, 4, 1, 2, 0, 1);
	const __m128i	 shift = _mm_setr_epi8('a' - 26, '0' - 52,
			    '0' - 52, '0' - 52, '0' - 52, '0' - 52,
			    '0' - 52, '0' - 52, '0' - 52, '0' - 52,
			    '0' - 52, '+' - 62, '/' - 63, 'A', 0, 0);
	__m128i		 x, hi, lo, v, r;
	size_t		 i;

	for (i = 0; i + 16 <= n; i += 12) {
		x = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(in + i)),
		    spread);
		/* values 0 and 2 of each lane, then 1 and 3 */
		hi = _mm_mulhi_epu16(_mm_and_si128(x,
		    _mm_set1_epi32(0x0fc0fc00)), _mm_set1_epi32(0x04000040));
		lo = _mm_mullo_epi16(_mm_and_si128(x,
		    _mm_set1_epi32(0x003f03f0)), _mm_set1_epi32(0x01000010));
		v = _mm_or_si128(hi, lo);
		/* 0-25 -> 13, 26-51 -> 0, 52-61 -> 1-10, 62 -> 11, 63 -> 12 */
		r = _mm_subs_epu8(v, _mm_set1_epi8(51));
		r = _mm_or_si128(r, _mm_and_si128(_mm_cmpgt_epi8(
		    _mm_set1_epi8(26), v), _mm_set1_epi8(13)));
		_mm_storeu_si128((__m128i *)(out + i / 3 * 4),
		    _mm_add_epi8(_mm_shuffle_epi8(shift, r), v));
	}
	return i;
}
#endif

size_t
util_base64(char *out, const uint8_t *in, size_t n, bool pad)
{
	size_t		 i = 0;
	uint64_t	 w;
	uint32_t	 v;
	char		*o = out;

#ifdef HAVE_B64_SSSE3
	if (n >= 16 && __builtin_cpu_supports("ssse3")) {
		i = b64_ssse3(out, in, n);
		o += i / 3 * 4;
	}
#endif
	/* six bytes (eight digits, one store) at a time, then three */
	for (; i + 6 <= n; i += 6) {
		if (i + 8 <= n) {
			/* one load of eight, big-endian, two dropped */
			memcpy(&w, in + i, 8);
			w = be64toh(w) >> 16;
		} else
			w = (uint64_t)in[i] << 40 | (uint64_t)in[i + 1] << 32 |
			    (uint64_t)in[i + 2] << 24 |
			    (uint64_t)in[i + 3] << 16 |
			    (uint64_t)in[i + 4] << 8 | in[i + 5];
		memcpy(o, b64pair[w >> 36], 2);
		memcpy(o + 2, b64pair[w >> 24 & 4095], 2);
		memcpy(o + 4, b64pair[w >> 12 & 4095], 2);
		memcpy(o + 6, b64pair[w & 4095], 2);
		o += 8;
	}
	for (; i + 3 <= n; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		memcpy(o, b64pair[v >> 12], 2);
		memcpy(o + 2, b64pair[v & 4095], 2);
		o += 4;
	}
	if (n - i == 1) {
		v = (uint32_t)in[i] << 4;
		memcpy(o, b64pair[v], 2);
		o += 2;
		if (pad) {
			*o++ = '=';
			*o++ = '=';
		}
	} else if (n - i == 2) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		memcpy(o, b64pair[v >> 12], 2);
		o[2] = b64pair[v >> 6 & 63][1];	/* [x][1] is x's digit */
		o += 3;
		if (pad)
			*o++ = '=';
	}
	*o = '\0';
	return (size_t)(o - out);
}

uint32_t
util_fnv1a(const uint8_t *p, size_t n)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

bool
util_utf8_valid(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp;
	int			 n, i;

	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			n = 1;
			cp = *p & 0x1f;
		} else if ((*p & 0xf0) == 0xe0) {
			n = 2;
			cp = *p & 0x0f;
		} else if ((*p & 0xf8) == 0xf0) {
			n = 3;
			cp = *p & 0x07;
		} else
			return false;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}

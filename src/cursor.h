/*
 * cursor.h -- a bounds-checked, read-only window onto captured bytes.
 *
 * Every read checks the bytes left first; a failed read leaves the
 * cursor unchanged.  This is the only code in flowdump that touches
 * packet bytes: decoders never cast packet pointers to structs.
 */
#ifndef FLOWDUMP_CURSOR_H
#define FLOWDUMP_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cursor {
	const uint8_t	*p;	/* next unread byte */
	size_t		 left;	/* captured bytes remaining */
};

static inline void
cur_init(struct cursor *c, const uint8_t *p, size_t caplen)
{
	c->p = p;
	c->left = caplen;
}

static inline bool
cur_get_u8(struct cursor *c, uint8_t *v)
{
	if (c->left < 1)
		return false;
	*v = c->p[0];
	c->p += 1;
	c->left -= 1;
	return true;
}

static inline bool
cur_get_be16(struct cursor *c, uint16_t *v)
{
	if (c->left < 2)
		return false;
	*v = (uint16_t)(c->p[0] << 8 | c->p[1]);
	c->p += 2;
	c->left -= 2;
	return true;
}

static inline bool
cur_get_be32(struct cursor *c, uint32_t *v)
{
	if (c->left < 4)
		return false;
	*v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 |
	    (uint32_t)c->p[2] << 8 | (uint32_t)c->p[3];
	c->p += 4;
	c->left -= 4;
	return true;
}

/* Little-endian 32-bit read (BSD null link headers). */
static inline bool
cur_get_le32(struct cursor *c, uint32_t *v)
{
	if (c->left < 4)
		return false;
	*v = (uint32_t)c->p[3] << 24 | (uint32_t)c->p[2] << 16 |
	    (uint32_t)c->p[1] << 8 | (uint32_t)c->p[0];
	c->p += 4;
	c->left -= 4;
	return true;
}

static inline bool
cur_get_bytes(struct cursor *c, uint8_t *dst, size_t n)
{
	if (c->left < n)
		return false;
	memcpy(dst, c->p, n);
	c->p += n;
	c->left -= n;
	return true;
}

static inline bool
cur_skip(struct cursor *c, size_t n)
{
	if (c->left < n)
		return false;
	c->p += n;
	c->left -= n;
	return true;
}

/*
 * Take the next "n" bytes as a view: a pointer to them, or NULL (the
 * cursor unchanged) if fewer are left.  The caller reads the view only
 * at offsets below "n", with view_be16() and view_be32(): a fixed-size
 * header is checked once rather than field by field.
 */
static inline const uint8_t *
cur_take(struct cursor *c, size_t n)
{
	const uint8_t	*v = c->p;

	if (c->left < n)
		return NULL;
	c->p += n;
	c->left -= n;
	return v;
}

static inline uint16_t
view_be16(const uint8_t *v, size_t off)
{
	return (uint16_t)(v[off] << 8 | v[off + 1]);
}

static inline uint32_t
view_be32(const uint8_t *v, size_t off)
{
	return (uint32_t)v[off] << 24 | (uint32_t)v[off + 1] << 16 |
	    (uint32_t)v[off + 2] << 8 | (uint32_t)v[off + 3];
}

/* Read the byte at "off" without moving the cursor. */
static inline bool
cur_peek_u8(const struct cursor *c, size_t off, uint8_t *v)
{
	if (c->left <= off)
		return false;
	*v = c->p[off];
	return true;
}

/* Shrink the window to at most "n" bytes (drops link-layer padding). */
static inline void
cur_limit(struct cursor *c, size_t n)
{
	if (c->left > n)
		c->left = n;
}

#endif /* FLOWDUMP_CURSOR_H */

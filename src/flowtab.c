/*
 * flowtab.c -- a chained hash table of flows in a slot pool.
 *
 * Slots are allocated in chunks that never move, so flow pointers stay
 * valid; links between flows are 32-bit slot numbers (FT_NIL: none).
 * Buckets are a power of two and double when the load passes 1.  A key
 * is packed as a 4-byte layout number (the index of its 17-byte header
 * and length in a table of distinct layouts) followed by its id bytes;
 * packed keys longer than FLOWTAB_KEY_INLINE are allocated apart and the
 * slot holds a pointer.  The creation list gives the record order of
 * the man page's "Flows"; the expiry buckets are doubly linked lists in the order flows
 * were filed.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "flowtab.h"
#include "util.h"

#define FT_NIL		UINT32_MAX
#define CHUNK_SHIFT	14		/* 16384 slots (2 MiB) a chunk */
#define CHUNK_SLOTS	((size_t)1 << CHUNK_SHIFT)
#define LAYOUT_LEN	(FLOWKEY_HDR_LEN + 1)	/* header and id length */

/*
 * A slot's place on its hash chain, kept apart from the slot: walking a
 * chain reads 8 bytes a flow from a dense array (which the cache holds
 * far better than 128-byte slots) and touches a slot only when the hash
 * matches.
 */
struct link {
	uint32_t	 next;		/* hash chain, or free list */
	uint32_t	 hash;		/* low bits of flowkey_hash() */
};

struct flowtab {
	struct flow	**chunks;
	struct link	**lchunks;	/* the slots' links, chunk by chunk */
	uint8_t		**xchunks;	/* the slots' extras, if any */
	size_t		  ext_size;	/* bytes of extras a slot, 0: none */
	size_t		  nchunks;
	uint32_t	  nslots;	/* slots handed out so far */
	uint32_t	  max_slots;	/* slots it may hand out */
	uint32_t	  free;		/* free slots, chained by link next */
	uint32_t	 *buckets;
	size_t		  nbuckets;	/* a power of two */
	size_t		  count;
	uint64_t	  next_seq;
	uint32_t	  chead, ctail;	/* creation order */
	uint32_t	  bhead[FLOWTAB_RING], btail[FLOWTAB_RING];
	size_t		  bcount[FLOWTAB_RING];
	size_t		  longkeys;	/* bytes of keys kept apart */
	/* distinct key layouts and an open-addressing index of them */
	uint8_t		 *layouts;	/* LAYOUT_LEN bytes each */
	uint32_t	  nlayouts, caplayouts;
	uint32_t	 *lindex;	/* layout number + 1, 0: empty */
	size_t		  nlindex;	/* a power of two */
	uint32_t	  last_layout;	/* the layout found last */
};

/*
 * Compare "n" bytes for equality, eight at a time, without a call; the
 * last eight overlap those before when "n" is not a multiple of 8.
 */
static inline bool
same_bytes(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint64_t	x, y;

	if (n < 8) {
		for (; n > 0; n--)
			if (*a++ != *b++)
				return false;
		return true;
	}
	for (; n > 8; n -= 8, a += 8, b += 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return false;
	}
	memcpy(&x, a + n - 8, 8);
	memcpy(&y, b + n - 8, 8);
	return x == y;
}

static inline struct flow *
slot(const struct flowtab *ft, uint32_t n)
{
	return &ft->chunks[n >> CHUNK_SHIFT][n & (CHUNK_SLOTS - 1)];
}

static inline struct link *
link_of(const struct flowtab *ft, uint32_t n)
{
	return &ft->lchunks[n >> CHUNK_SHIFT][n & (CHUNK_SLOTS - 1)];
}

static inline uint8_t *
ext_of(const struct flowtab *ft, uint32_t n)
{
	return ft->xchunks[n >> CHUNK_SHIFT] + (size_t)(n & (CHUNK_SLOTS - 1)) *
	    ft->ext_size;
}

/* The head of the hash chain that slot "n" is on. */
static inline uint32_t *
chain_head(const struct flowtab *ft, uint32_t n)
{
	return &ft->buckets[link_of(ft, n)->hash & (ft->nbuckets - 1)];
}

/*
 * The slot number of "f": its neighbour on the creation list knows it
 * (a flow alone on the list is its head).
 */
static uint32_t
slot_of(const struct flowtab *ft, const struct flow *f)
{
	if (f->cprev != FT_NIL)
		return slot(ft, f->cprev)->cnext;
	return ft->chead;
}

struct flowtab *
flowtab_new(size_t hint, size_t ext_size)
{
	struct flowtab	*ft;
	size_t		 n = 1024;

	while (n < hint && n < ((size_t)1 << 31))
		n <<= 1;
	ft = xcalloc(1, sizeof(*ft));
	ft->buckets = xmalloc(n * sizeof(*ft->buckets));
	memset(ft->buckets, 0xff, n * sizeof(*ft->buckets));
	ft->nbuckets = n;
	ft->ext_size = (ext_size + 15) & ~(size_t)15;
	ft->max_slots = FLOWTAB_MAX_FLOWS;
	ft->free = FT_NIL;
	ft->chead = ft->ctail = FT_NIL;
	memset(ft->bhead, 0xff, sizeof(ft->bhead));
	memset(ft->btail, 0xff, sizeof(ft->btail));
	ft->nlindex = 64;
	ft->lindex = xcalloc(ft->nlindex, sizeof(*ft->lindex));
	ft->last_layout = FT_NIL;
	return ft;
}

static uint8_t *
key_bytes(const struct flow *f)
{
	uint8_t	*p;

	if (f->keylen <= FLOWTAB_KEY_INLINE)
		return (uint8_t *)(uintptr_t)f->key;
	memcpy(&p, f->key, sizeof(p));
	return p;
}

/*
 * Free the keys kept apart and mark every slot free (keylen 0), in slot
 * order: a sequential pass, where the creation list would be a chase
 * from one random slot to the next.
 */
static void
free_keys(struct flowtab *ft)
{
	struct flow	*f;
	uint32_t	 n;

	for (n = 0; n < ft->nslots; n++) {
		f = slot(ft, n);
		if (f->keylen > FLOWTAB_KEY_INLINE)
			free(key_bytes(f));
		f->keylen = 0;
	}
	ft->longkeys = 0;
}

void
flowtab_free(struct flowtab *ft)
{
	size_t		 c;

	if (ft == NULL)
		return;
	free_keys(ft);
	for (c = 0; c < ft->nchunks; c++) {
		free(ft->chunks[c]);
		free(ft->lchunks[c]);
		if (ft->xchunks != NULL)
			free(ft->xchunks[c]);
	}
	free(ft->chunks);
	free(ft->lchunks);
	free(ft->xchunks);
	free(ft->buckets);
	free(ft->layouts);
	free(ft->lindex);
	free(ft);
}

/* A hash of a layout's 18 bytes: three loads and a multiply. */
static uint32_t
layout_hash(const uint8_t *l)
{
	uint64_t	a, b;
	uint16_t	c;

	memcpy(&a, l, 8);
	memcpy(&b, l + 8, 8);
	memcpy(&c, l + 16, 2);
	a ^= (b * 0x9e3779b97f4a7c15ULL) ^ c;
	a *= 0xff51afd7ed558ccdULL;
	return (uint32_t)(a >> 32);
}

static void
layout_index_add(struct flowtab *ft, uint32_t n)
{
	size_t	i = layout_hash(ft->layouts + (size_t)n * LAYOUT_LEN) &
	    (ft->nlindex - 1);

	while (ft->lindex[i] != 0)
		i = (i + 1) & (ft->nlindex - 1);
	ft->lindex[i] = n + 1;
}

/* The layout number of the header and length at "ident", or FT_NIL. */
static uint32_t
layout_find(const struct flowtab *ft, const uint8_t *ident)
{
	size_t		i;
	uint32_t	n;

	n = ft->last_layout;
	if (n != FT_NIL &&
	    same_bytes(ft->layouts + (size_t)n * LAYOUT_LEN, ident, LAYOUT_LEN))
		return n;
	for (i = layout_hash(ident) & (ft->nlindex - 1); ft->lindex[i] != 0;
	    i = (i + 1) & (ft->nlindex - 1)) {
		n = ft->lindex[i] - 1;
		if (same_bytes(ft->layouts + (size_t)n * LAYOUT_LEN, ident,
		    LAYOUT_LEN))
			return n;
	}
	return FT_NIL;
}

/* The layout number of the header and length at "ident", added if new. */
static uint32_t
layout_of(struct flowtab *ft, const uint8_t *ident)
{
	size_t		i;
	uint32_t	n;

	n = layout_find(ft, ident);
	if (n != FT_NIL)
		return ft->last_layout = n;
	if (ft->nlayouts == ft->caplayouts) {
		ft->caplayouts = ft->caplayouts ? 2 * ft->caplayouts : 16;
		ft->layouts = xrealloc(ft->layouts, ft->caplayouts,
		    LAYOUT_LEN);
	}
	n = ft->nlayouts++;
	memcpy(ft->layouts + (size_t)n * LAYOUT_LEN, ident, LAYOUT_LEN);
	if (2 * ft->nlayouts > ft->nlindex) {
		free(ft->lindex);
		ft->nlindex *= 2;
		ft->lindex = xcalloc(ft->nlindex, sizeof(*ft->lindex));
		for (i = 0; i < ft->nlayouts; i++)
			layout_index_add(ft, (uint32_t)i);
	} else
		layout_index_add(ft, n);
	return ft->last_layout = n;
}

static void
grow(struct flowtab *ft)
{
	struct link	*l;
	uint32_t	*nb, n, next;
	size_t		 nn = ft->nbuckets * 2, i, b;

	nb = xmalloc(nn * sizeof(*nb));
	memset(nb, 0xff, nn * sizeof(*nb));
	for (i = 0; i < ft->nbuckets; i++) {
		for (n = ft->buckets[i]; n != FT_NIL; n = next) {
			l = link_of(ft, n);
			next = l->next;
			b = l->hash & (nn - 1);
			l->next = nb[b];
			nb[b] = n;
		}
	}
	free(ft->buckets);
	ft->buckets = nb;
	ft->nbuckets = nn;
}

static uint32_t
slot_alloc(struct flowtab *ft)
{
	uint32_t	n;

	if (ft->free != FT_NIL) {
		n = ft->free;
		ft->free = link_of(ft, n)->next;
		/*
		 * The next flow made takes the next free slot, which a
		 * flow long gone left somewhere in the table: fetch its
		 * link and its two lines now.
		 */
		if (ft->free != FT_NIL) {
			__builtin_prefetch(link_of(ft, ft->free));
			__builtin_prefetch(slot(ft, ft->free), 1);
			__builtin_prefetch((const char *)slot(ft, ft->free) +
			    64, 1);
		}
		return n;
	}
	if (ft->nslots >= ft->max_slots)
		return FT_NIL;
	if ((ft->nslots & (CHUNK_SLOTS - 1)) == 0) {
		ft->chunks = xrealloc(ft->chunks, ft->nchunks + 1,
		    sizeof(*ft->chunks));
		ft->lchunks = xrealloc(ft->lchunks, ft->nchunks + 1,
		    sizeof(*ft->lchunks));
		/* on cache lines: a slot is two lines, not three */
		ft->chunks[ft->nchunks] = xmemalign(64, CHUNK_SLOTS *
		    sizeof(struct flow));
		ft->lchunks[ft->nchunks] = xmalloc(CHUNK_SLOTS *
		    sizeof(struct link));
		if (ft->ext_size > 0) {
			ft->xchunks = xrealloc(ft->xchunks, ft->nchunks + 1,
			    sizeof(*ft->xchunks));
			ft->xchunks[ft->nchunks] = xmemalign(64, CHUNK_SLOTS *
			    ft->ext_size);
		}
		ft->nchunks++;
	}
	return ft->nslots++;
}

static void
bucket_unlink(struct flowtab *ft, struct flow *f)
{
	unsigned	b = f->bucket;

	if (f->bprev != FT_NIL)
		slot(ft, f->bprev)->bnext = f->bnext;
	else
		ft->bhead[b] = f->bnext;
	if (f->bnext != FT_NIL)
		slot(ft, f->bnext)->bprev = f->bprev;
	else
		ft->btail[b] = f->bprev;
	ft->bcount[b]--;
}

static void
bucket_append(struct flowtab *ft, struct flow *f, uint32_t n, unsigned b)
{
	f->bucket = (uint8_t)b;
	f->bnext = FT_NIL;
	f->bprev = ft->btail[b];
	if (ft->btail[b] != FT_NIL)
		slot(ft, ft->btail[b])->bnext = n;
	else
		ft->bhead[b] = n;
	ft->btail[b] = n;
	ft->bcount[b]++;
}

/*
 * The slot holding the packed key of layout "layout" and id bytes "id"
 * ("idlen" bytes), or FT_NIL.
 */
static uint32_t
lookup(const struct flowtab *ft, uint32_t layout, const uint8_t *id,
    size_t idlen, uint32_t h)
{
	const struct link	*l;
	const struct flow	*f;
	const uint8_t		*kb;
	uint32_t		 n, fl;

	for (n = ft->buckets[h & (ft->nbuckets - 1)]; n != FT_NIL;
	    n = l->next) {
		l = link_of(ft, n);
		if (l->hash != h)
			continue;
		f = slot(ft, n);
		if (f->keylen != 4 + idlen)
			continue;
		kb = key_bytes(f);
		memcpy(&fl, kb, 4);
		if (fl == layout && same_bytes(kb + 4, id, idlen))
			return n;
	}
	return FT_NIL;
}

struct flow *
flowtab_find(const struct flowtab *ft, const uint8_t *ident, uint64_t hash)
{
	size_t		 idlen = ident[FLOWKEY_HDR_LEN];
	uint32_t	 n, layout;

	layout = layout_find(ft, ident);
	if (layout == FT_NIL)		/* an unknown layout: an unknown key */
		return NULL;
	n = lookup(ft, layout, ident + LAYOUT_LEN, idlen, (uint32_t)hash);
	return n == FT_NIL ? NULL : slot(ft, n);
}

bool
flowtab_live(const struct flowtab *ft, const struct flow *f)
{
	(void)ft;
	return f->keylen != 0;
}

void *
flowtab_ext(const struct flowtab *ft, const struct flow *f)
{
	if (ft->ext_size == 0)
		return NULL;
	return ext_of(ft, slot_of(ft, f));
}

void
flowtab_set_max(struct flowtab *ft, size_t n)
{
	ft->max_slots = n < FLOWTAB_MAX_FLOWS ? (uint32_t)n : FLOWTAB_MAX_FLOWS;
}

struct flow *
flowtab_get(struct flowtab *ft, const uint8_t *ident, uint64_t hash,
    uint64_t now_ns, unsigned bucket, int dir, bool *created, void **ext)
{
	uint8_t		*kb;
	struct flow	*f;
	uint32_t	 h = (uint32_t)hash, layout, n;
	size_t		 idlen = ident[FLOWKEY_HDR_LEN], plen = 4 + idlen, b;

	layout = layout_of(ft, ident);
	n = lookup(ft, layout, ident + LAYOUT_LEN, idlen, h);
	if (n != FT_NIL) {
		f = slot(ft, n);
		f->last_ns = now_ns;
		if (f->bucket != bucket) {
			bucket_unlink(ft, f);
			bucket_append(ft, f, n, bucket);
		}
		*created = false;
		if (ext != NULL)
			*ext = ft->ext_size > 0 ? ext_of(ft, n) : NULL;
		return f;
	}
	b = h & (ft->nbuckets - 1);

	if (ft->count >= ft->nbuckets) {
		grow(ft);
		b = h & (ft->nbuckets - 1);
	}
	if ((n = slot_alloc(ft)) == FT_NIL) {
		*created = false;
		return NULL;
	}
	f = slot(ft, n);
	util_zero(f, sizeof(*f));
	if (ft->ext_size > 0)
		memset(ext_of(ft, n), 0, ft->ext_size);
	f->keylen = (uint8_t)plen;
	if (plen <= FLOWTAB_KEY_INLINE)
		kb = f->key;
	else {
		kb = xmalloc(plen);
		memcpy(f->key, &kb, sizeof(kb));
		ft->longkeys += plen;
	}
	/*
	 * The id bytes, and after a short id what follows it in "ident"
	 * (never read), up to an inline key's room: a long key has more.
	 */
	_Static_assert(LAYOUT_LEN + FLOWTAB_KEY_INLINE - 4 <= FLOWKEY_IDENT_MAX,
	    "the copy stays in ident");
	memcpy(kb, &layout, 4);
	util_copy(kb + 4, ident + LAYOUT_LEN, idlen, FLOWTAB_KEY_INLINE - 4);
	link_of(ft, n)->hash = h;
	f->seq = ft->next_seq++;
	f->first_ns = now_ns;
	f->last_ns = now_ns;
	f->dir = (int8_t)dir;
	link_of(ft, n)->next = ft->buckets[b];
	ft->buckets[b] = n;
	f->cnext = FT_NIL;
	f->cprev = ft->ctail;
	if (ft->ctail != FT_NIL)
		slot(ft, ft->ctail)->cnext = n;
	else
		ft->chead = n;
	ft->ctail = n;
	bucket_append(ft, f, n, bucket);
	ft->count++;
	*created = true;
	if (ext != NULL)
		*ext = ft->ext_size > 0 ? ext_of(ft, n) : NULL;
	return f;
}

void
flowtab_prefetch_bucket(const struct flowtab *ft, uint64_t hash)
{
	__builtin_prefetch(&ft->buckets[(uint32_t)hash & (ft->nbuckets - 1)]);
}

void
flowtab_prefetch_flow(const struct flowtab *ft, uint64_t hash)
{
	uint32_t	 n = ft->buckets[(uint32_t)hash & (ft->nbuckets - 1)];
	const uint8_t	*x;
	size_t		 i;

	if (n != FT_NIL) {
		__builtin_prefetch(link_of(ft, n));
		__builtin_prefetch(slot(ft, n));
		/* the extras, which a field group reads for every packet */
		if (ft->ext_size > 0) {
			x = ext_of(ft, n);
			for (i = 0; i < ft->ext_size; i += 64)
				__builtin_prefetch(x + i);
		}
	}
}

const uint8_t *
flowtab_ident(const struct flowtab *ft, const struct flow *f, uint8_t *buf)
{
	const uint8_t	*kb = key_bytes(f);
	uint32_t	 layout;

	memcpy(&layout, kb, 4);
	memcpy(buf, ft->layouts + (size_t)layout * LAYOUT_LEN, LAYOUT_LEN);
	/* an inline key's room at least (see flowtab_get()) */
	util_copy(buf + LAYOUT_LEN, kb + 4, (size_t)f->keylen - 4,
	    FLOWTAB_KEY_INLINE - 4);
	return buf;
}

/*
 * Take "f" (slot "n") off its hash chain and the creation list and free
 * its slot; the caller deals with its expiry bucket.
 */
static void
unlink_free(struct flowtab *ft, struct flow *f, uint32_t n)
{
	struct link	*l = link_of(ft, n);
	uint32_t	*pp;

	for (pp = chain_head(ft, n); *pp != n; pp = &link_of(ft, *pp)->next)
		;
	*pp = l->next;
	if (f->cprev != FT_NIL)
		slot(ft, f->cprev)->cnext = f->cnext;
	else
		ft->chead = f->cnext;
	if (f->cnext != FT_NIL)
		slot(ft, f->cnext)->cprev = f->cprev;
	else
		ft->ctail = f->cprev;
	if (f->keylen > FLOWTAB_KEY_INLINE) {
		free(key_bytes(f));
		ft->longkeys -= f->keylen;
	}
	f->keylen = 0;			/* a free slot */
	l->next = ft->free;
	ft->free = n;
	ft->count--;
}

void
flowtab_remove(struct flowtab *ft, struct flow *f)
{
	bucket_unlink(ft, f);
	unlink_free(ft, f, slot_of(ft, f));
}

/* Flows flowtab_walk_next() fetches ahead of the one it hands out. */
#define WALK_AHEAD	6

/* Start fetching what a report of flow "n" reads. */
static void
prefetch_report(const struct flowtab *ft, uint32_t n)
{
	const struct flow	*f = slot(ft, n);
	const uint8_t		*x;
	size_t			 i;

	__builtin_prefetch(f);
	__builtin_prefetch((const uint8_t *)f + 64);
	if (ft->ext_size > 0) {
		x = ext_of(ft, n);
		for (i = 0; i < ft->ext_size; i += 64)
			__builtin_prefetch(x + i);
	}
}

/*
 * Move the walk's lead on one flow (whose slot was fetched when the lead
 * reached it, a call ago) and start fetching that one; false at the end.
 */
static bool
walk_lead(const struct flowtab *ft, struct flowtab_walk *w)
{
	if ((w->lead = slot(ft, w->lead)->cnext) == FT_NIL)
		return false;
	prefetch_report(ft, w->lead);
	return true;
}

void
flowtab_walk_start(const struct flowtab *ft, struct flowtab_walk *w)
{
	int	i;

	w->cur = w->lead = ft->chead;
	if (w->lead == FT_NIL)
		return;
	prefetch_report(ft, w->lead);
	for (i = 0; i < WALK_AHEAD; i++)
		if (!walk_lead(ft, w))
			break;
}

struct flow *
flowtab_walk_next(const struct flowtab *ft, struct flowtab_walk *w,
    void **ext)
{
	struct flow	*f;
	uint32_t	 n = w->cur;

	if (n == FT_NIL)
		return NULL;
	if (w->lead != FT_NIL)
		walk_lead(ft, w);
	f = slot(ft, n);
	w->cur = f->cnext;		/* before the caller removes "f" */
	*ext = ft->ext_size > 0 ? ext_of(ft, n) : NULL;
	return f;
}

void
flowtab_list_bucket(const struct flowtab *ft, unsigned bucket,
    struct flowtab_ref *out)
{
	const struct flow	*f;
	uint32_t		 n;

	for (n = ft->bhead[bucket]; n != FT_NIL; n = f->bnext) {
		f = slot(ft, n);
		/* the list and the number are on the second line; the
		 * report reads the first */
		__builtin_prefetch(f);
		out->seq = f->seq;
		out->n = n;
		out++;
	}
}

struct flow *
flowtab_ref_flow(const struct flowtab *ft, const struct flowtab_ref *r,
    void **ext)
{
	*ext = ft->ext_size > 0 ? ext_of(ft, r->n) : NULL;
	return slot(ft, r->n);
}

void
flowtab_ref_prefetch(const struct flowtab *ft, const struct flowtab_ref *r)
{
	prefetch_report(ft, r->n);
}

/* How far ahead flowtab_remove_bucket() fetches, step by step. */
#define REMOVE_LINK	16	/* the flow's link (its hash) */
#define REMOVE_NEAR	8	/* its hash bucket, its creation neighbours */
#define REMOVE_CHAIN	4	/* the links before it on its hash chain, */
				/* newer flows: two at most */

/*
 * Fetch the link of the flow after "m" on the hash chain, unless "m" is
 * the slot "n" being looked for (or the end); return that flow.
 */
static uint32_t
chain_step(const struct flowtab *ft, uint32_t m, uint32_t n)
{
	if (m == n || m == FT_NIL)
		return FT_NIL;
	__builtin_prefetch(link_of(ft, m));
	return m;
}

void
flowtab_remove_bucket(struct flowtab *ft, unsigned bucket,
    const struct flowtab_ref *refs, size_t n)
{
	const struct flow	*g;
	size_t			 i;
	uint32_t		 m, h;

	for (i = 0; i < n; i++) {
		if (i + REMOVE_LINK < n)
			__builtin_prefetch(link_of(ft, refs[i + REMOVE_LINK].n));
		if (i + REMOVE_NEAR < n) {
			/* the link came in a few flows ago; the slot's
			 * first line when the flow was reported */
			m = refs[i + REMOVE_NEAR].n;
			__builtin_prefetch(chain_head(ft, m));
			g = slot(ft, m);
			if (g->cprev != FT_NIL)
				__builtin_prefetch(slot(ft, g->cprev));
			if (g->cnext != FT_NIL)
				__builtin_prefetch(slot(ft, g->cnext));
		}
		if (i + REMOVE_CHAIN < n) {
			m = refs[i + REMOVE_CHAIN].n;
			(void)chain_step(ft, *chain_head(ft, m), m);
		}
		if (i + REMOVE_CHAIN / 2 < n) {
			m = refs[i + REMOVE_CHAIN / 2].n;
			h = chain_step(ft, *chain_head(ft, m), m);
			if (h != FT_NIL)
				(void)chain_step(ft, link_of(ft, h)->next, m);
		}
		unlink_free(ft, slot(ft, refs[i].n), refs[i].n);
	}
	ft->bhead[bucket] = ft->btail[bucket] = FT_NIL;
	ft->bcount[bucket] = 0;
}

void
flowtab_clear(struct flowtab *ft)
{
	uint32_t	n;

	free_keys(ft);
	memset(ft->buckets, 0xff, ft->nbuckets * sizeof(*ft->buckets));
	/* every slot handed out so far is free again, in order */
	for (n = 0; n < ft->nslots; n++)
		link_of(ft, n)->next = n + 1 < ft->nslots ? n + 1 : FT_NIL;
	ft->free = ft->nslots > 0 ? 0 : FT_NIL;
	ft->count = 0;
	ft->chead = ft->ctail = FT_NIL;
	memset(ft->bhead, 0xff, sizeof(ft->bhead));
	memset(ft->btail, 0xff, sizeof(ft->btail));
	memset(ft->bcount, 0, sizeof(ft->bcount));
}

struct flow *
flowtab_first(const struct flowtab *ft)
{
	return ft->chead == FT_NIL ? NULL : slot(ft, ft->chead);
}

struct flow *
flowtab_next(const struct flowtab *ft, const struct flow *f)
{
	return f->cnext == FT_NIL ? NULL : slot(ft, f->cnext);
}

struct flow *
flowtab_bfirst(const struct flowtab *ft, unsigned bucket)
{
	return ft->bhead[bucket] == FT_NIL ? NULL :
	    slot(ft, ft->bhead[bucket]);
}

struct flow *
flowtab_bnext(const struct flowtab *ft, const struct flow *f)
{
	return f->bnext == FT_NIL ? NULL : slot(ft, f->bnext);
}

size_t
flowtab_bcount(const struct flowtab *ft, unsigned bucket)
{
	return ft->bcount[bucket];
}

size_t
flowtab_count(const struct flowtab *ft)
{
	return ft->count;
}

size_t
flowtab_memory(const struct flowtab *ft)
{
	return ft->nchunks * CHUNK_SLOTS * (sizeof(struct flow) +
	    sizeof(struct link) + ft->ext_size) +
	    ft->nbuckets * sizeof(*ft->buckets) + ft->longkeys +
	    (size_t)ft->caplayouts * LAYOUT_LEN;
}

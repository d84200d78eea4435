/*
 * flowtab.c -- an open-addressing hash table of flows in a slot pool.
 *
 * Slots are allocated in chunks that never move, so flow pointers stay
 * valid; links between flows are 32-bit slot numbers (FT_NIL: none).
 * The index is a power-of-two array of (hash, slot) entries probed
 * linearly, which doubles when three quarters are taken; a removed
 * entry's place is filled by shifting the entries after it back
 * (Knuth's algorithm R), so no entry is ever marked deleted.  A key
 * is packed as a 4-byte layout number (the index of its 17-byte header
 * and length in a table of distinct layouts) followed by its id bytes;
 * packed keys longer than FLOWTAB_KEY_INLINE are allocated apart and the
 * slot holds a pointer.  The creation list gives the record order of
 * the man page's "Flows"; an expiry bucket is an array of slot numbers
 * (each flow knows its place, and a flow leaving takes the last one's
 * place), which a timeout check reads with its flows fetched ahead.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "flowtab.h"
#include "util.h"

#define FT_NIL		UINT32_MAX
#define CHUNK_SHIFT	14		/* 16384 slots (2 MiB) a chunk */
#define CHUNK_SLOTS	((size_t)1 << CHUNK_SHIFT)
#define STEP_SLOTS	((size_t)512)	/* mapped at once, ahead of use */
_Static_assert(CHUNK_SLOTS % STEP_SLOTS == 0, "a step within one chunk");
#define LAYOUT_LEN	(FLOWKEY_HDR_LEN + 1)	/* header and id length */

/*
 * The index's biggest size: its positions are taken from 32-bit hashes
 * (and it always keeps empty entries: FLOWTAB_MAX_FLOWS is less).
 */
#if SIZE_MAX > UINT32_MAX
#define TAB_MAX		((size_t)1 << 32)
#else
#define TAB_MAX		((size_t)1 << 31)	/* memory ends long before */
#endif

/*
 * An entry of the index: a probe reads 8 bytes a flow, eight to a cache
 * line, and touches a slot only when the hash matches.
 */
struct ent {
	uint32_t	 hash;		/* low bits of flowkey_hash() */
	uint32_t	 slot;		/* FT_NIL: an empty entry */
};

struct flowtab {
	struct flow	**chunks;
	uint8_t		**xchunks;	/* the slots' extras, if any */
	size_t		  ext_size;	/* bytes of extras a slot, 0: none */
	size_t		  nchunks;
	uint32_t	  nslots;	/* slots handed out since the start or */
					/* the last flowtab_clear() */
	uint32_t	  max_slots;	/* slots it may hand out */
	uint32_t	  free;		/* free slots, chained by cnext */
	struct ent	 *tab;		/* the index */
	size_t		  ntab;		/* a power of two, at most TAB_MAX */
	size_t		  count;
	uint64_t	  next_seq;
	uint32_t	  chead, ctail;	/* creation order */
	/* the expiry buckets: arrays of slot numbers, in no order */
	uint32_t	 *bslots[FLOWTAB_RING];
	size_t		  bcount[FLOWTAB_RING], bcap[FLOWTAB_RING];
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

static inline uint8_t *
ext_of(const struct flowtab *ft, uint32_t n)
{
	return ft->xchunks[n >> CHUNK_SHIFT] + (size_t)(n & (CHUNK_SLOTS - 1)) *
	    ft->ext_size;
}

/* Where a probe for hash "h" starts. */
static inline size_t
home(const struct flowtab *ft, uint32_t h)
{
	return h & (ft->ntab - 1);
}

/* The first empty entry of a probe for hash "h" in index "t" of "n". */
static size_t
free_entry(const struct ent *t, size_t n, uint32_t h)
{
	size_t	i;

	for (i = h & (n - 1); t[i].slot != FT_NIL; i = (i + 1) & (n - 1))
		;
	return i;
}

/* An index of "n" empty entries. */
static struct ent *
tab_new(size_t n)
{
	struct ent	*t = xmalloc(n * sizeof(*t));

	util_populate(t, n * sizeof(*t));
	memset(t, 0xff, n * sizeof(*t));
	return t;
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

	/* "hint" flows at most three quarters full */
	while (n / 4 * 3 < hint && n < TAB_MAX)
		n <<= 1;
	ft = xcalloc(1, sizeof(*ft));
	ft->tab = tab_new(n);
	ft->ntab = n;
	ft->ext_size = (ext_size + 15) & ~(size_t)15;
	ft->max_slots = FLOWTAB_MAX_FLOWS;
	ft->free = FT_NIL;
	ft->chead = ft->ctail = FT_NIL;
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
		if (ft->xchunks != NULL)
			free(ft->xchunks[c]);
	}
	free(ft->chunks);
	free(ft->xchunks);
	free(ft->tab);
	for (c = 0; c < FLOWTAB_RING; c++)
		free(ft->bslots[c]);
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

/* Double the index (the caller checked it may). */
static void
grow(struct flowtab *ft)
{
	struct ent	*old = ft->tab;
	size_t		 n = ft->ntab, i;

	ft->ntab = 2 * n;
	ft->tab = tab_new(ft->ntab);
	for (i = 0; i < n; i++)
		if (old[i].slot != FT_NIL)
			ft->tab[free_entry(ft->tab, ft->ntab, old[i].hash)] =
			    old[i];
	free(old);
}

static uint32_t
slot_alloc(struct flowtab *ft)
{
	uint32_t	n;

	if (ft->free != FT_NIL) {
		n = ft->free;
		ft->free = slot(ft, n)->cnext;
		/*
		 * The next flow made takes the next free slot, which a
		 * flow long gone left somewhere in the table: fetch its
		 * two lines now.
		 */
		if (ft->free != FT_NIL) {
			__builtin_prefetch(slot(ft, ft->free), 1);
			__builtin_prefetch((const char *)slot(ft, ft->free) +
			    64, 1);
		}
		return n;
	}
	if (ft->nslots >= ft->max_slots)
		return FT_NIL;
	/* after flowtab_clear(), the chunks made before are used again */
	if (ft->nslots == ft->nchunks * CHUNK_SLOTS) {
		ft->chunks = xrealloc(ft->chunks, ft->nchunks + 1,
		    sizeof(*ft->chunks));
		/* on cache lines: a slot is two lines, not three */
		ft->chunks[ft->nchunks] = xmemalign(64, CHUNK_SLOTS *
		    sizeof(struct flow));
		if (ft->ext_size > 0) {
			ft->xchunks = xrealloc(ft->xchunks, ft->nchunks + 1,
			    sizeof(*ft->xchunks));
			ft->xchunks[ft->nchunks] = xmemalign(64, CHUNK_SLOTS *
			    ft->ext_size);
		}
		ft->nchunks++;
	}
	/*
	 * Map the next slots in one call, not a page fault a page; a step
	 * at a time, so that a small capture does not map a whole chunk.
	 */
	if ((ft->nslots & (STEP_SLOTS - 1)) == 0) {
		util_populate(slot(ft, ft->nslots), STEP_SLOTS *
		    sizeof(struct flow));
		if (ft->ext_size > 0)
			util_populate(ext_of(ft, ft->nslots), STEP_SLOTS *
			    ft->ext_size);
	}
	return ft->nslots++;
}

/*
 * Take "f" (slot "n") out of its expiry bucket: the bucket's last flow
 * takes its place.
 */
static void
bucket_unlink(struct flowtab *ft, struct flow *f, uint32_t n)
{
	unsigned	b = f->bucket;
	uint32_t	last = ft->bslots[b][--ft->bcount[b]];

	if (last != n) {
		ft->bslots[b][f->bpos] = last;
		slot(ft, last)->bpos = f->bpos;
	}
}

static void
bucket_append(struct flowtab *ft, struct flow *f, uint32_t n, unsigned b)
{
	if (ft->bcount[b] == ft->bcap[b]) {
		ft->bcap[b] = ft->bcap[b] ? ft->bcap[b] + ft->bcap[b] / 4 :
		    256;
		ft->bslots[b] = xrealloc(ft->bslots[b], ft->bcap[b],
		    sizeof(*ft->bslots[b]));
	}
	f->bucket = (uint8_t)b;
	f->bpos = (uint32_t)ft->bcount[b];
	ft->bslots[b][ft->bcount[b]++] = n;
}

/*
 * The index entry of the flow with identity "ident", whose hash is "h",
 * with "*found" true; or, with "*found" false, the empty entry that
 * ends its probe.  A flow whose hash matches is compared on its layout's
 * bytes and its id bytes, so a packet of a known flow needs no layout
 * lookup.
 */
static size_t
probe(const struct flowtab *ft, const uint8_t *ident, uint32_t h,
    bool *found)
{
	const struct ent	*t = ft->tab;
	const struct flow	*f;
	const uint8_t		*kb;
	size_t			 mask = ft->ntab - 1, i;
	size_t			 idlen = ident[FLOWKEY_HDR_LEN];
	uint32_t		 fl;

	for (i = h & mask; t[i].slot != FT_NIL; i = (i + 1) & mask) {
		if (t[i].hash != h)
			continue;
		f = slot(ft, t[i].slot);
		if (f->keylen != 4 + idlen)
			continue;
		kb = key_bytes(f);
		memcpy(&fl, kb, 4);
		if (same_bytes(kb + 4, ident + LAYOUT_LEN, idlen) &&
		    same_bytes(ft->layouts + (size_t)fl * LAYOUT_LEN, ident,
		    LAYOUT_LEN)) {
			*found = true;
			return i;
		}
	}
	*found = false;
	return i;
}

struct flow *
flowtab_find(const struct flowtab *ft, const uint8_t *ident, uint64_t hash)
{
	size_t		 i;
	bool		 found;

	i = probe(ft, ident, (uint32_t)hash, &found);
	return found ? slot(ft, ft->tab[i].slot) : NULL;
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
	size_t		 idlen = ident[FLOWKEY_HDR_LEN], plen = 4 + idlen, i;
	bool		 found;

	i = probe(ft, ident, h, &found);
	if (found) {
		n = ft->tab[i].slot;
		f = slot(ft, n);
		f->last_ns = now_ns;
		if (f->bucket != bucket) {
			bucket_unlink(ft, f, n);
			bucket_append(ft, f, n, bucket);
		}
		*created = false;
		if (ext != NULL)
			*ext = ft->ext_size > 0 ? ext_of(ft, n) : NULL;
		return f;
	}
	if (ft->count >= ft->ntab / 4 * 3 && ft->ntab < TAB_MAX) {
		grow(ft);
		i = free_entry(ft->tab, ft->ntab, h);
	}
	if ((n = slot_alloc(ft)) == FT_NIL) {
		*created = false;
		return NULL;
	}
	layout = layout_of(ft, ident);
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
	f->hash = h;
	f->seq = ft->next_seq++;
	f->first_ns = now_ns;
	f->last_ns = now_ns;
	f->dir = (int8_t)dir;
	ft->tab[i].hash = h;
	ft->tab[i].slot = n;
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
flowtab_prefetch_index(const struct flowtab *ft, uint64_t hash)
{
	__builtin_prefetch(&ft->tab[home(ft, (uint32_t)hash)]);
}

/* Entries flowtab_prefetch_flow() reads at most: those already fetched. */
#define PREFETCH_PROBE	4

void
flowtab_prefetch_flow(const struct flowtab *ft, uint64_t hash)
{
	const struct ent	*t = ft->tab;
	const uint8_t		*x;
	uint32_t		 h = (uint32_t)hash, n = FT_NIL;
	size_t			 i, k;

	/* the first flow of that hash, among the first entries probed */
	for (i = home(ft, h), k = 0; k < PREFETCH_PROBE &&
	    t[i].slot != FT_NIL; i = (i + 1) & (ft->ntab - 1), k++)
		if (t[i].hash == h) {
			n = t[i].slot;
			break;
		}
	if (n != FT_NIL) {
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
 * Take the entry of slot "n", whose hash is "h", out of the index: the
 * entries after it that may move back (their probe starts at or before
 * the hole) fill it, until an empty entry.
 */
static void
tab_delete(struct flowtab *ft, uint32_t n, uint32_t h)
{
	struct ent	*t = ft->tab;
	size_t		 mask = ft->ntab - 1, i, j;

	for (i = h & mask; t[i].slot != n; i = (i + 1) & mask)
		;
	for (j = (i + 1) & mask; t[j].slot != FT_NIL; j = (j + 1) & mask)
		/* entry j is as far from its home as from the hole, or more */
		if (((j - home(ft, t[j].hash)) & mask) >= ((j - i) & mask)) {
			t[i] = t[j];
			i = j;
		}
	t[i].slot = FT_NIL;
}

/*
 * Take "f" (slot "n") out of the index and off the creation list and
 * free its slot; the caller deals with its expiry bucket.
 */
static void
unlink_free(struct flowtab *ft, struct flow *f, uint32_t n)
{
	tab_delete(ft, n, f->hash);
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
	f->cnext = ft->free;
	ft->free = n;
	ft->count--;
}

void
flowtab_remove(struct flowtab *ft, struct flow *f)
{
	uint32_t	n = slot_of(ft, f);

	bucket_unlink(ft, f, n);
	unlink_free(ft, f, n);
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

/* Flows flowtab_list_bucket() fetches ahead of the one it reads. */
#define LIST_AHEAD	16

void
flowtab_list_bucket(const struct flowtab *ft, unsigned bucket,
    struct flowtab_ref *out)
{
	const uint32_t		*b = ft->bslots[bucket];
	const struct flow	*f;
	size_t			 i, n = ft->bcount[bucket];

	for (i = 0; i < n; i++) {
		/* the number is on the second line; the report reads the
		 * first, later */
		if (i + LIST_AHEAD < n)
			__builtin_prefetch((const uint8_t *)slot(ft,
			    b[i + LIST_AHEAD]) + 64);
		f = slot(ft, b[i]);
		__builtin_prefetch(f);
		out[i].seq = f->seq;
		out[i].n = b[i];
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
#define REMOVE_HASH	16	/* the flow's second line (its hash) */
#define REMOVE_NEAR	8	/* its index entry, its creation neighbours */

void
flowtab_remove_bucket(struct flowtab *ft, unsigned bucket,
    const struct flowtab_ref *refs, size_t n)
{
	const struct flow	*g;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (i + REMOVE_HASH < n)
			__builtin_prefetch((const uint8_t *)slot(ft,
			    refs[i + REMOVE_HASH].n) + 64);
		if (i + REMOVE_NEAR < n) {
			/* the second line came in a few flows ago; the
			 * first when the flow was reported */
			g = slot(ft, refs[i + REMOVE_NEAR].n);
			__builtin_prefetch(&ft->tab[home(ft, g->hash)], 1);
			if (g->cprev != FT_NIL)
				__builtin_prefetch(slot(ft, g->cprev));
			if (g->cnext != FT_NIL)
				__builtin_prefetch(slot(ft, g->cnext));
		}
		unlink_free(ft, slot(ft, refs[i].n), refs[i].n);
	}
	ft->bcount[bucket] = 0;
}

void
flowtab_clear(struct flowtab *ft)
{
	free_keys(ft);
	memset(ft->tab, 0xff, ft->ntab * sizeof(*ft->tab));
	/* every slot handed out so far is handed out again, in order */
	ft->nslots = 0;
	ft->free = FT_NIL;
	ft->count = 0;
	ft->chead = ft->ctail = FT_NIL;
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
	return ft->bcount[bucket] == 0 ? NULL :
	    slot(ft, ft->bslots[bucket][0]);
}

struct flow *
flowtab_bnext(const struct flowtab *ft, const struct flow *f)
{
	return f->bpos + 1 >= ft->bcount[f->bucket] ? NULL :
	    slot(ft, ft->bslots[f->bucket][f->bpos + 1]);
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
	size_t	b, n = 0;

	for (b = 0; b < FLOWTAB_RING; b++)
		n += ft->bcap[b] * sizeof(*ft->bslots[b]);
	return n + ft->nchunks * CHUNK_SLOTS * (sizeof(struct flow) +
	    ft->ext_size) + ft->ntab * sizeof(*ft->tab) + ft->longkeys +
	    (size_t)ft->caplayouts * LAYOUT_LEN;
}

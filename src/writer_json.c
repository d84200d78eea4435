/*
 * writer_json.c -- the NDJSON emitter.
 *
 * A record's fields nest into objects by their dotted paths.  The text
 * between the values (keys, braces, commas) depends only on which fields
 * are present, so it is compiled once for each set of present fields (a
 * plan: literal text, a value, literal text, ...), and a record is
 * written by copying literals and formatting values.  Fixed fields (the
 * same in every record of a writer) are folded into the literal text.
 */
#include <config.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "writer_impl.h"

/* Plan slots to start with, and RH_* combinations remembered at most. */
#define PLAN_SLOTS	64
#define HAS_SLOTS	4096		/* a power of two */

void
json_init(struct json_plans *jp)
{
	memset(jp, 0, sizeof(*jp));
	jp->nslots = PLAN_SLOTS;
	jp->set = xcalloc(jp->nslots, sizeof(*jp->set));
	jp->first = xmalloc(jp->nslots * sizeof(*jp->first));
	memset(jp->first, 0xff, jp->nslots * sizeof(*jp->first));
	jp->has = xcalloc(HAS_SLOTS, sizeof(*jp->has));
	jp->has_first = xmalloc(HAS_SLOTS * sizeof(*jp->has_first));
	memset(jp->has_first, 0xff, HAS_SLOTS * sizeof(*jp->has_first));
}

void
json_free(struct json_plans *jp)
{
	free(jp->set);
	free(jp->first);
	free(jp->has);
	free(jp->has_first);
	free(jp->steps);
	free(jp->text);
}

static size_t
fset_hash(const struct fset *s)
{
	uint64_t	h = 0;
	size_t		i;

	for (i = 0; i < FIELDS_MAX / 64; i++)
		h = (h ^ s->w[i]) * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 32);
}

static bool
fset_eq(const struct fset *a, const struct fset *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static void
plan_text(struct json_plans *jp, const char *s, size_t n)
{
	/* OB_SLACK bytes of slack after the text, for json_emit()'s copies */
	if (jp->textlen + n + OB_SLACK > jp->textcap) {
		jp->textcap = 2 * (jp->textcap + n + OB_SLACK);
		jp->text = xrealloc(jp->text, jp->textcap, 1);
		memset(jp->text + jp->textlen, 0, jp->textcap - jp->textlen);
	}
	memcpy(jp->text + jp->textlen, s, n);
	jp->textlen += n;
}

static void
plan_step(struct json_plans *jp, size_t *lit_start,
    void (*put)(struct outbuf *, const struct rec *, int))
{
	struct plan_step	*st;

	if (jp->nsteps == jp->capsteps) {
		jp->capsteps = jp->capsteps ? 2 * jp->capsteps : 64;
		jp->steps = xrealloc(jp->steps, jp->capsteps,
		    sizeof(*jp->steps));
	}
	st = &jp->steps[jp->nsteps++];
	st->lit_off = (uint32_t)*lit_start;
	st->lit_len = (uint16_t)(jp->textlen - *lit_start);
	st->put = put;
	*lit_start = jp->textlen;
}

/*
 * Add the key of component "k" of field "i"'s path to a plan: a comma
 * unless it is the object's first member, then the name and "tail".
 */
static void
plan_key(struct writer *w, bool *first, size_t i, int k, const char *tail,
    size_t taillen)
{
	const struct field_path	*p = &w->paths[i];

	if (!*first)
		plan_text(&w->json, ",", 1);
	*first = false;
	plan_text(&w->json, "\"", 1);
	plan_text(&w->json, w->table[i].path + p->comp[k].off,
	    p->comp[k].len);
	plan_text(&w->json, tail, taillen);
}

/* Write the value of a fixed field into the plan's text. */
static void
plan_fixed(struct writer *w, size_t i)
{
	struct outbuf	ob;
	struct rec	rc;
	ptrdiff_t	start;

	/* a whole record keeps to the reserve, so this field does */
	ob_init(&ob, NULL, w->ob.reserve);
	start = ob_begin_record(&ob);
	memset(&rc, 0, sizeof(rc));
	rc.w = w;
	w->table[i].put(&ob, &rc, FMT_JSON);
	ob_end_record(&ob, start);
	plan_text(&w->json, ob.buf, ob.len);
	ob_free(&ob);
}

/*
 * Compile the NDJSON object of the fields present in "set": nest them
 * by their paths (the table is sorted, so an object opened for a prefix
 * is never reopened) and keep the text between values.  Return the
 * index of its first step.
 */
static int32_t
plan_build(struct writer *w, const struct fset *set)
{
	struct json_plans	*jp = &w->json;
	const struct field_path	*p;
	uint16_t		 open[PATH_DEPTH];
	size_t			 i, lit = jp->textlen;
	int32_t			 first_step = (int32_t)jp->nsteps;
	bool			 first[PATH_DEPTH + 1];
	int			 depth = 0, n, k;

	plan_text(jp, "{", 1);
	first[0] = true;
	for (i = 0; i < w->nfields; i++) {
		if (!(set->w[i / 64] & (UINT64_C(1) << (i % 64))))
			continue;
		p = &w->paths[i];
		n = p->ncomp - 1;		/* objects around the leaf */
		for (k = 0; k < depth && k < n; k++)
			if (p->comp[k].id != open[k])
				break;
		while (depth > k) {
			plan_text(jp, "}", 1);
			depth--;
		}
		while (depth < n) {
			plan_key(w, &first[depth], i, depth, "\":{", 3);
			open[depth] = p->comp[depth].id;
			first[++depth] = true;
		}
		plan_key(w, &first[depth], i, n, "\":", 2);
		if (w->table[i].fixed)
			plan_fixed(w, i);
		else
			plan_step(jp, &lit, w->table[i].put);
	}
	while (depth-- > 0)
		plan_text(jp, "}", 1);
	plan_text(jp, "}\n", 2);
	plan_step(jp, &lit, NULL);
	return first_step;
}

/* Double the plan table when it is half full. */
static void
plans_grow(struct json_plans *jp)
{
	struct fset	*set = jp->set;
	int32_t		*first = jp->first;
	size_t		 n = jp->nslots, i, j;

	jp->nslots *= 2;
	jp->set = xcalloc(jp->nslots, sizeof(*jp->set));
	jp->first = xmalloc(jp->nslots * sizeof(*jp->first));
	memset(jp->first, 0xff, jp->nslots * sizeof(*jp->first));
	for (i = 0; i < n; i++) {
		if (first[i] < 0)
			continue;
		for (j = fset_hash(&set[i]) & (jp->nslots - 1);
		    jp->first[j] >= 0; j = (j + 1) & (jp->nslots - 1))
			;
		jp->set[j] = set[i];
		jp->first[j] = first[i];
	}
	free(set);
	free(first);
}

/* The plan for the field set "set", compiled the first time it is met. */
static int32_t
plan_find(struct writer *w, const struct fset *set)
{
	struct json_plans	*jp = &w->json;
	size_t			 i;

	if (2 * (jp->n + 1) > jp->nslots)
		plans_grow(jp);
	for (i = fset_hash(set) & (jp->nslots - 1); jp->first[i] >= 0 &&
	    !fset_eq(&jp->set[i], set); i = (i + 1) & (jp->nslots - 1))
		;
	if (jp->first[i] < 0) {
		jp->set[i] = *set;
		jp->first[i] = plan_build(w, set);
		jp->n++;
	}
	return jp->first[i];
}

/*
 * The plan of a record that has "has": remembered for each combination
 * met (HAS_SLOTS / 2 of them at most; past that, found from the fields).
 */
static int32_t
plan_of(struct writer *w, const struct rec *rc)
{
	struct json_plans	*jp = &w->json;
	struct fset		 set;
	size_t			 i, slot;
	int32_t			 first;

	slot = (size_t)((rc->has * 0x9e3779b97f4a7c15ULL) >> 40) &
	    (HAS_SLOTS - 1);
	for (; jp->has_first[slot] >= 0; slot = (slot + 1) & (HAS_SLOTS - 1))
		if (jp->has[slot] == rc->has)
			return jp->has_first[slot];
	memset(&set, 0, sizeof(set));
	for (i = 0; i < w->nfields; i++)
		if (field_present(&w->table[i], rc))
			set.w[i / 64] |= UINT64_C(1) << (i % 64);
	first = plan_find(w, &set);		/* may move jp->steps */
	if (2 * (jp->nhas + 1) <= HAS_SLOTS) {
		jp->has[slot] = rc->has;
		jp->has_first[slot] = first;
		jp->nhas++;
	}
	return first;
}

/* One NDJSON object: the present fields, through the compiled plan. */
void
json_emit(struct writer *w, const struct rec *rc)
{
	struct json_plans	*jp = &w->json;
	const struct plan_step	*st;
	int32_t			 first = plan_of(w, rc);	/* may move */
								/* jp->steps */

	for (st = &jp->steps[first];; st++) {
		if (st->lit_len <= OB_SLACK) {
			/* a fixed-size copy: the text and buffer have slack */
			memcpy(w->ob.buf + w->ob.len, jp->text + st->lit_off,
			    OB_SLACK);
			w->ob.len += st->lit_len;
		} else
			ob_write(&w->ob, jp->text + st->lit_off, st->lit_len);
		if (st->put == NULL)		/* the end */
			break;
		st->put(&w->ob, rc, FMT_JSON);
	}
}

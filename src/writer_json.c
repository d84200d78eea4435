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

void
json_init(struct json_plans *jp, int rh_bits)
{
	memset(jp, 0, sizeof(*jp));
	memset(jp->first, 0xff, sizeof(jp->first));
	jp->of_has = xcalloc((size_t)1 << rh_bits, sizeof(*jp->of_has));
}

void
json_free(struct json_plans *jp)
{
	free(jp->of_has);
	free(jp->steps);
	free(jp->text);
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
plan_step(struct json_plans *jp, size_t *lit_start, uint8_t field)
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
	st->field = field;
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
 * Compile the NDJSON object of the fields present in "mask": nest them
 * by their paths (the table is sorted, so an object opened for a prefix
 * is never reopened) and keep the text between values.  Return the
 * index of its first step.
 */
static int32_t
plan_build(struct writer *w, uint64_t mask)
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
		if (!(mask & (UINT64_C(1) << i)))
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
			plan_step(jp, &lit, (uint8_t)i);
	}
	while (depth-- > 0)
		plan_text(jp, "}", 1);
	plan_text(jp, "}\n", 2);
	plan_step(jp, &lit, PLAN_END);
	return first_step;
}

/* The plan for "mask", compiled the first time it is met. */
static int32_t
plan_find(struct writer *w, uint64_t mask)
{
	struct json_plans	*jp = &w->json;
	size_t			 i = (size_t)((mask * 0x9e3779b97f4a7c15ULL) >>
	    56) & (PLAN_SLOTS - 1);

	while (jp->first[i] >= 0 && jp->mask[i] != mask)
		i = (i + 1) & (PLAN_SLOTS - 1);
	if (jp->first[i] < 0) {
		/* a schema has far fewer field combinations than this */
		assert(jp->n < PLAN_SLOTS / 2);
		jp->mask[i] = mask;
		jp->first[i] = plan_build(w, mask);
		jp->n++;
	}
	return jp->first[i];
}

/* One NDJSON object: the present fields, through the compiled plan. */
void
json_emit(struct writer *w, const struct rec *rc)
{
	struct json_plans	*jp = &w->json;
	const struct plan_step	*st;
	uint64_t		 mask = 0;
	size_t			 i;
	int32_t			 first;

	if ((first = jp->of_has[rc->has] - 1) < 0) {
		for (i = 0; i < w->nfields; i++)
			if (field_present(&w->table[i], rc))
				mask |= UINT64_C(1) << i;
		first = plan_find(w, mask);	/* may move jp->steps */
		jp->of_has[rc->has] = first + 1;
	}
	for (st = &jp->steps[first];; st++) {
		if (st->lit_len <= OB_SLACK) {
			/* a fixed-size copy: the text and buffer have slack */
			memcpy(w->ob.buf + w->ob.len, jp->text + st->lit_off,
			    OB_SLACK);
			w->ob.len += st->lit_len;
		} else
			ob_write(&w->ob, jp->text + st->lit_off, st->lit_len);
		if (st->field == PLAN_END)
			break;
		w->table[st->field].put(&w->ob, rc, FMT_JSON);
	}
}

/*
 * fragtab.c -- fragment table: a chained hash with a FIFO of entries in
 * insertion time order, so that expiry costs only what expires.
 *
 * Specification: the man page's "IP fragments".
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "fragtab.h"

#define NBUCKETS	4096	/* a power of two */
#define IDENT_LEN	38	/* v6, proto, id(4), src(16), dst(16) */

struct frag_entry {
	struct frag_entry	*hnext;
	struct frag_entry	*prev, *next;	/* FIFO, oldest first */
	fd_ns			 t_ns;
	uint8_t			 ident[IDENT_LEN];
	uint8_t			 nops;
	struct decode_op	 ops[DECODE_MAX_OPS];
};

struct fragtab {
	struct frag_entry	*buckets[NBUCKETS];
	struct frag_entry	*head, *tail;
	size_t			 count;
};

struct fragtab *
fragtab_new(void)
{
	return xcalloc(1, sizeof(struct fragtab));
}

void
fragtab_free(struct fragtab *ft)
{
	struct frag_entry	*e, *next;

	if (ft == NULL)
		return;
	for (e = ft->head; e != NULL; e = next) {
		next = e->next;
		free(e);
	}
	free(ft);
}

static void
make_ident(uint8_t *id, const struct pkt_info *pk)
{
	id[0] = pk->frag_v6;
	id[1] = pk->frag_proto;
	id[2] = (uint8_t)(pk->frag_id >> 24);
	id[3] = (uint8_t)(pk->frag_id >> 16);
	id[4] = (uint8_t)(pk->frag_id >> 8);
	id[5] = (uint8_t)pk->frag_id;
	memcpy(id + 6, pk->frag_src, 16);
	memcpy(id + 22, pk->frag_dst, 16);
}

static size_t
bucket_of(const uint8_t *id)
{
	return util_fnv1a(id, IDENT_LEN) & (NBUCKETS - 1);
}

static struct frag_entry *
find(struct fragtab *ft, const uint8_t *id, size_t b)
{
	struct frag_entry	*e;

	for (e = ft->buckets[b]; e != NULL; e = e->hnext)
		if (memcmp(e->ident, id, IDENT_LEN) == 0)
			return e;
	return NULL;
}

static void
drop(struct fragtab *ft, struct frag_entry *e)
{
	struct frag_entry	**pp;

	for (pp = &ft->buckets[bucket_of(e->ident)]; *pp != e;
	    pp = &(*pp)->hnext)
		;
	*pp = e->hnext;
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		ft->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		ft->tail = e->prev;
	ft->count--;
	free(e);
}

void
fragtab_put(struct fragtab *ft, const struct pkt_info *pk, fd_ns now_ns)
{
	struct frag_entry	*e;
	uint8_t			 id[IDENT_LEN];
	size_t			 b;

	make_ident(id, pk);
	b = bucket_of(id);
	e = find(ft, id, b);
	if (e != NULL)
		drop(ft, e);
	else if (ft->count == FRAGTAB_MAX)
		drop(ft, ft->head);
	e = xcalloc(1, sizeof(*e));
	memcpy(e->ident, id, IDENT_LEN);
	e->t_ns = now_ns;
	e->nops = pk->nops;
	memcpy(e->ops, pk->ops, sizeof(e->ops));
	e->hnext = ft->buckets[b];
	ft->buckets[b] = e;
	e->prev = ft->tail;
	if (ft->tail != NULL)
		ft->tail->next = e;
	else
		ft->head = e;
	ft->tail = e;
	ft->count++;
}

bool
fragtab_get(struct fragtab *ft, const struct pkt_info *pk, fd_ns now_ns,
    const struct decode_op **ops, size_t *nops)
{
	struct frag_entry	*e;
	uint8_t			 id[IDENT_LEN];

	make_ident(id, pk);
	e = find(ft, id, bucket_of(id));
	if (e == NULL || now_ns - e->t_ns > FRAGTAB_LIFE_NS)
		return false;
	*ops = e->ops;
	*nops = e->nops;
	return true;
}

void
fragtab_expire(struct fragtab *ft, fd_ns now_ns)
{
	while (ft->head != NULL && now_ns - ft->head->t_ns > FRAGTAB_LIFE_NS)
		drop(ft, ft->head);
}

size_t
fragtab_count(const struct fragtab *ft)
{
	return ft->count;
}

/*
 * flowtab.c -- a chained hash table of flows with two intrusive lists.
 *
 * Buckets are a power of two and double when the load passes 1.  The
 * creation list gives the record order of SPEC.md ("records follow the
 * order in which flow instances were created"); the last-seen list is
 * ordered by last_ns because packet time never goes backwards here.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "flowkey.h"
#include "flowtab.h"

struct flowtab {
	struct flow	**buckets;
	size_t		  nbuckets;	/* a power of two */
	size_t		  count;
	uint64_t	  next_seq;
	struct flow	 *chead, *ctail;	/* creation order */
	struct flow	 *lhead, *ltail;	/* last-seen order */
};

struct flowtab *
flowtab_new(size_t hint)
{
	struct flowtab	*ft;
	size_t		 n = 1024;

	while (n < hint && n < ((size_t)1 << 40))
		n <<= 1;
	ft = xcalloc(1, sizeof(*ft));
	ft->buckets = xcalloc(n, sizeof(*ft->buckets));
	ft->nbuckets = n;
	return ft;
}

void
flowtab_free(struct flowtab *ft)
{
	struct flow	*f, *next;

	if (ft == NULL)
		return;
	for (f = ft->chead; f != NULL; f = next) {
		next = f->cnext;
		free(f);
	}
	free(ft->buckets);
	free(ft);
}

static void
grow(struct flowtab *ft)
{
	struct flow	**nb, *f, *next;
	size_t		  n = ft->nbuckets * 2, i, b;

	nb = xcalloc(n, sizeof(*nb));
	for (i = 0; i < ft->nbuckets; i++) {
		for (f = ft->buckets[i]; f != NULL; f = next) {
			next = f->hnext;
			b = (size_t)f->hash & (n - 1);
			f->hnext = nb[b];
			nb[b] = f;
		}
	}
	free(ft->buckets);
	ft->buckets = nb;
	ft->nbuckets = n;
}

static void
lru_unlink(struct flowtab *ft, struct flow *f)
{
	if (f->lprev != NULL)
		f->lprev->lnext = f->lnext;
	else
		ft->lhead = f->lnext;
	if (f->lnext != NULL)
		f->lnext->lprev = f->lprev;
	else
		ft->ltail = f->lprev;
}

static void
lru_append(struct flowtab *ft, struct flow *f)
{
	f->lnext = NULL;
	f->lprev = ft->ltail;
	if (ft->ltail != NULL)
		ft->ltail->lnext = f;
	else
		ft->lhead = f;
	ft->ltail = f;
}

struct flow *
flowtab_get(struct flowtab *ft, const uint8_t *ident, uint64_t hash,
    fd_ns now_ns, int dir, bool *created)
{
	struct flow	*f;
	size_t		 len = flowkey_ident_len(ident), b;

	b = (size_t)hash & (ft->nbuckets - 1);
	for (f = ft->buckets[b]; f != NULL; f = f->hnext) {
		if (f->hash == hash && memcmp(f->key, ident, len) == 0) {
			f->last_ns = now_ns;
			if (ft->ltail != f) {
				lru_unlink(ft, f);
				lru_append(ft, f);
			}
			*created = false;
			return f;
		}
	}

	if (ft->count >= ft->nbuckets) {
		grow(ft);
		b = (size_t)hash & (ft->nbuckets - 1);
	}
	f = xmalloc(sizeof(*f) + len);
	memset(f, 0, sizeof(*f));
	memcpy(f->key, ident, len);
	f->hash = hash;
	f->seq = ft->next_seq++;
	f->first_ns = now_ns;
	f->last_ns = now_ns;
	f->dir = (int8_t)dir;
	f->hnext = ft->buckets[b];
	ft->buckets[b] = f;
	f->cprev = ft->ctail;
	if (ft->ctail != NULL)
		ft->ctail->cnext = f;
	else
		ft->chead = f;
	ft->ctail = f;
	lru_append(ft, f);
	ft->count++;
	*created = true;
	return f;
}

void
flowtab_remove(struct flowtab *ft, struct flow *f)
{
	struct flow	**pp;

	for (pp = &ft->buckets[(size_t)f->hash & (ft->nbuckets - 1)];
	    *pp != f; pp = &(*pp)->hnext)
		;
	*pp = f->hnext;
	if (f->cprev != NULL)
		f->cprev->cnext = f->cnext;
	else
		ft->chead = f->cnext;
	if (f->cnext != NULL)
		f->cnext->cprev = f->cprev;
	else
		ft->ctail = f->cprev;
	lru_unlink(ft, f);
	ft->count--;
	free(f);
}

struct flow *
flowtab_first(const struct flowtab *ft)
{
	return ft->chead;
}

struct flow *
flowtab_oldest(const struct flowtab *ft)
{
	return ft->lhead;
}

size_t
flowtab_count(const struct flowtab *ft)
{
	return ft->count;
}

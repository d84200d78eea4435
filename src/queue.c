/*
 * queue.c -- the single-producer, single-consumer ring of slots.
 *
 * The two counters are atomic: a side that cannot go on sleeps on a
 * condition variable, and is woken only if it sleeps, so a hand-off
 * between two busy threads makes no system call.
 */
#include <config.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "queue.h"
#include "util.h"

/* Slots start on cache lines, so the two threads never share one. */
#define QUEUE_ALIGN	64

struct queue {
	_Atomic uint64_t pub;		/* slots published so far */
	unsigned char	 pad1[QUEUE_ALIGN - sizeof(uint64_t)];
	_Atomic uint64_t rel;		/* slots released so far */
	unsigned char	 pad2[QUEUE_ALIGN - sizeof(uint64_t)];
	_Atomic bool	 prod_waits;	/* sleeps on can_fill */
	_Atomic bool	 cons_waits;	/* sleeps on can_take */
	_Atomic bool	 closed;	/* set under mu */
	_Atomic bool	 cancelled;	/* set under mu */
	pthread_mutex_t	 mu;
	pthread_cond_t	 can_fill;	/* producer waits for a free slot */
	pthread_cond_t	 can_take;	/* consumer waits for a full slot */
	unsigned char	*mem;
	size_t		 nslots, size;
	uint64_t	 batch;		/* wake a sleeper this many slots on */
};

struct queue *
queue_new(size_t nslots, size_t size)
{
	struct queue	*q;

	q = xmemalign(QUEUE_ALIGN, sizeof(*q));
	memset(q, 0, sizeof(*q));
	atomic_init(&q->pub, 0);
	atomic_init(&q->rel, 0);
	atomic_init(&q->prod_waits, false);
	atomic_init(&q->cons_waits, false);
	atomic_init(&q->closed, false);
	atomic_init(&q->cancelled, false);
	q->nslots = nslots;
	q->batch = nslots >= 4 ? nslots / 4 : 1;
	q->size = (size + QUEUE_ALIGN - 1) / QUEUE_ALIGN * QUEUE_ALIGN;
	q->mem = xmemalign(QUEUE_ALIGN, q->nslots * q->size);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->can_fill, NULL);
	pthread_cond_init(&q->can_take, NULL);
	return q;
}

void
queue_set_wake(struct queue *q, size_t n)
{
	q->batch = n < 1 ? 1 : n > q->nslots ? q->nslots : n;
}

void
queue_free(struct queue *q)
{
	if (q == NULL)
		return;
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->can_fill);
	pthread_cond_destroy(&q->can_take);
	free(q->mem);
	free(q);
}

static void *
slot(struct queue *q, uint64_t n)
{
	return q->mem + (size_t)(n % q->nslots) * q->size;
}

/* The producer may go on: a slot is free, or the consumer gave up. */
static bool
can_claim(struct queue *q)
{
	return atomic_load_explicit(&q->pub, memory_order_relaxed) -
	    atomic_load(&q->rel) < q->nslots || atomic_load(&q->cancelled);
}

/* The consumer may go on: a slot is full, or there will be no more. */
static bool
can_take(struct queue *q)
{
	return atomic_load(&q->pub) !=
	    atomic_load_explicit(&q->rel, memory_order_relaxed) ||
	    atomic_load(&q->closed);
}

/*
 * Wait until "ready" holds, sleeping on "cv" with "*waits" set.  The
 * other side stores its counter, then reads "*waits" (wake()); this
 * side stores "*waits", then reads the counter; all sequentially
 * consistent, so one of them sees the other's store and no wake-up is
 * lost.  (Spinning a while before sleeping made no measurable
 * difference, and it takes a core from the third thread of the pass.)
 */
static void
wait_for(struct queue *q, bool (*ready)(struct queue *), _Atomic bool *waits,
    pthread_cond_t *cv)
{
	if (ready(q))
		return;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		atomic_store(waits, true);
		if (ready(q))
			break;
		pthread_cond_wait(cv, &q->mu);
	}
	atomic_store(waits, false);
	pthread_mutex_unlock(&q->mu);
}

/*
 * Wake the other side if it sleeps on "cv" and "ready" (slots it may
 * take or fill) has come to a quarter of the ring: a sleeper then has
 * work for a while, and a pair of threads at the same pace does not
 * trade a wake-up (a system call each) for every slot.  A side sleeps
 * only on an empty (full) ring, which the other side fills (empties)
 * past a quarter before it can block itself, so no one sleeps forever.
 */
static void
wake(struct queue *q, uint64_t ready, _Atomic bool *waits, pthread_cond_t *cv)
{
	if (ready < q->batch || !atomic_load(waits))
		return;
	pthread_mutex_lock(&q->mu);
	pthread_cond_signal(cv);
	pthread_mutex_unlock(&q->mu);
}

void *
queue_claim(struct queue *q)
{
	wait_for(q, can_claim, &q->prod_waits, &q->can_fill);
	if (atomic_load(&q->cancelled))
		return NULL;
	return slot(q, atomic_load_explicit(&q->pub, memory_order_relaxed));
}

void
queue_publish(struct queue *q)
{
	uint64_t	pub = atomic_load_explicit(&q->pub,
			    memory_order_relaxed) + 1;

	atomic_store(&q->pub, pub);
	wake(q, pub - atomic_load(&q->rel), &q->cons_waits, &q->can_take);
}

void
queue_flush(struct queue *q)
{
	if (atomic_load(&q->pub) != atomic_load(&q->rel))
		wake(q, UINT64_MAX, &q->cons_waits, &q->can_take);
}

/* Set "flag" and wake the side that sleeps on "cv" (under the mutex, so
 * that a side about to sleep sees the flag first). */
static void
raise_flag(struct queue *q, _Atomic bool *flag, pthread_cond_t *cv)
{
	pthread_mutex_lock(&q->mu);
	atomic_store(flag, true);
	pthread_cond_signal(cv);
	pthread_mutex_unlock(&q->mu);
}

void
queue_close(struct queue *q)
{
	raise_flag(q, &q->closed, &q->can_take);
}

void *
queue_take(struct queue *q)
{
	uint64_t	rel;

	wait_for(q, can_take, &q->cons_waits, &q->can_take);
	rel = atomic_load_explicit(&q->rel, memory_order_relaxed);
	if (atomic_load(&q->pub) == rel)
		return NULL;	/* closed, and every slot taken */
	return slot(q, rel);
}

void
queue_release(struct queue *q)
{
	uint64_t	rel = atomic_load_explicit(&q->rel,
			    memory_order_relaxed) + 1;

	atomic_store(&q->rel, rel);
	wake(q, q->nslots - (atomic_load(&q->pub) - rel), &q->prod_waits,
	    &q->can_fill);
}

size_t
queue_backlog(struct queue *q)
{
	return (size_t)(atomic_load(&q->pub) - atomic_load(&q->rel));
}

void
queue_cancel(struct queue *q)
{
	raise_flag(q, &q->cancelled, &q->can_fill);
}

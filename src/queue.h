/*
 * queue.h -- a hand-off between two threads: a ring of fixed-size slots
 * that one producer fills and one consumer empties, in order.
 *
 * The producer claims an empty slot, fills it and publishes it; the
 * consumer takes the oldest published slot, reads it and releases it.
 * Either side blocks only when the ring is full (producer) or empty
 * (consumer), so a slot should hold a batch of work, not one item.  The
 * producer closes the queue when it has no more; the consumer may
 * cancel it to make the producer stop.  The queue owns the slots; a
 * slot pointer is valid from claim to publish (producer) or from take
 * to release (consumer).
 */
#ifndef FLOWDUMP_QUEUE_H
#define FLOWDUMP_QUEUE_H

#include <stddef.h>

struct queue;

/* Create a queue of "nslots" slots of "size" bytes each. */
struct queue	*queue_new(size_t nslots, size_t size);

/*
 * Wake a side asleep on an empty (full) ring once "n" slots (1 or more,
 * at most the ring's) are there to take (to fill), rather than a quarter
 * of the ring; before either side starts.
 */
void		 queue_set_wake(struct queue *q, size_t n);

/* Free the queue and its slots.  NULL is allowed. */
void		 queue_free(struct queue *q);

/*
 * Producer: an empty slot to fill, waiting for one if need be; NULL if
 * the consumer cancelled the queue.
 */
void		*queue_claim(struct queue *q);

/*
 * Producer: hand the claimed slot to the consumer.  A consumer asleep
 * on an empty ring is woken once a quarter of it is full (fewer system
 * calls; see queue_set_wake()); queue_flush() wakes it at once.
 */
void		 queue_publish(struct queue *q);

/* Producer: wake the consumer now if it sleeps (slots are waiting). */
void		 queue_flush(struct queue *q);

/* Producer: no more slots will be published. */
void		 queue_close(struct queue *q);

/*
 * Consumer: the oldest published slot, waiting for one if need be; NULL
 * once the queue is closed and every published slot has been taken.
 */
void		*queue_take(struct queue *q);

/* Consumer: give the taken slot back to the producer. */
void		 queue_release(struct queue *q);

/* Either side: slots published and not yet released (a snapshot). */
size_t		 queue_backlog(struct queue *q);

/* Consumer: make the producer stop (its claims return NULL). */
void		 queue_cancel(struct queue *q);

#endif /* FLOWDUMP_QUEUE_H */

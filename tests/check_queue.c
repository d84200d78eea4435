/*
 * check_queue.c -- the hand-off between two threads: order, blocking on
 * a full and an empty ring, close and cancel, when a sleeper wakes.
 */
#include <config.h>

#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "queue.h"
#include "testutil.h"

#define NSLOTS	3
#define NITEMS	20000

struct slot {
	uint64_t	seq;
	uint8_t		fill[200];	/* seq's low byte, to catch torn slots */
};

struct prod {
	struct queue	*q;
	uint64_t	 n;		/* slots to publish */
	uint64_t	 done;		/* published */
	useconds_t	 pause;		/* between slots */
};

static void *
producer(void *arg)
{
	struct prod	*p = arg;
	struct slot	*s;

	for (p->done = 0; p->done < p->n; p->done++) {
		if ((s = queue_claim(p->q)) == NULL)
			break;
		s->seq = p->done;
		memset(s->fill, (int)(p->done & 0xff), sizeof(s->fill));
		queue_publish(p->q);
		if (p->pause > 0)
			usleep(p->pause);
	}
	queue_close(p->q);
	return NULL;
}

/* Take every slot: in order, whole, then NULL once closed. */
static void
consume_all(struct prod *p, useconds_t pause)
{
	pthread_t	 t;
	struct slot	*s;
	uint64_t	 want = 0;
	size_t		 i;

	ck_assert_int_eq(pthread_create(&t, NULL, producer, p), 0);
	while ((s = queue_take(p->q)) != NULL) {
		ck_assert_uint_eq(s->seq, want);
		for (i = 0; i < sizeof(s->fill); i++)
			ck_assert_uint_eq(s->fill[i], want & 0xff);
		want++;
		queue_release(p->q);
		if (pause > 0)
			usleep(pause);
	}
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_uint_eq(want, p->n);
	ck_assert_uint_eq(p->done, p->n);
	ck_assert_ptr_null(queue_take(p->q));	/* and stays so */
}

/* Both sides busy: neither waits long, nothing lost or reordered. */
START_TEST(test_order)
{
	struct prod	p = { .n = NITEMS };

	p.q = queue_new(NSLOTS, sizeof(struct slot));
	consume_all(&p, 0);
	queue_free(p.q);
}
END_TEST

/* A slow consumer: the producer sleeps on a full ring and is woken. */
START_TEST(test_slow_consumer)
{
	struct prod	p = { .n = 200 };

	p.q = queue_new(NSLOTS, sizeof(struct slot));
	consume_all(&p, 200);
	queue_free(p.q);
}
END_TEST

/* A slow producer: the consumer sleeps on an empty ring and is woken. */
START_TEST(test_slow_producer)
{
	struct prod	p = { .n = 200, .pause = 200 };

	p.q = queue_new(NSLOTS, sizeof(struct slot));
	consume_all(&p, 0);
	queue_free(p.q);
}
END_TEST

/* Closed with nothing published: the consumer gets NULL at once. */
START_TEST(test_close_empty)
{
	struct queue	*q = queue_new(1, 8);

	queue_close(q);
	ck_assert_ptr_null(queue_take(q));
	queue_free(q);
	queue_free(NULL);
}
END_TEST

/*
 * A consumer that gives up: the producer, asleep on the full ring, is
 * woken and its claims fail from then on.
 */
START_TEST(test_cancel)
{
	struct prod	 p = { .n = NITEMS };
	pthread_t	 t;
	struct slot	*s;
	int		 i;

	p.q = queue_new(NSLOTS, sizeof(struct slot));
	ck_assert_int_eq(pthread_create(&t, NULL, producer, &p), 0);
	for (i = 0; i < 5; i++) {
		ck_assert_ptr_nonnull(s = queue_take(p.q));
		ck_assert_uint_eq(s->seq, (uint64_t)i);
		queue_release(p.q);
	}
	usleep(20000);		/* the producer fills the ring and sleeps */
	queue_cancel(p.q);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_uint_lt(p.done, NITEMS);
	ck_assert_uint_ge(p.done, 5);
	ck_assert_uint_le(p.done, 5 + NSLOTS);
	ck_assert_ptr_null(queue_claim(p.q));
	queue_free(p.q);
}
END_TEST

/* A consumer that counts what it takes, until the queue is closed. */
struct counter {
	struct queue	*q;
	_Atomic uint64_t taken;
};

static void *
count_all(void *arg)
{
	struct counter	*c = arg;

	while (queue_take(c->q) != NULL) {
		atomic_fetch_add(&c->taken, 1);
		queue_release(c->q);
	}
	return NULL;
}

/*
 * A consumer asleep on an empty ring wakes once as many slots as
 * queue_set_wake() says are there, not before (a flush or a close wakes
 * it at once); the number is kept to 1 .. the ring's size.
 */
START_TEST(test_wake)
{
	struct counter	 c;
	pthread_t	 t;
	int		 i;

	c.q = queue_new(16, sizeof(struct slot));
	queue_set_wake(c.q, 5);
	atomic_init(&c.taken, 0);
	ck_assert_int_eq(pthread_create(&t, NULL, count_all, &c), 0);
	usleep(50000);		/* it sleeps on the empty ring */
	for (i = 0; i < 4; i++) {
		ck_assert_ptr_nonnull(queue_claim(c.q));
		queue_publish(c.q);
	}
	usleep(50000);
	ck_assert_uint_eq(atomic_load(&c.taken), 0);
	ck_assert_ptr_nonnull(queue_claim(c.q));
	queue_publish(c.q);	/* the fifth wakes it */
	for (i = 0; i < 500 && atomic_load(&c.taken) < 5; i++)
		usleep(10000);
	ck_assert_uint_eq(atomic_load(&c.taken), 5);
	queue_close(c.q);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	queue_free(c.q);

	/* 0 counts as 1, more than the ring as the ring: nothing hangs */
	{
		struct prod	 p = { .n = NITEMS };

		p.q = queue_new(NSLOTS, sizeof(struct slot));
		queue_set_wake(p.q, 0);
		consume_all(&p, 0);
		queue_free(p.q);
		p.q = queue_new(NSLOTS, sizeof(struct slot));
		queue_set_wake(p.q, 1000);
		consume_all(&p, 0);
		queue_free(p.q);
	}
}
END_TEST

static Suite *
queue_suite(void)
{
	Suite	*s = suite_create("queue");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_slow_consumer);
	tcase_add_test(tc, test_slow_producer);
	tcase_add_test(tc, test_close_empty);
	tcase_add_test(tc, test_cancel);
	tcase_add_test(tc, test_wake);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(queue_suite());
}

/*
 * exitcode.h -- flowdump's exit statuses (sysexits.h values), in one
 * place.  The man page's EXIT STATUS section says when each is given
 * and which wins when several apply (main.c's exit_status()).
 */
#ifndef FLOWDUMP_EXITCODE_H
#define FLOWDUMP_EXITCODE_H

#define EXIT_USAGE	64	/* a bad option or operand */
#define EXIT_DATAERR	65	/* an input is damaged after its header */
#define EXIT_NOINPUT	66	/* an input cannot be opened or read */
#define EXIT_SOFTWARE	70	/* internal error: out of memory, ... */
#define EXIT_IOERR	74	/* write error on standard output */
#define EXIT_SIGINT	130	/* 128 + SIGINT */
#define EXIT_SIGTERM	143	/* 128 + SIGTERM */

#endif /* FLOWDUMP_EXITCODE_H */

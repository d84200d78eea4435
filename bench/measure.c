/*
 * measure.c -- run a command with its standard output on /dev/null and
 * print its wall time (seconds), peak resident memory (KiB) and CPU time
 * (user + system seconds, all threads).
 *
 *	measure COMMAND [ARG...]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec	a, b;
	struct rusage	ru;
	pid_t		pid;
	int		st, fd;

	if (argc < 2) {
		fprintf(stderr, "usage: measure COMMAND [ARG...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, STDOUT_FILENO);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (pid == -1 || wait4(pid, &st, 0, &ru) == -1) {
		perror("measure");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.3f %ld %.3f\n", (double)(b.tv_sec - a.tv_sec) +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e9, ru.ru_maxrss,
	    (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

/*
 * jsoncheck.c -- assertions on NDJSON records, for the shell tests.
 *
 *	jsoncheck FILE ASSERTION...
 *
 * Every line of FILE must be a JSON object.  Assertions:
 *	count=N			FILE has N records
 *	L:PATH=VALUE		record L (from 0) has VALUE at PATH
 *	L:!PATH			record L has nothing at PATH
 *	#PATH=VALUE=N		N records have VALUE at PATH
 *	--print=PATH,PATH...	print each record's values, tab-separated
 * PATH is dotted (source.stats.net_bytes_total).  A string value is
 * compared as it is, a number as an integer, a boolean as true/false,
 * an array as its elements joined by ';' (as in CSV), an absent value
 * as "(absent)" (empty with --print).
 * Exit 0 if every assertion holds; 1 with a message for each that fails.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static cJSON	**recs;
static size_t	  nrecs;

static const cJSON *
lookup(const cJSON *o, const char *path)
{
	char	buf[256], *p, *dot;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf; o != NULL && p != NULL; p = dot) {
		dot = strchr(p, '.');
		if (dot != NULL)
			*dot++ = '\0';
		o = cJSON_GetObjectItemCaseSensitive(o, p);
	}
	return o;
}

static void
render(const cJSON *v, char *out, size_t len)
{
	const cJSON	*e;
	size_t		 n;

	out[0] = '\0';
	if (v == NULL)
		snprintf(out, len, "(absent)");
	else if (cJSON_IsString(v))
		snprintf(out, len, "%s", v->valuestring);
	else if (cJSON_IsNumber(v))
		snprintf(out, len, "%.0f", v->valuedouble);
	else if (cJSON_IsTrue(v))
		snprintf(out, len, "true");
	else if (cJSON_IsFalse(v))
		snprintf(out, len, "false");
	else if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(e, v) {
			n = strlen(out);
			if (n > 0 && n + 1 < len)
				out[n++] = ';', out[n] = '\0';
			render(e, out + n, len - n);
		}
	} else
		snprintf(out, len, "(object)");
}

/* Print every record's values at the comma-separated "paths". */
static void
print(const char *paths)
{
	char	 list[4096], got[512], *p, *save = NULL;
	size_t	 i;
	bool	 first;

	for (i = 0; i < nrecs; i++) {
		snprintf(list, sizeof(list), "%s", paths);
		first = true;
		for (p = strtok_r(list, ",", &save); p != NULL;
		    p = strtok_r(NULL, ",", &save)) {
			const cJSON *v = lookup(recs[i], p);

			if (v == NULL)
				got[0] = '\0';
			else
				render(v, got, sizeof(got));
			printf("%s%s", first ? "" : "\t", got);
			first = false;
		}
		putchar('\n');
	}
}

static bool
check(const char *a)
{
	char		 path[256], want[512], got[512];
	const char	*eq, *colon;
	unsigned long	 line, n, i, hits = 0;

	if (strncmp(a, "count=", 6) == 0) {
		n = strtoul(a + 6, NULL, 10);
		if (n == nrecs)
			return true;
		printf("count: want %lu, got %zu\n", n, nrecs);
		return false;
	}
	if (a[0] == '#') {
		eq = strchr(a, '=');
		colon = strrchr(a, '=');
		if (eq == NULL || eq == colon)
			goto usage;
		snprintf(path, sizeof(path), "%.*s", (int)(eq - a - 1), a + 1);
		snprintf(want, sizeof(want), "%.*s", (int)(colon - eq - 1),
		    eq + 1);
		n = strtoul(colon + 1, NULL, 10);
		for (i = 0; i < nrecs; i++) {
			render(lookup(recs[i], path), got, sizeof(got));
			if (strcmp(got, want) == 0)
				hits++;
		}
		if (hits == n)
			return true;
		printf("%s: %lu records match, want %lu\n", a, hits, n);
		return false;
	}
	line = strtoul(a, (char **)&colon, 10);
	if (*colon != ':')
		goto usage;
	if (line >= nrecs) {
		printf("%s: no record %lu\n", a, line);
		return false;
	}
	if (colon[1] == '!') {
		if (lookup(recs[line], colon + 2) == NULL)
			return true;
		printf("%s: present\n", a);
		return false;
	}
	eq = strchr(colon, '=');
	if (eq == NULL)
		goto usage;
	snprintf(path, sizeof(path), "%.*s", (int)(eq - colon - 1), colon + 1);
	render(lookup(recs[line], path), got, sizeof(got));
	if (strcmp(got, eq + 1) == 0)
		return true;
	printf("%s: got %s\n", a, got);
	return false;
usage:
	printf("bad assertion: %s\n", a);
	return false;
}

int
main(int argc, char **argv)
{
	char	*line = NULL;
	size_t	 cap = 0, cr = 0;
	bool	 ok = true;
	FILE	*fp;
	int	 i;

	if (argc < 2) {
		fprintf(stderr, "usage: jsoncheck FILE ASSERTION...\n");
		return 2;
	}
	fp = fopen(argv[1], "r");
	if (fp == NULL) {
		perror(argv[1]);
		return 2;
	}
	while (getline(&line, &cap, fp) != -1) {
		if (nrecs == cr) {
			cr = cr ? 2 * cr : 64;
			recs = realloc(recs, cr * sizeof(*recs));
			if (recs == NULL)
				return 2;
		}
		recs[nrecs] = cJSON_Parse(line);
		if (!cJSON_IsObject(recs[nrecs])) {
			printf("record %zu is not a JSON object\n", nrecs);
			return 1;
		}
		nrecs++;
	}
	fclose(fp);
	free(line);
	for (i = 2; i < argc; i++) {
		if (strncmp(argv[i], "--print=", 8) == 0)
			print(argv[i] + 8);
		else if (!check(argv[i]))
			ok = false;
	}
	for (i = 0; (size_t)i < nrecs; i++)
		cJSON_Delete(recs[i]);
	free(recs);
	return ok ? 0 : 1;
}

/*
 * csvcheck.c -- a strict RFC 4180 reader, for the CSV tests.
 *
 *	csvcheck FILE [--print]
 *
 * FILE must be a header line and rows of exactly the header's number of
 * cells, each line ending in LF (no CR anywhere outside quotes).  A cell
 * is either bare (no '"', CR or LF) or quoted ('"' ... '"', with '"'
 * doubled inside) -- and quoted only if it holds ',', '"', CR or LF, as
 * the man page's "OUTPUT FORMAT" says.  Header names must be unique and non-empty.  With
 * --print, the rows' cells are printed unquoted, tab-separated.
 * Exit 0 if FILE is such a file; 1 with a message otherwise.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char	*text;
static size_t	 len, pos, line = 1;

static int
fail(const char *why)
{
	printf("line %zu: %s\n", line, why);
	return 1;
}

/*
 * Read one cell into "cell" (NUL-terminated); return 0 on success with
 * "*end" set to the character after it (',' or '\n').
 */
static int
read_cell(char *cell, size_t cap, char *end)
{
	size_t	n = 0;
	bool	special = false;

	if (pos < len && text[pos] == '"') {
		pos++;
		for (;;) {
			if (pos >= len)
				return fail("unterminated quoted cell");
			if (text[pos] == '"') {
				if (pos + 1 < len && text[pos + 1] == '"') {
					special = true;
					if (n + 1 < cap)
						cell[n++] = '"';
					pos += 2;
					continue;
				}
				pos++;
				break;
			}
			if (strchr(",\r\n", text[pos]) != NULL)
				special = true;
			if (text[pos] == '\n')
				line++;
			if (n + 1 < cap)
				cell[n++] = text[pos];
			pos++;
		}
		if (!special)
			return fail("quoted cell that needs no quotes");
	} else {
		while (pos < len && text[pos] != ',' && text[pos] != '\n') {
			if (text[pos] == '"' || text[pos] == '\r')
				return fail("'\"' or CR in a bare cell");
			if (n + 1 < cap)
				cell[n++] = text[pos];
			pos++;
		}
	}
	cell[n] = '\0';
	if (pos >= len)
		return fail("last line does not end in LF");
	if (text[pos] != ',' && text[pos] != '\n')
		return fail("garbage after a quoted cell");
	*end = text[pos++];
	return 0;
}

int
main(int argc, char **argv)
{
	char	 cell[65536], end, **names = NULL;
	size_t	 ncols = 0, n, rows = 0, i;
	bool	 printing = argc > 2 && strcmp(argv[2], "--print") == 0;
	FILE	*fp;
	long	 sz;

	if (argc < 2 || (fp = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: csvcheck FILE [--print]\n");
		return 2;
	}
	fseek(fp, 0, SEEK_END);
	sz = ftell(fp);
	rewind(fp);
	text = malloc((size_t)sz + 1);
	len = fread(text, 1, (size_t)sz, fp);
	fclose(fp);
	if (len == 0)
		return fail("empty: no header");
	do {
		if (read_cell(cell, sizeof(cell), &end) != 0)
			return 1;
		if (cell[0] == '\0')
			return fail("empty header name");
		for (i = 0; i < ncols; i++)
			if (strcmp(names[i], cell) == 0)
				return fail("header name twice");
		names = realloc(names, (ncols + 1) * sizeof(*names));
		names[ncols++] = strdup(cell);
	} while (end == ',');
	line++;
	while (pos < len) {
		n = 0;
		do {
			if (read_cell(cell, sizeof(cell), &end) != 0)
				return 1;
			if (printing)
				printf("%s%s", n > 0 ? "\t" : "", cell);
			n++;
		} while (end == ',');
		if (printing)
			putchar('\n');
		if (n != ncols) {
			printf("line %zu: %zu cells, header has %zu\n", line, n,
			    ncols);
			return 1;
		}
		rows++;
		line++;
	}
	if (!printing)
		printf("%zu columns, %zu rows\n", ncols, rows);
	for (i = 0; i < ncols; i++)
		free(names[i]);
	free(names);
	free(text);
	return 0;
}

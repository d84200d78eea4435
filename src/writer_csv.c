/*
 * writer_csv.c -- the CSV emitter: RFC 4180 with LF line ends, a header
 * line of the selected fields' dotted names, then one row a record with
 * an empty cell where a field is absent.  A cell is quoted only when it
 * holds ',', '"', CR or LF (only --name can); arrays are joined by ';'.
 */
#include <config.h>

#include "writer_impl.h"

void
csv_header(struct writer *w)
{
	size_t	i;

	for (i = 0; i < w->ncols; i++) {
		if (i > 0)
			ob_putc(&w->ob, ',');
		ob_puts(&w->ob, w->table[w->cols[i]].path);
	}
	ob_putc(&w->ob, '\n');
}

void
csv_emit(struct writer *w, const struct rec *rc)
{
	const struct field	*fl;
	size_t			 i;

	for (i = 0; i < w->ncols; i++) {
		if (i > 0)
			ob_putc(&w->ob, ',');
		fl = &w->table[w->cols[i]];
		if (field_present(fl, rc))
			fl->put(&w->ob, rc, FMT_CSV);
	}
	ob_putc(&w->ob, '\n');
}

/*
 * serve_pages.h — the HTML pages of `serve` (internal to the server).
 *
 * Every page is complete HTML that works without JavaScript; the script
 * (cc_serve_js) only makes results appear as the seller types and copies
 * links to the clipboard. Every value written is escaped with
 * cc_buf_add_html. The pages load nothing but /static/app.css and
 * /static/app.js.
 */
#ifndef CC_SERVE_PAGES_H
#define CC_SERVE_PAGES_H

#include <stdbool.h>

#include "buf.h"
#include "calendar.h"
#include "config.h"
#include "sales.h"

extern const char cc_serve_css[];
extern const char cc_serve_js[];

/* The search page (/, /search). */
void cc_page_search(struct cc_buf *out, const struct cc_config *cfg, const struct cc_sales *s,
		    const struct cc_sales_query *q, const struct cc_sales_result *r);

/* An asset page. next: "what to send next" (may be NULL); show_stale: the
 * seller asked to see an asset that is not offered. */
void cc_page_asset(struct cc_buf *out, const struct cc_config *cfg, const struct cc_sales *s,
		   const struct cc_sales_asset *a, const struct cc_sales_result *next, const char *next_stage,
		   bool show_stale, bool copied);

/* The buyer page: persona and stage pickers, the cell's assets, the next
 * stage's; for an empty cell, the nearest stage's best (near may be NULL). */
void cc_page_buyer(struct cc_buf *out, const struct cc_config *cfg, const struct cc_sales *s,
		   const char *const pick[CC_NVOCAB_FACETS], const struct cc_sales_result *now,
		   const struct cc_sales_result *next, const char *next_stage, const struct cc_sales_result *near,
		   const char *near_stage);

void cc_page_login(struct cc_buf *out, bool failed);

/*
 * The report's quarter picker, one line: a GET form to /report choosing
 * among the quarters the library's assets are published or due in, and
 * the current one (newest first), with shown selected. Works without
 * JavaScript; a labelled select and a button, so the keyboard reaches it.
 */
void cc_page_quarter_picker(struct cc_buf *out, const struct cc_config *cfg, const struct cc_sales *s,
			    const struct cc_quarter *shown, int64_t as_of);

/* A page for an error status: title and a sentence. */
void cc_page_error(struct cc_buf *out, int status, const char *title, const char *message);

#endif

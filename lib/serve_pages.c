/*
 * serve_pages.c — the HTML pages, stylesheet and script of `serve` (see
 * serve_pages.h).
 */
#include "serve_pages.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "render.h"
#include "serve_model.h"
#include "text.h"

const char cc_serve_css[] =
	":root{--ink:#1d2433;--muted:#5b6475;--line:#d8dde6;--bg:#f6f7f9;--accent:#1f5fbf;--ok:#1e7b3c;"
	"--warn:#a15c00;--bad:#b3261e;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink)}\n"
	"*{box-sizing:border-box}body{margin:0;background:var(--bg);line-height:1.45}\n"
	"a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,"
	"textarea:focus-visible{outline:3px solid #f0b400;outline-offset:2px}\n"
	"header.top{display:flex;align-items:center;gap:2rem;padding:.7rem 1.5rem;background:#14213d;color:#fff}\n"
	"header.top a{color:#fff;text-decoration:none}header.top .brand{font-weight:700;font-size:1.1rem}\n"
	"header.top nav{display:flex;gap:1.2rem}header.top nav a[aria-current]{text-decoration:underline}\n"
	"main{max-width:72rem;margin:0 auto;padding:1.2rem 1.5rem 3rem}\n"
	".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;color:#000;padding:.3rem}\n"
	".search-layout{display:grid;grid-template-columns:15rem 1fr;gap:1.2rem 2rem}\n"
	".bar{grid-column:1/-1;display:flex;gap:.5rem;flex-wrap:wrap}\n"
	".bar input[type=search]{flex:1 1 20rem;font-size:1.1rem;padding:.55rem .7rem;border:1px solid #9aa3b2;border-radius:6px}\n"
	"button,select{font:inherit;padding:.45rem .8rem;border:1px solid #9aa3b2;border-radius:6px;background:#fff}\n"
	"button.primary{background:var(--accent);color:#fff;border-color:var(--accent)}\n"
	"fieldset{border:0;margin:0 0 1rem;padding:0}legend{font-weight:600;margin-bottom:.3rem}\n"
	".facet label{display:flex;gap:.4rem;align-items:center;padding:.1rem 0}.facet .n{color:var(--muted);margin-left:auto}\n"
	".notice{background:#fff7e0;border:1px solid #e9c46a;padding:.5rem .8rem;border-radius:6px;margin:.5rem 0}\n"
	".notice.info{background:#eef4ff;border-color:#b8cdf5}.notice.bad{background:#fdecea;border-color:#f1a9a3}\n"
	".count{color:var(--muted);margin:.2rem 0 .8rem}.pages{display:flex;gap:1rem;margin:.5rem 0}\n"
	"ol.results{list-style:none;padding:0;margin:0}ol.results li{background:#fff;border:1px solid var(--line);"
	"border-radius:8px;padding:.8rem 1rem;margin-bottom:.7rem}\n"
	"ol.results h3{margin:0 0 .2rem;font-size:1.05rem}.meta{color:var(--muted);font-size:.9rem}\n"
	".snippet{margin:.3rem 0 0}mark{background:#fff0a8;color:inherit}\n"
	".badge{display:inline-block;font-size:.75rem;font-weight:600;padding:.05rem .45rem;border-radius:99px;"
	"border:1px solid currentColor;margin-left:.4rem;vertical-align:middle}\n"
	".badge.fresh{color:var(--ok)}.badge.stale,.badge.scheduled{color:var(--warn)}.badge.expired,"
	".badge.unpublished{color:var(--bad)}.badge.internal{color:#6b3fa0}\n"
	".badge.intent{color:#0b6e4f}\n"
	".tags{display:flex;flex-wrap:wrap;gap:.3rem;margin:.3rem 0}.tag{background:#e9edf5;border-radius:4px;"
	"padding:0 .4rem;font-size:.85rem}\n"
	".asset{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1.2rem 1.5rem}\n"
	".asset h1{margin-top:0}dl.facts{display:grid;grid-template-columns:9rem 1fr;gap:.3rem 1rem}dl.facts dt{color:var(--muted)}\n"
	"dl.facts dd{margin:0}.copy{display:flex;gap:.5rem;align-items:flex-start;margin:.4rem 0 1rem}\n"
	".copy input,.copy textarea{flex:1;font:inherit;padding:.45rem;border:1px solid #9aa3b2;border-radius:6px;background:#fafbfc}\n"
	".copy textarea{min-height:10rem}.status{color:var(--ok);min-width:5rem}\n"
	".pick{display:flex;gap:1rem;align-items:end;flex-wrap:wrap;margin-bottom:1rem}.pick label{display:flex;flex-direction:column}\n"
	"@media (max-width:48rem){.search-layout{grid-template-columns:1fr}}\n";

const char cc_serve_js[] =
	"'use strict';\n"
	"(function () {\n"
	"  var form = document.getElementById('search-form');\n"
	"  if (form) {\n"
	"    var q = form.querySelector('input[name=q]'), timer = null, settle = null, ctl = null;\n"
	"    /* instant=1: results while typing, not recorded as a search; the query\n"
	"       the seller settles on (1.5 s without typing) is. */\n"
	"    var run = function (record) {\n"
	"      var params = new URLSearchParams(new FormData(form));\n"
	"      var url = '/search?' + params.toString();\n"
	"      if (!record) params.set('instant', '1');\n"
	"      if (ctl) ctl.abort();\n"
	"      ctl = new AbortController();\n"
	"      fetch('/search?' + params.toString(), {credentials: 'same-origin', signal: ctl.signal}).then(function (r) {\n"
	"        return r.text();\n"
	"      }).then(function (html) {\n"
	"        var doc = new DOMParser().parseFromString(html, 'text/html');\n"
	"        ['facets', 'results'].forEach(function (id) {\n"
	"          var fresh = doc.getElementById(id), old = document.getElementById(id);\n"
	"          if (fresh && old) old.replaceWith(fresh);\n"
	"        });\n"
	"        history.replaceState(null, '', url);\n"
	"      }).catch(function (e) {\n"
	"        if (e.name !== 'AbortError') form.submit();\n"
	"      });\n"
	"    };\n"
	"    q.addEventListener('input', function () {\n"
	"      clearTimeout(timer);\n"
	"      clearTimeout(settle);\n"
	"      timer = setTimeout(function () { run(false); }, 150);\n"
	"      settle = setTimeout(function () { run(true); }, 1500);\n"
	"    });\n"
	"    form.addEventListener('change', function (e) {\n"
	"      if (e.target !== q) { clearTimeout(settle); run(true); }\n"
	"    });\n"
	"  }\n"
	"  var copyText = function (el) {\n"
	"    var text = el.value;\n"
	"    if (navigator.clipboard && window.isSecureContext)\n"
	"      return navigator.clipboard.writeText(text).catch(function () { el.select(); document.execCommand('copy'); });\n"
	"    el.select();\n"
	"    document.execCommand('copy');\n"
	"    return Promise.resolve();\n"
	"  };\n"
	"  document.addEventListener('submit', function (e) {\n"
	"    var f = e.target;\n"
	"    if (!f.classList || !f.classList.contains('copy-form')) return;\n"
	"    e.preventDefault();\n"
	"    var src = document.getElementById(f.getAttribute('data-copy'));\n"
	"    var status = f.querySelector('.status');\n"
	"    copyText(src).then(function () {\n"
	"      if (status) status.textContent = 'Copied';\n"
	"    });\n"
	"    fetch(f.action, {method: 'POST', credentials: 'same-origin',\n"
	"      body: new URLSearchParams(new FormData(f))}).catch(function () {});\n"
	"  });\n"
	"})();\n";

static void h(struct cc_buf *b, const char *s)
{
	cc_buf_add_html(b, s ? s : "");
}

/* A query-string value, percent-encoded. */
static void u(struct cc_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || *p == '.' || *p == '~')
			cc_buf_addch(b, *p);
		else
			cc_buf_addf(b, "%%%02X", *p);
	}
}

static void head(struct cc_buf *b, const char *title, const char *current)
{
	static const char *const nav[][2] = {{"/", "Search"}, {"/buyer", "For a buyer"}, {"/report", "Report"}};
	cc_buf_adds(b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
	h(b, title);
	cc_buf_adds(b, " · Content library</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
		       "<script src=\"/static/app.js\" defer></script></head>\n<body>"
		       "<a class=\"skip\" href=\"#main\">Skip to content</a>"
		       "<header class=\"top\"><a class=\"brand\" href=\"/\">Content library</a><nav aria-label=\"Main\">");
	for (size_t i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
		cc_buf_addf(b, "<a href=\"%s\"%s>%s</a>", nav[i][0],
			    current && !strcmp(current, nav[i][0]) ? " aria-current=\"page\"" : "", nav[i][1]);
	}
	cc_buf_adds(b, "</nav></header>\n<main id=\"main\">");
}

static void foot(struct cc_buf *b)
{
	cc_buf_adds(b, "</main></body></html>\n");
}

/* An intent asset (intent.h): how it is known, its figures in the title. */
static void intent_badge(struct cc_buf *b, const struct cc_intent *i)
{
	if (!i)
		return;
	struct cc_buf t = CC_BUF_INIT;
	cc_render_intent(&t, i, "");
	if (t.len && t.buf[t.len - 1] == '\n')
		t.buf[--t.len] = '\0';
	cc_buf_addf(b, "<span class=\"badge intent\" title=\"");
	h(b, t.buf);
	cc_buf_addf(b, "\">intent asset · %s</span>", cc_intent_label(i));
	cc_buf_release(&t);
}

static void badge(struct cc_buf *b, const struct cc_sales_asset *a)
{
	cc_buf_addf(b, "<span class=\"badge %s\"", a->verdict.badge);
	if (*a->verdict.reason) {
		cc_buf_adds(b, " title=\"");
		h(b, a->verdict.reason);
		cc_buf_adds(b, "\"");
	}
	cc_buf_addf(b, ">%s</span>", a->verdict.badge);
	if (a->internal)
		cc_buf_adds(b, "<span class=\"badge internal\">internal only</span>");
	intent_badge(b, a->row->intent);
}

static void tags(struct cc_buf *b, const struct cc_row *r)
{
	cc_buf_adds(b, "<div class=\"tags\">");
	for (int d = 0; d < CC_DIM_COUNT; d++)
		for (size_t i = 0; i < r->tags[d].n; i++) {
			cc_buf_addf(b, "<span class=\"tag\" title=\"%s\">", cc_dim_name((enum cc_dim)d));
			h(b, r->tags[d].v[i]);
			cc_buf_adds(b, "</span>");
		}
	if (*r->format) {
		cc_buf_adds(b, "<span class=\"tag\" title=\"format\">");
		h(b, r->format);
		cc_buf_adds(b, "</span>");
	}
	cc_buf_adds(b, "</div>");
}

/* "A, B and C", each escaped. */
static void names(struct cc_buf *b, const struct cc_strlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		cc_buf_adds(b, i == 0 ? "" : i + 1 == l->n ? " and " : ", ");
		h(b, l->v[i]);
	}
}

/* Who looks after the asset (owner) and who wrote it (authors), for the
 * card's meta line; nothing when neither is known. */
static void people(struct cc_buf *b, const struct cc_row *r)
{
	if (r->owners.n) {
		cc_buf_adds(b, " · <span class=\"owner\">owner ");
		names(b, &r->owners);
		cc_buf_adds(b, "</span>");
	}
	if (r->authors.n) {
		cc_buf_adds(b, " · <span class=\"authors\">by ");
		names(b, &r->authors);
		cc_buf_adds(b, "</span>");
	}
}

/* The snippet with its markers as <mark>, everything else escaped. */
static void snippet(struct cc_buf *b, const char *s)
{
	struct cc_buf part = CC_BUF_INIT;
	bool open = false;
	for (;; s++) {
		if (*s == '\x01' || *s == '\x02' || !*s) {
			struct cc_buf safe = CC_BUF_INIT;
			cc_buf_add_safe(&safe, part.buf, false);
			h(b, safe.buf);
			cc_buf_release(&safe);
			cc_buf_reset(&part);
			if (!*s)
				break;
			if (*s == '\x01' && !open)
				cc_buf_adds(b, "<mark>"), open = true;
			else if (*s == '\x02' && open)
				cc_buf_adds(b, "</mark>"), open = false;
		} else {
			cc_buf_addch(&part, *s);
		}
	}
	if (open)
		cc_buf_adds(b, "</mark>");
	cc_buf_release(&part);
}

static void result_item(struct cc_buf *b, const struct cc_sales_asset *a, const char *snip, bool stale_link)
{
	const struct cc_row *r = a->row;
	cc_buf_adds(b, "<li><h3><a href=\"/asset/");
	u(b, r->slug);
	if (stale_link)
		cc_buf_adds(b, "?stale=1");
	cc_buf_adds(b, "\">");
	h(b, r->title);
	cc_buf_adds(b, "</a>");
	badge(b, a);
	cc_buf_adds(b, "</h3><div class=\"meta\">");
	h(b, r->format);
	if (r->reading_minutes > 0)
		cc_buf_addf(b, " · %d min read", r->reading_minutes);
	people(b, r);
	if (a->verdict.offer != CC_SERVE_LIVE) {
		cc_buf_adds(b, " · <strong>Not for sending: ");
		h(b, a->verdict.reason);
		cc_buf_adds(b, "</strong>");
	}
	cc_buf_adds(b, "</div>");
	if (snip && *snip) {
		cc_buf_adds(b, "<p class=\"snippet\">");
		snippet(b, snip);
		cc_buf_adds(b, "</p>");
	} else if (*r->summary) {
		cc_buf_adds(b, "<p class=\"snippet\">");
		struct cc_buf safe = CC_BUF_INIT;
		cc_buf_add_safe(&safe, r->summary, false);
		h(b, safe.buf);
		cc_buf_release(&safe);
		cc_buf_adds(b, "</p>");
	}
	tags(b, r);
	cc_buf_adds(b, "</li>\n");
}

static void facet_list(struct cc_buf *b, const struct cc_sales_result *r, const char *word)
{
	bool any = false;
	for (int f = 0; f < CC_NFACETS; f++) {
		for (size_t i = 0; i < r->from_query[f].n; i++) {
			cc_buf_adds(b, any ? ", " : "");
			cc_buf_addf(b, "%s <strong>", cc_facet_name(f));
			h(b, r->from_query[f].v[i]);
			cc_buf_adds(b, "</strong>");
			any = true;
		}
	}
	(void)word;
}

/* Values listed per facet before "and N more". */
#define FACET_VALUES 12

void cc_page_search(struct cc_buf *out, const struct cc_config *cfg, const struct cc_sales *s,
		    const struct cc_sales_query *q, const struct cc_sales_result *r)
{
	const char *qs = q->q ? q->q : "";
	head(out, *qs ? qs : "Search", "/");
	cc_buf_adds(out, "<form id=\"search-form\" class=\"search-layout\" action=\"/search\" method=\"get\" role=\"search\">"
			 "<div class=\"bar\"><label for=\"q\" class=\"skip\">Search the library</label>"
			 "<input type=\"search\" id=\"q\" name=\"q\" autocomplete=\"off\" autofocus "
			 "placeholder=\"What do you need? e.g. cfo cloud costs, bofu security\" value=\"");
	h(out, qs);
	cc_buf_adds(out, "\"><label for=\"sort\" class=\"skip\">Sort by</label><select id=\"sort\" name=\"sort\">");
	for (int i = 0; cc_sales_sort_names[i]; i++)
		cc_buf_addf(out, "<option value=\"%s\"%s>Sort: %s</option>", cc_sales_sort_names[i],
			    (int)q->sort == i ? " selected" : "", cc_sales_sort_names[i]);
	cc_buf_adds(out, "</select><button class=\"primary\" type=\"submit\">Search</button></div>\n"
			 "<aside id=\"facets\" aria-label=\"Filters\">");
	for (int f = 0; f < CC_NFACETS; f++) {
		if (!r->nfacets[f])
			continue;
		cc_buf_addf(out, "<fieldset class=\"facet\"><legend>%c%s</legend>", cc_facet_name(f)[0] - 32,
			    cc_facet_name(f) + 1);
		/* The most frequent values, and every ticked one. */
		size_t shown = 0;
		for (size_t i = 0; i < r->nfacets[f]; i++) {
			const struct cc_facet_count *c = &r->facets[f][i];
			if (shown >= FACET_VALUES && !c->selected)
				continue;
			shown++;
			cc_buf_addf(out, "<label><input type=\"checkbox\" name=\"%s\" value=\"", cc_facet_name(f));
			h(out, c->value);
			cc_buf_addf(out, "\"%s> ", c->selected ? " checked" : "");
			h(out, c->value);
			cc_buf_addf(out, "<span class=\"n\">%zu</span></label>", c->count);
		}
		if (r->nfacets[f] > shown)
			cc_buf_addf(out, "<p class=\"meta\">and %zu more</p>", r->nfacets[f] - shown);
		cc_buf_adds(out, "</fieldset>");
	}
	cc_buf_addf(out, "<fieldset class=\"facet\"><legend>Also show</legend><label><input type=\"checkbox\" "
			 "name=\"stale\" value=\"1\"%s> stale, expired and unpublished</label></fieldset>",
		    q->include_stale ? " checked" : "");
	cc_buf_adds(out, "</aside>\n<section id=\"results\" aria-live=\"polite\"><h2 class=\"skip\">Results</h2>");
	bool named = false;
	for (int f = 0; f < CC_NFACETS; f++)
		named = named || r->from_query[f].n;
	if (named) {
		cc_buf_adds(out, "<p class=\"notice info\">Filtering on ");
		facet_list(out, r, qs);
		cc_buf_adds(out, " (named in your search).</p>");
	}
	if (r->fallback)
		cc_buf_adds(out, "<p class=\"notice\">No asset matches every word, so these match <em>some</em> of "
				 "them, best first.</p>");
	if (r->ignored.n) {
		cc_buf_adds(out, "<p class=\"meta\">Ignored common words: ");
		for (size_t i = 0; i < r->ignored.n; i++) {
			cc_buf_adds(out, i ? ", " : "");
			h(out, r->ignored.v[i]);
		}
		cc_buf_adds(out, ".</p>");
	}
	cc_buf_addf(out, "<p class=\"count\">%zu asset%s", r->total, r->total == 1 ? "" : "s");
	if (*r->normalised) {
		cc_buf_adds(out, " for “");
		h(out, r->normalised);
		cc_buf_adds(out, "”");
	}
	cc_buf_adds(out, "</p>");
	if (!r->total)
		cc_buf_adds(out, "<p class=\"notice bad\">Nothing to send for this yet. Try fewer words or untick a "
				 "filter; the editors see what sellers could not find.</p>");
	cc_buf_adds(out, "<ol class=\"results\">\n");
	for (size_t i = 0; i < r->n; i++)
		result_item(out, &s->a[r->v[i].asset], r->v[i].snippet, q->include_stale);
	cc_buf_adds(out, "</ol>");
	if (r->total > r->n) {
		long limit = q->limit > 0 ? q->limit : 20, page = q->offset / limit + 1;
		cc_buf_addf(out, "<nav class=\"pages\" aria-label=\"Pages\"><span>%ld–%ld of %zu</span>",
			    q->offset + (r->n ? 1 : 0), q->offset + (long)r->n, r->total);
		for (int dir = -1; dir <= 1; dir += 2) {
			long to = page + dir;
			if (to < 1 || (size_t)((to - 1) * limit) >= r->total)
				continue;
			cc_buf_adds(out, " <a href=\"/search?q=");
			u(out, qs);
			for (int f = 0; f < CC_NFACETS; f++)
				for (size_t i = 0; i < q->want[f].n; i++) {
					cc_buf_addf(out, "&amp;%s=", cc_facet_name(f));
					u(out, q->want[f].v[i]);
				}
			cc_buf_addf(out, "&amp;sort=%s%s&amp;page=%ld\"%s>%s</a>", cc_sales_sort_names[q->sort],
				    q->include_stale ? "&amp;stale=1" : "", to, dir > 0 ? " rel=\"next\"" : " rel=\"prev\"",
				    dir > 0 ? "Next page →" : "← Previous page");
		}
		cc_buf_adds(out, "</nav>");
	}
	if (r->withheld && !q->include_stale)
		cc_buf_addf(out, "<p class=\"meta\">%zu more match%s but %s stale, expired or not published: tick "
				 "<em>Also show</em> to see %s, marked.</p>",
			    r->withheld, r->withheld == 1 ? "es" : "", r->withheld == 1 ? "is" : "are",
			    r->withheld == 1 ? "it" : "them");
	cc_buf_adds(out, "</section></form>");
	foot(out);
	(void)cfg;
}

static void copy_box(struct cc_buf *b, const char *id, const char *label, const char *value, bool area,
		     const char *slug, const char *kind)
{
	cc_buf_addf(b, "<label for=\"%s\"><strong>%s</strong></label><form class=\"copy copy-form\" method=\"post\" "
		       "action=\"/activity/share\" data-copy=\"%s\">", id, label, id);
	if (area) {
		cc_buf_addf(b, "<textarea id=\"%s\" readonly>", id);
		h(b, value);
		cc_buf_adds(b, "</textarea>");
	} else {
		cc_buf_addf(b, "<input id=\"%s\" type=\"text\" readonly value=\"", id);
		h(b, value);
		cc_buf_adds(b, "\">");
	}
	cc_buf_adds(b, "<input type=\"hidden\" name=\"slug\" value=\"");
	h(b, slug);
	cc_buf_addf(b, "\"><input type=\"hidden\" name=\"kind\" value=\"%s\"><button type=\"submit\">Copy</button>"
		       "<span class=\"status\" role=\"status\"></span></form>", kind);
}

static void day_text(struct cc_buf *b, int64_t d)
{
	char s[11];
	if (d == CC_NO_DAY) {
		cc_buf_adds(b, "none");
		return;
	}
	cc_day_format(s, d);
	cc_buf_adds(b, s);
}

static void result_list(struct cc_buf *b, const struct cc_sales *s, const struct cc_sales_result *r, size_t skip_asset)
{
	cc_buf_adds(b, "<ol class=\"results\">\n");
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].asset != skip_asset)
			result_item(b, &s->a[r->v[i].asset], NULL, false);
	cc_buf_adds(b, "</ol>");
}

void cc_page_asset(struct cc_buf *out, const struct cc_config *cfg, const struct cc_sales *s,
		   const struct cc_sales_asset *a, const struct cc_sales_result *next, const char *next_stage,
		   bool show_stale, bool copied)
{
	const struct cc_row *r = a->row;
	struct cc_buf link = CC_BUF_INIT, blurb = CC_BUF_INIT, safe = CC_BUF_INIT;
	bool offered = a->verdict.offer == CC_SERVE_LIVE;
	bool shareable = !a->internal && *r->url &&
			 (offered || (show_stale && a->verdict.offer == CC_SERVE_STALE));

	head(out, r->title, NULL);
	cc_buf_adds(out, "<article class=\"asset\"><h1>");
	h(out, r->title);
	badge(out, a);
	cc_buf_adds(out, "</h1>");
	if (!offered) {
		cc_buf_adds(out, "<p class=\"notice bad\"><strong>Not for sending:</strong> ");
		h(out, a->verdict.reason);
		cc_buf_adds(out, a->verdict.offer == CC_SERVE_STALE
					 ? ". Check with the content team before you send it.</p>"
					 : ". It is not offered to buyers.</p>");
	}
	if (*r->summary) {
		cc_buf_add_safe(&safe, r->summary, false);
		cc_buf_adds(out, "<p>");
		h(out, safe.buf);
		cc_buf_adds(out, "</p>");
	}
	tags(out, r);
	cc_buf_adds(out, "<dl class=\"facts\"><dt>Freshness</dt><dd>");
	cc_buf_addf(out, "%s", a->verdict.badge);
	if (*a->verdict.reason) {
		cc_buf_adds(out, ": ");
		h(out, a->verdict.reason);
	}
	cc_buf_adds(out, "</dd><dt>Review by</dt><dd>");
	day_text(out, a->verdict.review_by);
	cc_buf_adds(out, "</dd><dt>Last updated</dt><dd>");
	day_text(out, a->verdict.updated);
	cc_buf_adds(out, "</dd><dt>Owner</dt><dd class=\"owner\">");
	if (r->owners.n)
		names(out, &r->owners);
	else
		cc_buf_adds(out, "none named");
	cc_buf_adds(out, "</dd><dt>Authors</dt><dd class=\"authors\">");
	if (r->authors.n)
		names(out, &r->authors);
	else
		cc_buf_adds(out, "none named");
	cc_buf_adds(out, "</dd><dt>Public page</dt><dd>");
	if (*r->url && offered) {
		cc_buf_adds(out, "<a href=\"");
		h(out, r->url);
		cc_buf_adds(out, "\" rel=\"noopener noreferrer\">");
		h(out, r->url);
		cc_buf_adds(out, "</a>");
	} else if (*r->url) {
		h(out, r->url);
	} else {
		cc_buf_adds(out, "none");
	}
	cc_buf_addf(out, "</dd><dt>Format</dt><dd>");
	h(out, r->format);
	if (r->reading_minutes > 0)
		cc_buf_addf(out, ", %d min read", r->reading_minutes);
	cc_buf_adds(out, "</dd></dl>");
	cc_buf_adds(out, "<h2 id=\"share\">Share</h2>");
	if (a->internal) {
		cc_buf_adds(out, "<p class=\"notice\">Internal only: for your own preparation, not for buyers. "
				 "There is no share link.</p>");
	} else if (!*r->url) {
		cc_buf_adds(out, "<p class=\"notice\">This asset has no public page, so there is no share link.</p>");
	} else if (!shareable) {
		cc_buf_adds(out, "<p class=\"notice bad\">No share link: this asset is not offered to buyers.</p>");
	} else {
		if (!offered)
			cc_buf_adds(out, "<p class=\"notice bad\">You asked to see a stale asset: check it before you send "
					 "this link.</p>");
		if (copied)
			cc_buf_adds(out, "<p class=\"notice info\" role=\"status\">Recorded. Select the link and copy it.</p>");
		cc_serve_share_link(&link, cfg, r);
		copy_box(out, "share-link", "Share link", link.buf, false, r->slug, "link");
		cc_buf_add(&blurb, safe.len ? "" : "", 0);
		cc_buf_adds(&blurb, r->title);
		cc_buf_adds(&blurb, "\n\n");
		if (safe.len) {
			cc_buf_add(&blurb, safe.buf, safe.len);
			cc_buf_adds(&blurb, "\n\n");
		}
		cc_buf_add(&blurb, link.buf, link.len);
		copy_box(out, "email-blurb", "Email blurb", blurb.buf, true, r->slug, "email");
	}
	cc_buf_adds(out, "<h2>What to send next</h2>");
	if (!next_stage) {
		cc_buf_adds(out, "<p>This is the last stage of the funnel: nothing comes after it.</p>");
	} else if (!next || !next->n || (next->n == 1 && &s->a[next->v[0].asset] == a)) {
		cc_buf_addf(out, "<p class=\"notice\">Nothing offered yet for the same buyer at <strong>");
		h(out, next_stage);
		cc_buf_adds(out, "</strong>: a gap the editors should hear about.</p>");
	} else {
		cc_buf_adds(out, "<p>The best assets for the same buyer at <strong>");
		h(out, next_stage);
		cc_buf_adds(out, "</strong>:</p>");
		result_list(out, s, next, (size_t)(a - s->a));
	}
	cc_buf_adds(out, "</article>");
	foot(out);
	cc_buf_release(&link);
	cc_buf_release(&blurb);
	cc_buf_release(&safe);
}

static void vocab_select(struct cc_buf *b, const char *name, const struct cc_vocab *v, const char *current)
{
	cc_buf_addf(b, "<label>%c%s<select name=\"%s\"><option value=\"\">choose…</option>", name[0] - 32, name + 1,
		    name);
	for (size_t i = 0; i < v->n; i++) {
		cc_buf_adds(b, "<option value=\"");
		h(b, v->v[i].name);
		cc_buf_addf(b, "\"%s>", current && !strcmp(current, v->v[i].name) ? " selected" : "");
		h(b, v->v[i].name);
		cc_buf_adds(b, "</option>");
	}
	cc_buf_adds(b, "</select></label>");
}

/* " for cfo at decision on cloud as whitepaper": the buyer's pick, escaped. */
static void pick_text(struct cc_buf *b, const char *const pick[CC_NVOCAB_FACETS], const char *stage)
{
	cc_buf_adds(b, " for ");
	h(b, pick[CC_FACET_PERSONA]);
	cc_buf_adds(b, " at ");
	h(b, stage);
	if (pick[CC_FACET_TOPIC]) {
		cc_buf_adds(b, " on ");
		h(b, pick[CC_FACET_TOPIC]);
	}
	if (pick[CC_FACET_FORMAT]) {
		cc_buf_adds(b, " as ");
		h(b, pick[CC_FACET_FORMAT]);
	}
}

void cc_page_buyer(struct cc_buf *out, const struct cc_config *cfg, const struct cc_sales *s,
		   const char *const pick[CC_NVOCAB_FACETS], const struct cc_sales_result *now,
		   const struct cc_sales_result *next, const char *next_stage, const struct cc_sales_result *near,
		   const char *near_stage)
{
	const char *persona = pick[CC_FACET_PERSONA], *stage = pick[CC_FACET_STAGE];
	head(out, "For a buyer", "/buyer");
	cc_buf_adds(out, "<h1>For a buyer</h1><form class=\"pick\" method=\"get\" action=\"/buyer\">");
	vocab_select(out, "persona", &cfg->personas, persona);
	vocab_select(out, "stage", &cfg->stages, stage);
	/* Every other configured dimension with a vocabulary: optional. */
	if (cfg->topics.n)
		vocab_select(out, "topic", &cfg->topics, pick[CC_FACET_TOPIC]);
	if (cfg->formats.n)
		vocab_select(out, "format", &cfg->formats, pick[CC_FACET_FORMAT]);
	cc_buf_adds(out, "<button class=\"primary\" type=\"submit\">Show</button></form>");
	if (!persona || !stage || !now) {
		cc_buf_adds(out, "<p>Pick who you are talking to and where they are in their decision (topic and "
				 "format narrow it further, when you need them).</p>");
		foot(out);
		return;
	}
	cc_buf_adds(out, "<h2>Best");
	pick_text(out, pick, stage);
	cc_buf_adds(out, "</h2>");
	if (!now->n) {
		cc_buf_adds(out, "<p class=\"notice bad\">Nothing offered");
		pick_text(out, pick, stage);
		cc_buf_adds(out, " yet: a gap the editors should hear about (they see that you asked).</p>");
		if (near && near->n) {
			cc_buf_adds(out, "<p>The nearest stage with assets for this persona is <strong>");
			h(out, near_stage);
			cc_buf_adds(out, "</strong>; its best, <em>not</em> written for ");
			h(out, stage);
			cc_buf_adds(out, ":</p>");
			result_list(out, s, near, (size_t)-1);
		}
	} else {
		result_list(out, s, now, (size_t)-1);
	}
	if (!next_stage) {
		cc_buf_adds(out, "<p>This is the last stage: nothing comes next.</p>");
	} else {
		cc_buf_adds(out, "<h2>To move them on: ");
		h(out, next_stage);
		cc_buf_adds(out, "</h2>");
		if (next && next->n)
			result_list(out, s, next, (size_t)-1);
		else
			cc_buf_adds(out, "<p class=\"notice\">Nothing offered at the next stage for this persona yet.</p>");
	}
	foot(out);
}

void cc_page_login(struct cc_buf *out, bool failed)
{
	head(out, "Sign in", NULL);
	cc_buf_adds(out, "<h1>Sign in</h1>");
	if (failed)
		cc_buf_adds(out, "<p class=\"notice bad\" role=\"alert\">That access token is not right.</p>");
	cc_buf_adds(out, "<form method=\"post\" action=\"/login\" class=\"pick\"><label>Access token"
			 "<input type=\"password\" name=\"token\" autocomplete=\"current-password\" required autofocus>"
			 "</label><button class=\"primary\" type=\"submit\">Sign in</button></form>");
	foot(out);
}

void cc_page_error(struct cc_buf *out, int status, const char *title, const char *message)
{
	head(out, title, NULL);
	cc_buf_addf(out, "<h1>%d · ", status);
	h(out, title);
	cc_buf_adds(out, "</h1><p>");
	h(out, message);
	cc_buf_adds(out, "</p><p><a href=\"/\">Back to the library</a></p>");
	foot(out);
}

static int cmp_quarter_desc(const void *a, const void *b)
{
	const struct cc_quarter *x = a, *y = b;
	return x->first < y->first ? 1 : x->first > y->first ? -1 : 0;
}

void cc_page_quarter_picker(struct cc_buf *out, const struct cc_config *cfg, const struct cc_sales *s,
			    const struct cc_quarter *shown, int64_t as_of)
{
	int fs = cfg->calendar.fiscal_year_start, ws = cfg->calendar.week_start;
	struct cc_quarter *v = NULL, cur;
	size_t n = 0, alloc = 0;
	/* Every distinct quarter; sorted, then deduplicated. */
	for (size_t i = 0; i <= s->rows.n; i++) {
		int64_t days[3] = {as_of, shown->first, CC_NO_DAY};
		if (i < s->rows.n)
			days[0] = s->rows.v[i].date, days[1] = s->rows.v[i].due;
		for (int k = 0; k < 2; k++) {
			if (days[k] == CC_NO_DAY || cc_quarter_of(&cur, days[k], fs, ws) < 0)
				continue;
			CC_GROW(v, alloc, n + 1);
			v[n++] = cur;
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_quarter_desc);
	cc_buf_adds(out, "<nav class=\"quarter-pick page\" aria-label=\"Quarter\"><form method=\"get\" action=\"/report\">"
			 "<label for=\"quarter\">Quarter</label> <select id=\"quarter\" name=\"quarter\">");
	for (size_t i = 0; i < n; i++) {
		char name[16];
		if (i && v[i].first == v[i - 1].first)
			continue;
		cc_quarter_name(&v[i], name);
		cc_buf_addf(out, "<option value=\"%s\"%s>%s%s</option>", name, v[i].first == shown->first ? " selected" : "",
			    name, as_of >= v[i].first && as_of <= v[i].last ? " (current)" : "");
	}
	cc_buf_adds(out, "</select> <button type=\"submit\">Show</button></form></nav>\n");
	free(v);
}

/*
 * render_findings.c — lint problems and gap findings as lines, GitHub
 * annotations, SARIF, JUnit and Markdown (see render.h).
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

static bool has_path(const struct cc_item *x)
{
	return x->path && *x->path;
}

void cc_render_findings_line(struct cc_buf *out, const struct cc_findings_doc *d)
{
	struct cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < d->n; i++) {
		const struct cc_item *x = &d->v[i];
		cc_buf_reset(&b);
		cc_buf_adds(&b, has_path(x) ? x->path : "(repository)");
		if (x->line > 0)
			cc_buf_addf(&b, ":%d:%d", x->line, x->col > 0 ? x->col : 1);
		cc_buf_addf(&b, ": %s: %s: %s", cc_severity_name(x->severity), x->rule, x->message);
		cc_buf_add_safe(out, b.buf, false);
		cc_buf_addch(out, '\n');
	}
	cc_buf_release(&b);
}

void cc_render_findings_github(struct cc_buf *out, const struct cc_findings_doc *d)
{
	struct cc_buf b = CC_BUF_INIT;
	for (size_t i = 0; i < d->n; i++) {
		const struct cc_item *x = &d->v[i];
		const char *level = x->severity == CC_SEV_ERROR     ? "error"
				    : x->severity == CC_SEV_WARNING ? "warning"
								    : "notice";
		cc_buf_reset(&b);
		cc_buf_addf(&b, "::%s ", level);
		if (has_path(x)) {
			cc_buf_adds(&b, "file=");
			cc_buf_add_gha(&b, x->path, true);
			if (x->line > 0)
				cc_buf_addf(&b, ",line=%d,col=%d", x->line, x->col > 0 ? x->col : 1);
			cc_buf_addch(&b, ',');
		}
		cc_buf_adds(&b, "title=");
		cc_buf_add_gha(&b, x->title ? x->title : x->rule, true);
		cc_buf_adds(&b, "::");
		cc_buf_add_gha(&b, x->message, false);
		/* Newlines are %0A by now: what is left of controls goes. */
		cc_buf_add_safe(out, b.buf, false);
		cc_buf_addch(out, '\n');
	}
	cc_buf_release(&b);
}

static const char *sarif_level(enum cc_severity s)
{
	return s == CC_SEV_ERROR ? "error" : s == CC_SEV_WARNING ? "warning" : "note";
}

static int rule_index(const struct cc_findings_doc *d, const char *rule)
{
	for (size_t i = 0; i < d->nrules; i++)
		if (!strcmp(d->rules[i].id, rule))
			return (int)i;
	return -1;
}

void cc_render_findings_sarif(struct cc_buf *out, const struct cc_findings_doc *d)
{
	json_t *rules = json_array(), *results = json_array();
	struct cc_buf b = CC_BUF_INIT;
	for (size_t k = 0; k < d->nrules; k++) {
		const struct cc_rule_info *r = &d->rules[k];
		json_t *o = json_pack("{s:s, s:s, s:{s:o}, s:{s:s}}", "id", r->id, "name", r->id, "shortDescription",
				      "text", cc_json_text(r->title), "defaultConfiguration", "level",
				      sarif_level(r->level));
		if (d->help_uri) {
			cc_buf_reset(&b);
			cc_buf_addf(&b, "%s%s", d->help_uri, r->id);
			json_object_set_new(o, "helpUri", json_string(b.buf));
		}
		json_array_append_new(rules, o);
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct cc_item *x = &d->v[i];
		cc_buf_reset(&b);
		cc_buf_addf(&b, "%s:%s", x->rule, x->subject ? x->subject : has_path(x) ? x->path : "");
		json_t *r = json_pack("{s:s, s:s, s:{s:o}, s:{s:o}}", "ruleId", x->rule, "level",
				      sarif_level(x->severity), "message", "text", cc_json_text(x->message),
				      "partialFingerprints", "contentcal/v1", cc_json_text(b.buf));
		int ri = rule_index(d, x->rule);
		if (ri >= 0)
			json_object_set_new(r, "ruleIndex", json_integer(ri));
		if (x->data)
			json_object_set(r, "properties", x->data);
		json_t *locs = json_array();
		if (has_path(x)) {
			cc_buf_reset(&b);
			cc_buf_add_uri_path(&b, x->path);
			json_array_append_new(locs, json_pack("{s:{s:{s:s, s:s}, s:{s:i, s:i}}}", "physicalLocation",
							      "artifactLocation", "uri", b.buf, "uriBaseId",
							      "%SRCROOT%", "region", "startLine",
							      x->line > 0 ? x->line : 1, "startColumn",
							      x->col > 0 ? x->col : 1));
		}
		json_object_set_new(r, "locations", locs);
		json_array_append_new(results, r);
	}
	cc_buf_reset(&b);
	cc_buf_addf(&b, "https://contentcal.dev/docs/%s", d->tool);
	json_t *doc = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:{s:{s:s}}, s:o}]}", "$schema",
				"https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool",
				"driver", "name", "contentcal", "version", d->version ? d->version : "",
				"informationUri", b.buf, "rules", rules, "originalUriBaseIds", "%SRCROOT%", "uri",
				"./", "results", results);
	cc_buf_release(&b);
	cc_render_json(out, doc);
}

static bool fails(const struct cc_findings_doc *d, const struct cc_item *x)
{
	return !d->never_fail && x->severity >= d->fail_on;
}

static void junit_suite(struct cc_buf *out, const struct cc_findings_doc *d, const char *rule, size_t n,
			size_t nfail)
{
	cc_buf_adds(out, "  <testsuite name=\"");
	cc_buf_add_xml(out, d->tool);
	cc_buf_addch(out, '.');
	cc_buf_add_xml(out, rule);
	cc_buf_addf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", n ? n : 1, nfail);
	if (!n) {
		cc_buf_adds(out, "    <testcase classname=\"");
		cc_buf_add_xml(out, d->tool);
		cc_buf_addch(out, '.');
		cc_buf_add_xml(out, rule);
		cc_buf_adds(out, "\" name=\"no ");
		cc_buf_add_xml(out, rule);
		cc_buf_adds(out, " findings\"/>\n");
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct cc_item *x = &d->v[i];
		if (strcmp(x->rule, rule))
			continue;
		cc_buf_adds(out, "    <testcase classname=\"");
		cc_buf_add_xml(out, d->tool);
		cc_buf_addch(out, '.');
		cc_buf_add_xml(out, rule);
		cc_buf_adds(out, "\" name=\"");
		cc_buf_add_xml(out, x->subject ? x->subject : has_path(x) ? x->path : rule);
		cc_buf_adds(out, "\"");
		if (has_path(x)) {
			cc_buf_adds(out, " file=\"");
			cc_buf_add_xml(out, x->path);
			cc_buf_addf(out, "\" line=\"%d\"", x->line);
		}
		cc_buf_adds(out, ">\n");
		if (fails(d, x)) {
			cc_buf_addf(out, "      <failure type=\"%s\" message=\"", cc_severity_name(x->severity));
			cc_buf_add_xml(out, x->message);
			cc_buf_adds(out, "\">");
			cc_buf_add_xml(out, x->message);
			cc_buf_adds(out, "</failure>\n");
		} else {
			cc_buf_addf(out, "      <system-out>%s: ", cc_severity_name(x->severity));
			cc_buf_add_xml(out, x->message);
			cc_buf_adds(out, "</system-out>\n");
		}
		cc_buf_adds(out, "    </testcase>\n");
	}
	cc_buf_adds(out, "  </testsuite>\n");
}

void cc_render_findings_junit(struct cc_buf *out, const struct cc_findings_doc *d)
{
	size_t total = 0, failures = 0;
	size_t *n = calloc(d->nrules + 1, sizeof(*n)), *nfail = calloc(d->nrules + 1, sizeof(*nfail));
	struct cc_strlist extra = {0}; /* rules of items that the doc does not list */
	for (size_t i = 0; i < d->n; i++) {
		int k = rule_index(d, d->v[i].rule);
		if (k < 0) {
			if (!cc_strlist_has(&extra, d->v[i].rule))
				cc_strlist_add(&extra, d->v[i].rule);
			total++;
			failures += fails(d, &d->v[i]);
			continue;
		}
		n[k]++;
		nfail[k] += fails(d, &d->v[i]);
	}
	for (size_t k = 0; k < d->nrules; k++) {
		total += n[k] ? n[k] : 1;
		failures += nfail[k];
	}
	cc_buf_addf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"contentcal ");
	cc_buf_add_xml(out, d->tool);
	cc_buf_addf(out, "\" tests=\"%zu\" failures=\"%zu\">\n", total, failures);
	for (size_t k = 0; k < d->nrules; k++)
		junit_suite(out, d, d->rules[k].id, n[k], nfail[k]);
	for (size_t e = 0; e < extra.n; e++) {
		size_t ne = 0, fe = 0;
		for (size_t i = 0; i < d->n; i++)
			if (!strcmp(d->v[i].rule, extra.v[e]))
				ne++, fe += fails(d, &d->v[i]);
		junit_suite(out, d, extra.v[e], ne, fe);
	}
	cc_buf_adds(out, "</testsuites>\n");
	cc_strlist_clear(&extra);
	free(n);
	free(nfail);
}

void cc_render_findings_markdown(struct cc_buf *out, const struct cc_findings_doc *d)
{
	if (!d->n)
		return;
	cc_buf_adds(out, "| severity | kind | subject | message |\n|---|---|---|---|\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct cc_item *x = &d->v[i];
		cc_buf_addf(out, "| %s | ", cc_severity_name(x->severity));
		cc_buf_add_md(out, x->rule);
		cc_buf_adds(out, " | ");
		cc_buf_add_md(out, x->subject ? x->subject : has_path(x) ? x->path : "");
		cc_buf_adds(out, " | ");
		cc_buf_add_md(out, x->message);
		cc_buf_adds(out, " |\n");
	}
}

void cc_render_problems(struct cc_buf *out, enum cc_format f, const struct cc_problems *list, enum cc_severity fail_on,
			const char *version)
{
	struct cc_item *items = cc_xcalloc(list->n + 1, sizeof(*items));
	for (size_t i = 0; i < list->n; i++) {
		const struct cc_problem *p = &list->v[i];
		items[i] = (struct cc_item){p->rule, p->severity, NULL, NULL, p->path, p->line, p->col, p->message, NULL};
	}
	struct cc_findings_doc doc = {"lint", NULL, version, items, list->n, NULL, 0, fail_on, false};
	if (f == CC_FMT_JSON) {
		json_t *arr = json_array();
		for (size_t i = 0; i < list->n; i++) {
			const struct cc_problem *p = &list->v[i];
			json_array_append_new(arr, json_pack("{s:o, s:i, s:i, s:s, s:o, s:o}", "path", cc_json_text(p->path),
							     "line", p->line, "col", p->col, "severity",
							     cc_severity_name(p->severity), "rule", cc_json_text(p->rule),
							     "message", cc_json_text(p->message)));
		}
		cc_render_json(out, arr);
	} else if (f == CC_FMT_GITHUB) {
		cc_render_findings_github(out, &doc);
	} else if (f == CC_FMT_SARIF) {
		cc_render_findings_sarif(out, &doc);
	} else if (f == CC_FMT_JUNIT) {
		cc_render_findings_junit(out, &doc);
	} else {
		cc_render_findings_line(out, &doc);
	}
	free(items);
}

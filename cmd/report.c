/*
 * report.c — `contentcal report`: the quarter on one page, for a planning
 * meeting (HTML) or a wiki or pull request (Markdown).
 *
 * The HTML page is templates/report/report.html (found like `new`'s
 * templates, see templates.h) with {{placeholders}} filled with fragments
 * built here; every value from content goes through html() (control
 * characters dropped, & < > " ' escaped). The page makes no network
 * request: its CSS and script are inline and allowed by SHA-256 hashes in a
 * Content-Security-Policy that otherwise forbids everything (default-src
 * 'none'), so an injected script or style could not run either.
 *
 * Sections: the persona x stage heatmap (cc_coverage_from_rows), the
 * quarter's weeks (cc_calendar_entries), the gaps (cc_gaps_from_rows), and
 * the top and bottom published assets by relevance per stage
 * (cc_relevance_compute). docs/report.md describes them.
 *
 * A file is written atomically: a temporary file in the target's directory
 * (mkstemp: O_CREAT|O_EXCL, never through a link), then rename(2). A target
 * that is a symbolic link is refused; rename would replace the link, not
 * write through it, even if one appeared after the check.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "calopts.h"
#include "cmd.h"
#include "render.h"
#include "report.h"
#include "templates.h"

const char cmd_report_usage[] =
	"usage: contentcal report [--quarter Q] [--as-of DATE] [--format html|markdown]\n"
	"                         [-o FILE]\n"
	"\n"
	"Writes the quarter's report: the persona x stage coverage heatmap, the\n"
	"calendar week by week (published, scheduled, planned, overdue; empty weeks\n"
	"marked), the gaps with their severity, the plan's briefs for them and the\n"
	"workload by owner, and the top and bottom published assets by relevance in\n"
	"each stage (docs/report.md).\n"
	"\n"
	"html is one self-contained page (inline CSS and script, no network\n"
	"requests) with a filter box, from templates/report/report.html (next to\n"
	"contentcal.yml, else $CONTENTCAL_TEMPLATES or the built-in set); markdown\n"
	"is the same report as GitHub-flavoured Markdown tables.\n"
	"\n"
	"  --quarter Q     FY2026Q4, current (default), next or previous\n"
	"  --as-of DATE    the day to report as of (default: today), for reproducible runs\n"
	"  --format F      html (default) or markdown\n"
	"  -o FILE, --output FILE\n"
	"                  where to write (relative to -C DIR); - is standard output.\n"
	"                  Default: contentcal-report.html for html, standard output for\n"
	"                  markdown. The file is replaced atomically; a symbolic link is\n"
	"                  never written through (exit 2)\n"
	"\n"
	"Exit status: 0 written (gaps are shown, not failed on: see 'contentcal gaps'),\n"
	"2 usage, config or runtime error.\n";


/* The HTML page from the report template (found like `new`'s templates). */
static int render_html(struct cc_buf *out, const struct cc_report *r, struct cc_env *env)
{
	struct cc_tdirs t;
	struct cc_buf tmpl = CC_BUF_INIT;
	char *where = NULL;
	int ret;

	cc_template_dirs(env->ctx, "report", &t);
	ret = cc_template_read(&t, "report.html", &tmpl, &where);
	cc_tdirs_release(&t);
	if (ret == 1)
		ret = cc_fail("no report template: no templates/report/report.html next to the config and no "
			     "built-in set (set CONTENTCAL_TEMPLATES)");
	if (!ret && cc_render_report_html(out, r, tmpl.buf, where, CONTENTCAL_VERSION) < 0)
		ret = cc_fail_lib();
	cc_buf_release(&tmpl);
	free(where);
	return ret;
}

/* ---- output ---- */

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes data to path (shown as display) atomically; never through a symbolic link. */
static int write_file(const char *path, const char *display, const char *data, size_t len)
{
	struct stat st;
	struct cc_buf tmp = CC_BUF_INIT;
	int fd = -1, ret = CC_EXIT_ERROR;

	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return cc_fail("'%s' is a symbolic link; not writing the report through it", display);
		if (!S_ISREG(st.st_mode))
			return cc_fail("'%s' exists and is not a regular file", display);
	} else if (errno != ENOENT) {
		return cc_fail("cannot write '%s': %s", display, strerror(errno));
	}
	const char *slash = strrchr(path, '/');
	if (slash)
		cc_buf_add(&tmp, path, (size_t)(slash - path) + 1);
	cc_buf_adds(&tmp, ".contentcal-report.XXXXXX");
	if ((fd = mkostemp(tmp.buf, O_CLOEXEC)) < 0) {
		cc_fail("cannot write '%s': %s", display, strerror(errno));
		goto cleanup;
	}
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		cc_fail("cannot write '%s': %s", display, strerror(errno));
		goto cleanup;
	}
	if (close(fd) < 0) {
		fd = -1;
		cc_fail("cannot write '%s': %s", display, strerror(errno));
		goto cleanup;
	}
	fd = -1;
	if (rename(tmp.buf, path) < 0) {
		cc_fail("cannot write '%s': %s", display, strerror(errno));
		goto cleanup;
	}
	cc_buf_reset(&tmp);
	ret = 0;
cleanup:
	if (fd >= 0)
		close(fd);
	if (tmp.len)
		unlink(tmp.buf);
	cc_buf_release(&tmp);
	return ret;
}

int cmd_report(int argc, char **argv, struct cc_env *env)
{
	static const struct option opts[] = {
		{"quarter", required_argument, NULL, 'q'},
		{"as-of", required_argument, NULL, 'a'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	static const enum cc_format formats[] = {CC_FMT_HTML, CC_FMT_MARKDOWN, CC_FMT_COUNT};
	struct cc_report r = {0};
	struct cc_calopts co = {0};
	struct cc_buf out = CC_BUF_INIT, path = CC_BUF_INIT;
	char *config_path = NULL;
	const char *output = NULL;
	enum cc_format format = CC_FMT_HTML;
	int c, ret = CC_EXIT_ERROR;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			co.quarter_arg = optarg;
			break;
		case 'a':
			co.as_of_arg = optarg;
			break;
		case 'f':
			if (cc_parse_format(env, optarg, formats, &format))
				goto cleanup;
			break;
		case 'o':
			if (!*optarg) {
				cc_usage_error(env, "-o takes a file name (or - for standard output)");
				goto cleanup;
			}
			output = optarg;
			break;
		default:
			cc_usage_error(env, "unknown option");
			goto cleanup;
		}
	}
	if (cc_no_operands(env, argc, argv))
		goto cleanup;
	if (!output)
		output = format == CC_FMT_HTML ? "contentcal-report.html" : "-";
	if (cc_calopts_resolve(&co, env) || cc_engagement_open(env))
		goto cleanup;
	if (env->ctx->has_config && env->ctx->cfg.path)
		config_path = cc_ctx_repo_path(env->ctx, env->ctx->cfg.path);
	if (cc_report_build(&r, env->ctx->db, &env->ctx->cfg, &co.quarter, co.as_of, config_path) < 0) {
		cc_fail_lib();
		goto cleanup;
	}
	if (format == CC_FMT_HTML) {
		if (render_html(&out, &r, env))
			goto cleanup;
	} else {
		cc_render_report_markdown(&out, &r);
	}
	if (!strcmp(output, "-")) {
		fwrite(out.buf, 1, out.len, stdout);
	} else {
		if (output[0] != '/')
			cc_buf_addf(&path, "%s/", env->ctx->start_dir);
		cc_buf_adds(&path, output);
		if (write_file(path.buf, output, out.buf, out.len))
			goto cleanup;
		struct cc_buf msg = CC_BUF_INIT;
		cc_buf_addf(&msg, "report written to %s (", output);
		cc_report_summary(&msg, &r);
		cc_buf_addch(&msg, ')');
		cc_put_safe(stderr, msg.buf);
		fputc('\n', stderr);
		cc_buf_release(&msg);
	}
	ret = CC_EXIT_OK;
cleanup:
	free(config_path);
	cc_report_release(&r);
	cc_buf_release(&out);
	cc_buf_release(&path);
	return ret;
}

/*
 * preset.c — canonical metrics, analytics export presets and cell forms
 * (see preset.h). The vendors' layouts are described in docs/relevance.md.
 */
#include "preset.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Default weights: a view is the unit; a visitor or session about a view;
 * a search click (a choice made on a results page) two; an impression a
 * twentieth; a minute of engaged time about a view; downloads and
 * conversions as before (5, 25).
 */
const struct cc_metric cc_metrics[] = {
	{"views", CC_METRIC_COUNT, 1, "page views"},
	{"visitors", CC_METRIC_COUNT, 1, "unique visitors (users)"},
	{"sessions", CC_METRIC_COUNT, 1, "sessions (visits)"},
	{"engaged-sessions", CC_METRIC_COUNT, 1, "sessions that engaged"},
	{"entrances", CC_METRIC_COUNT, 0.5, "sessions that started on the page"},
	{"clicks", CC_METRIC_COUNT, 2, "clicks from search results"},
	{"impressions", CC_METRIC_COUNT, 0.05, "appearances in search results"},
	{"engaged-seconds", CC_METRIC_COUNT, 1.0 / 60, "total engaged time, in seconds"},
	{"downloads", CC_METRIC_COUNT, 5, "file downloads"},
	{"conversions", CC_METRIC_COUNT, 25, "conversions, key events, form submissions"},
	{"ctr", CC_METRIC_GAUGE, 0, "click-through rate (a fraction)"},
	{"position", CC_METRIC_GAUGE, 0, "average search position"},
	{"bounce-rate", CC_METRIC_GAUGE, 0, "bounce rate (a fraction)"},
	{"engagement-rate", CC_METRIC_GAUGE, 0, "engagement rate (a fraction)"},
	{"exit-rate", CC_METRIC_GAUGE, 0, "exit rate (a fraction)"},
	{"scroll-depth", CC_METRIC_GAUGE, 0, "average scroll depth (a fraction)"},
	{"avg-engagement-seconds", CC_METRIC_GAUGE, 0, "average engagement time, in seconds"},
	{"time-on-page", CC_METRIC_GAUGE, 0, "average time on page, in seconds"},
	{"visit-duration", CC_METRIC_GAUGE, 0, "average visit duration, in seconds"},
	{"views-per-visitor", CC_METRIC_GAUGE, 0, "views per visitor"},
	{"views-per-visit", CC_METRIC_GAUGE, 0, "views per visit"},
	{NULL, CC_METRIC_COUNT, 0, NULL},
};

const struct cc_metric *cc_metric_find(const char *name)
{
	for (const struct cc_metric *m = cc_metrics; m->name; m++)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

bool cc_metric_is_gauge(const char *name)
{
	const struct cc_metric *m = cc_metric_find(name);
	return m && m->kind == CC_METRIC_GAUGE;
}

/* ---- the presets ---- */

#define N CC_CELL_NUMBER
#define P CC_CELL_PERCENT
#define D CC_CELL_DURATION
#define T CC_CELL_TEXT

static const char *const ga4_pages[] = {"Page path and screen class", "Page path", "Landing page",
					"Page location", "Page path + query string", NULL};
static const char *const ga4_needs[] = {
	"Page path and screen class|Page path|Landing page|Page location|Page path + query string",
	NULL};
static const char *const date_col[] = {"Date", NULL};
/* GA4 writes rates as fractions (0.4523); a trailing % is read as a percentage. */
static const struct cc_preset_col ga4_cols[] = {
	{"Views", "views", N},
	{"Active users|Users|Total users", "visitors", N},
	{"Sessions", "sessions", N},
	{"Engaged sessions", "engaged-sessions", N},
	{"Entrances", "entrances", N},
	{"Key events|Conversions", "conversions", N},
	{"User engagement", "engaged-seconds", D},
	{"Average engagement time|Average engagement time per active user|"
	 "Average engagement time per user", "avg-engagement-seconds", D},
	{"Bounce rate", "bounce-rate", N},
	{"Engagement rate", "engagement-rate", N},
	{"Views per active user|Views per user", "views-per-visitor", N},
	{"Views per session", "views-per-visit", N},
	/* Event count includes every page_view: counting it would count views twice. */
	{"Event count|New users|Exits|Total revenue|Average engagement time per session|"
	 "Sessions per active user|Sessions per user|Event count per active user",
	 NULL, N},
	{"Page title|Page title and screen class|Page title and screen name|Hostname|"
	 "Content group|Page referrer|Screen class", NULL, T},
	{NULL, NULL, N},
};

static const char *const bq_needs[] = {"event_date", "event_name", "page_location", NULL};
static const char *const bq_page[] = {"page_location", NULL};
static const char *const bq_date[] = {"event_date", NULL};
static const struct cc_preset_col no_cols[] = {{NULL, NULL, N}};

static const char *const pl_pages_needs[] = {"name", "visitors", "pageviews", NULL};
static const char *const pl_pages_asset[] = {"name", NULL};
/* Plausible writes rates as whole percentages (45) and times in seconds. */
static const struct cc_preset_col pl_pages_cols[] = {
	{"visitors", "visitors", N},
	{"pageviews", "views", N},
	{"visits", "sessions", N},
	{"bounce_rate", "bounce-rate", P},
	{"time_on_page", "time-on-page", D},
	{"scroll_depth", "scroll-depth", P},
	{"conversion_rate|exit_rate", NULL, N},
	{NULL, NULL, N},
};

static const char *const pl_visitors_needs[] = {"date", "visitors", "pageviews", "visit_duration",
						NULL};
static const char *const pl_date[] = {"date", NULL};
static const struct cc_preset_col pl_visitors_cols[] = {
	{"visitors", "visitors", N},
	{"pageviews", "views", N},
	{"visits", "sessions", N},
	{"views_per_visit", "views-per-visit", N},
	{"bounce_rate", "bounce-rate", P},
	{"visit_duration", "visit-duration", D},
	{NULL, NULL, N},
};

static const char *const gsc_pages_needs[] = {"Top pages", "Clicks", "Impressions", NULL};
static const char *const gsc_pages_asset[] = {"Top pages", NULL};
static const char *const gsc_dates_needs[] = {"Date", "Clicks", "Impressions", "Position", NULL};
/* Search Console writes CTR as "2.4%" and position as a plain average. */
static const struct cc_preset_col gsc_cols[] = {
	{"Clicks", "clicks", N},
	{"Impressions", "impressions", N},
	{"CTR", "ctr", P},
	{"Position", "position", N},
	{NULL, NULL, N},
};

static const char *const matomo_needs[] = {"label", "nb_hits|nb_visits", NULL};
static const char *const matomo_asset[] = {"url", "label", NULL};
static const struct cc_preset_col matomo_cols[] = {
	{"nb_hits", "views", N},
	{"nb_visits", "sessions", N},
	{"nb_uniq_visitors", "visitors", N},
	{"sum_time_spent", "engaged-seconds", D},
	{"entry_nb_visits", "entrances", N},
	{"nb_conversions", "conversions", N},
	{"avg_time_on_page", "time-on-page", D},
	{"bounce_rate", "bounce-rate", P},
	{"exit_rate", "exit-rate", P},
	{"nb_hits_with_time_generation|min_time_generation|max_time_generation|"
	 "avg_time_generation|entry_nb_uniq_visitors|entry_nb_actions|entry_sum_visit_length|"
	 "entry_bounce_count|exit_nb_uniq_visitors|exit_nb_visits|nb_hits_following_search|"
	 "nb_hits_previous_search|sum_bandwidth|nb_hits_with_bandwidth|min_bandwidth|"
	 "max_bandwidth|avg_bandwidth|avg_page_load_time|avg_time_dom_processing|"
	 "avg_time_network|avg_time_server|avg_time_transfer|avg_time_dom_completion|"
	 "avg_time_on_load|nb_users|sum_daily_nb_uniq_visitors|sum_daily_entry_nb_uniq_visitors|"
	 "sum_daily_exit_nb_uniq_visitors|entry_nb_users|exit_nb_users", NULL, N},
	{"segment|idsubdatatable|Metadata|logo|logoHeight", NULL, T},
	{NULL, NULL, N},
};

static const char *const hubspot_needs[] = {"Page URL|URL", "Page views|Views|Pageviews",
					    "Entrances", NULL};
static const char *const hubspot_asset[] = {"Page URL", "URL", NULL};
/* HubSpot writes rates as "45.2%" and time per page view in seconds or h:mm:ss. */
static const struct cc_preset_col hubspot_cols[] = {
	{"Page views|Views|Pageviews", "views", N},
	{"Entrances", "entrances", N},
	{"Submissions", "conversions", N},
	{"Bounce rate", "bounce-rate", P},
	{"Exit rate|Exits per page view", "exit-rate", P},
	{"Time per page view|Avg. time per page view|Average time on page|Time per pageview",
	 "time-on-page", D},
	{"Exits|CTA views|CTA clicks|CTA rate|New contacts|Contacts|Submissions per page view|"
	 "Customers", NULL, N},
	{"Page title|Title|Name|Page name|Domain|Content type", NULL, T},
	{NULL, NULL, N},
};

const struct cc_preset cc_presets[] = {
	{"ga4-bigquery", "GA4 BigQuery events export", bq_needs, bq_page, bq_date, no_cols, true,
	 false, false, "columns event_date, event_name and page_location"},
	{"ga4", "GA4 report export", ga4_needs, ga4_pages, date_col, ga4_cols, false, true, false,
	 "a column 'Page path and screen class', 'Page path', 'Landing page' or 'Page location'"},
	{"search-console-pages", "Search Console Pages.csv", gsc_pages_needs, gsc_pages_asset, NULL,
	 gsc_cols, false, true, false, "columns 'Top pages', 'Clicks' and 'Impressions'"},
	{"search-console-dates", "Search Console Dates.csv", gsc_dates_needs, NULL, date_col,
	 gsc_cols, false, true, false, "columns 'Date', 'Clicks', 'Impressions' and 'Position'"},
	{"plausible-pages", "Plausible pages.csv", pl_pages_needs, pl_pages_asset, pl_date,
	 pl_pages_cols, false, true, false, "columns name, visitors and pageviews"},
	{"plausible-visitors", "Plausible visitors.csv", pl_visitors_needs, NULL, pl_date,
	 pl_visitors_cols, false, true, false,
	 "columns date, visitors, pageviews and visit_duration"},
	{"matomo", "Matomo page URLs export", matomo_needs, matomo_asset, pl_date, matomo_cols,
	 false, true, true, "columns label and nb_hits or nb_visits"},
	{"hubspot", "HubSpot page analytics export", hubspot_needs, hubspot_asset, date_col,
	 hubspot_cols, false, true, false,
	 "columns 'Page URL' (or 'URL'), 'Page views' and 'Entrances'"},
	{NULL, NULL, NULL, NULL, NULL, NULL, false, false, false, NULL},
};

#undef N
#undef P
#undef D
#undef T

bool cc_header_is(const char *header, const char *alts)
{
	size_t hn = strlen(header);
	while (*alts) {
		size_t n = strcspn(alts, "|");
		if (n == hn && !strncasecmp(alts, header, n))
			return true;
		alts += n + (alts[n] == '|');
	}
	return false;
}

const struct cc_preset *cc_preset_find(const char *name)
{
	for (const struct cc_preset *p = cc_presets; p->name; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

static bool has_header(char *const *names, size_t n, const char *alts)
{
	for (size_t i = 0; i < n; i++)
		if (cc_header_is(names[i], alts))
			return true;
	return false;
}

const struct cc_preset *cc_preset_detect(char *const *names, size_t n, bool has_asset_col)
{
	for (const struct cc_preset *p = cc_presets; p->name; p++) {
		bool all = true;
		for (size_t k = 0; p->needs[k] && all; k++)
			all = has_header(names, n, p->needs[k]);
		if (all && !p->asset_cols && has_asset_col)
			all = false;
		if (all)
			return p;
	}
	return NULL;
}

const struct cc_preset_col *cc_preset_col(const struct cc_preset *p, const char *header)
{
	for (const struct cc_preset_col *c = p->cols; c->header; c++)
		if (cc_header_is(header, c->header))
			return c;
	return NULL;
}

/* ---- cells ---- */

/* "1:05" or "01:02:03[.5]": seconds, or -1. */
static double parse_clock(const char *s, size_t n)
{
	double parts[3];
	int k = 0;
	size_t i = 0;
	while (i < n) {
		if (k == 3)
			return -1;
		size_t st = i;
		double v = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			v = v * 10 + (s[i++] - '0');
		if (i == st || i - st > 9)
			return -1;
		if (i < n && s[i] == '.') {
			/* fractional seconds, last part only */
			double scale = 0.1;
			i++;
			size_t fs = i;
			while (i < n && s[i] >= '0' && s[i] <= '9')
				v += (s[i++] - '0') * scale, scale /= 10;
			if (i == fs || i != n)
				return -1;
		}
		parts[k++] = v;
		if (i < n) {
			if (s[i] != ':')
				return -1;
			i++;
			if (i == n)
				return -1;
		}
	}
	if (k < 2)
		return -1;
	for (int j = 1; j < k; j++)
		if (parts[j] >= 60)
			return -1;
	return k == 2 ? parts[0] * 60 + parts[1] : parts[0] * 3600 + parts[1] * 60 + parts[2];
}

int cc_cell_parse(const char *s, enum cc_cell_form form, double *out, const char **why)
{
	char tmp[64];
	size_t n, k = 0;
	bool percent = false;
	double d;
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n) {
		*why = "empty";
		return -1;
	}
	if (form == CC_CELL_DURATION && memchr(s, ':', n)) {
		d = parse_clock(s, n);
		if (d < 0) {
			*why = "not a duration (h:mm:ss)";
			return -1;
		}
		goto range;
	}
	if (s[n - 1] == '%') {
		percent = true;
		n--;
		while (n && s[n - 1] == ' ')
			n--;
	}
	if (!n || n >= sizeof(tmp)) {
		*why = "not a number";
		return -1;
	}
	/* Thousands separators: "1,834,200.5" — groups of three digits before the point. */
	{
		size_t int_end = strcspn(s, ".eE");
		if (int_end > n)
			int_end = n;
		size_t group = 0;
		bool seen_comma = false;
		for (size_t i = 0; i < n; i++) {
			char c = s[i];
			if (c == ',' && i < int_end) {
				if (!group || (seen_comma && group != 3) || (!seen_comma && group > 3)) {
					*why = "not a number";
					return -1;
				}
				seen_comma = true;
				group = 0;
				continue;
			}
			if (i < int_end && c >= '0' && c <= '9')
				group++;
			/* strtod takes "0x10", "nan", "inf": only plain decimal notation is data. */
			if ((c | 32) == 'x' || (c | 32) == 'n' || (c | 32) == 'i' || c == ',') {
				*why = "not a number";
				return -1;
			}
			tmp[k++] = c;
		}
		if (seen_comma && group != 3) {
			*why = "not a number";
			return -1;
		}
		tmp[k] = '\0';
	}
	errno = 0;
	d = strtod(tmp, &end);
	if (end == tmp || *end || errno == ERANGE || !isfinite(d)) {
		*why = "not a number";
		return -1;
	}
	if (percent || form == CC_CELL_PERCENT)
		d /= 100;
range:
	if (d < 0) {
		*why = "negative";
		return -1;
	}
	if (d > CC_MAX_VALUE) {
		*why = "too large";
		return -1;
	}
	*out = d;
	return 0;
}
